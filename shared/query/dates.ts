/**
 * Date values of the query language and the instants they stand for. A calendar date is a
 * whole day in the context's time zone, a date with a time a whole minute (or second);
 * relative dates and now() are instants.
 */
import type { QueryValue, RelativeUnit } from './ast';
import { instantOfWallTime, isKnownTimeZone, wallTime } from '../util/time-zone';
import { QueryError } from './errors';

export type DateValue = Extract<QueryValue, { kind: 'date' | 'relative-date' | 'now' }>;
export type CalendarDate = Omit<Extract<QueryValue, { kind: 'date' }>, 'kind' | 'span'>;

const MINUTE = 60_000;
const UNIT_MS: Record<RelativeUnit, number> = {
  m: MINUTE,
  h: 60 * MINUTE,
  d: 24 * 60 * MINUTE,
  w: 7 * 24 * 60 * MINUTE,
};

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * Reads `2026-11-01`, `2026-11-01 08:00`, `2026-11-01T08:00:30`. Returns undefined when
 * the text does not look like a date, and throws when it does but names no real date.
 */
export function parseCalendarDate(
  text: string,
  start: number,
  end: number,
): CalendarDate | undefined {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const invalid = () =>
    new QueryError('invalid-date', `Invalid date '${text}': no such day or time`, start, end);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid();
  if (match[4] === undefined) return { year, month, day };
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  if (hour > 23 || minute > 59) throw invalid();
  if (match[6] === undefined) return { year, month, day, time: { hour, minute } };
  const second = Number(match[6]);
  if (second > 59) throw invalid();
  return { year, month, day, time: { hour, minute, second } };
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** The bare form the printer writes: `2026-11-01` or `2026-11-01T08:00`. */
export function formatCalendarDate(date: CalendarDate): string {
  const day = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
  if (!date.time) return day;
  const time = `${pad(date.time.hour)}:${pad(date.time.minute)}`;
  return date.time.second === undefined
    ? `${day}T${time}`
    : `${day}T${time}:${pad(date.time.second)}`;
}

export function formatRelativeDate(amount: number, unit: RelativeUnit): string {
  return `${amount < 0 ? '-' : '+'}${Math.abs(amount)}${unit}`;
}

/** Throws a QueryError unless `timeZone` is an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  if (!isKnownTimeZone(timeZone)) {
    throw new QueryError('invalid-context', `Unknown time zone '${timeZone}'`, 0, 0);
  }
}

/**
 * The instant at which the wall clock in `timeZone` shows the given time. In a gap (clocks
 * jump forward) the time shifted by the gap, as a person means it; in an overlap, the earlier
 * of the two instants.
 */
export function zonedTimeToEpoch(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wall = wallTime(year, month, day, hour, minute, second);
  return timeZone === 'UTC' ? wall : instantOfWallTime(timeZone, wall, 'shift');
}

/** An instant, or a half-open interval [start, end) of time a date value stands for. */
export type TimeSpan =
  { instant: true; at: number } | { instant: false; start: number; end: number };

export interface DateContext {
  now: number;
  timeZone: string;
}

export function resolveDate(value: DateValue, context: DateContext): TimeSpan {
  switch (value.kind) {
    case 'now':
      return { instant: true, at: context.now };
    case 'relative-date':
      return { instant: true, at: context.now + value.amount * UNIT_MS[value.unit] };
    case 'date': {
      const { year, month, day, time } = value;
      const zone = context.timeZone;
      if (!time) {
        return {
          instant: false,
          start: zonedTimeToEpoch(zone, year, month, day),
          end: zonedTimeToEpoch(zone, year, month, day + 1),
        };
      }
      const start = zonedTimeToEpoch(zone, year, month, day, time.hour, time.minute, time.second);
      return { instant: false, start, end: start + (time.second === undefined ? MINUTE : 1000) };
    }
  }
}
