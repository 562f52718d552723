/** How issue values read on screen: colours of priority and status, ages, dates and names. */
import type { IssueType, Priority, Severity, StatusCategory } from '../../shared/domain';
import { priorityRank } from '../../shared/domain';

export type ChipColor = 'default' | 'primary' | 'info' | 'success' | 'warning' | 'error';

export function priorityColor(priority: Priority): ChipColor {
  const rank = priorityRank(priority);
  if (rank >= priorityRank('Critical')) return 'error';
  if (rank >= priorityRank('High')) return 'warning';
  if (rank >= priorityRank('Medium')) return 'info';
  return 'default';
}

export function statusColor(category: StatusCategory | undefined): ChipColor {
  switch (category) {
    case 'in-progress':
      return 'info';
    case 'done':
      return 'success';
    case 'todo':
    case undefined:
      return 'default';
  }
}

const TYPE_NAMES: Record<IssueType, string> = {
  breakdown: 'Breakdown',
  safety: 'Safety',
  quality: 'Quality',
  maintenance: 'Maintenance',
  other: 'Other',
};

export function typeName(type: IssueType): string {
  return TYPE_NAMES[type];
}

const SEVERITY_NAMES: Record<Severity, string> = {
  1: 'Minor',
  2: 'Moderate',
  3: 'Serious',
  4: 'Major',
  5: 'Critical',
};

/** "S4 · Major": severities run from 1 (minor) to 5 (the most severe). */
export function severityName(severity: Severity): string {
  return SEVERITY_NAMES[severity];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, compactly: "just now", "12 min", "5 h", "3 d", "7 w". */
export function formatAge(since: number, now: number): string {
  const age = Math.max(0, now - since);
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h`;
  if (age < 14 * DAY) return `${Math.floor(age / DAY)} d`;
  return `${Math.floor(age / (7 * DAY))} w`;
}

/** The same age for screen readers: "reported 5 hours ago". */
export function describeAge(since: number, now: number): string {
  const age = Math.max(0, now - since);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return plural(Math.floor(age / MINUTE), 'minute');
  if (age < DAY) return plural(Math.floor(age / HOUR), 'hour');
  if (age < 14 * DAY) return plural(Math.floor(age / DAY), 'day');
  return plural(Math.floor(age / (7 * DAY)), 'week');
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(time: number): string {
  return dateTime.format(time);
}

const count = new Intl.NumberFormat();
/** Counts already formatted: formatting is slow enough to show on every board move. */
const counts = new Map<number, string>();

export function formatCount(n: number): string {
  let text = counts.get(n);
  if (text === undefined) {
    if (counts.size >= 2_000) counts.clear();
    text = count.format(n);
    counts.set(n, text);
  }
  return text;
}
