/**
 * What the tray says: a tooltip and a title with the counts of overdue and escalated issues,
 * and a menu naming the most urgent ones, each with Open, Acknowledge and Snooze 1 hour.
 * Pure: the summary and the actions in, the texts and the menu template out.
 */
import type {
  EscalationSummary,
  UrgentIssue,
} from '../../../shared/core/escalation/escalation-model';
import type { MenuItemTemplate } from '../electron-api';

export const APP_NAME = 'AutoEscalate';

export interface TrayActions {
  openIssue(issueId: string): void;
  acknowledge(issueId: string): void;
  snooze(issueId: string): void;
  showApp(): void;
  quit(): void;
}

function plural(count: number, word: string): string {
  return `${count} ${word}`;
}

/** "2 overdue, 3 escalated"; "Nothing overdue or escalated" when both are 0. */
export function countsLine(summary: Pick<EscalationSummary, 'overdue' | 'escalated'>): string {
  if (summary.overdue === 0 && summary.escalated === 0) return 'Nothing overdue or escalated';
  return `${plural(summary.overdue, 'overdue')}, ${plural(summary.escalated, 'escalated')}`;
}

export function trayToolTip(summary: EscalationSummary): string {
  return `${APP_NAME}: ${countsLine(summary)}`;
}

/** Beside the icon in the macOS menu bar: the overdue count, or nothing. */
export function trayTitle(summary: EscalationSummary): string {
  return summary.overdue > 0 ? String(summary.overdue) : '';
}

const LABEL_MAX = 60;

function shorten(text: string): string {
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1)}…`;
}

/** Clock time for menu labels ("14:05"); labels do not go stale the way "25 min ago" would. */
export type TimeFormat = (at: number) => string;

export const localTime: TimeFormat = (at) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at);

/** "Overdue since 14:05: Press 2 leaking (snoozed until 15:00)". */
export function urgentLabel(issue: UrgentIssue, now: number, time: TimeFormat): string {
  let state: string;
  if (issue.overdue) {
    state = issue.breachAt !== null ? `Overdue since ${time(issue.breachAt)}` : 'Overdue';
  } else {
    state = issue.breachAt !== null ? `Escalated, due ${time(issue.breachAt)}` : 'Escalated';
  }
  const snoozed =
    issue.snoozedUntil !== null && issue.snoozedUntil > now
      ? ` (snoozed until ${time(issue.snoozedUntil)})`
      : '';
  return `${state}: ${shorten(issue.title)}${snoozed}`;
}

export function trayMenu(
  summary: EscalationSummary,
  now: number,
  actions: TrayActions,
  time: TimeFormat = localTime,
): MenuItemTemplate[] {
  const items: MenuItemTemplate[] = [{ label: countsLine(summary), enabled: false }];
  if (summary.urgent.length > 0) {
    items.push({ type: 'separator' });
    for (const issue of summary.urgent) {
      items.push({
        label: urgentLabel(issue, now, time),
        type: 'submenu',
        submenu: [
          { label: 'Open', click: () => actions.openIssue(issue.issueId) },
          { label: 'Acknowledge', click: () => actions.acknowledge(issue.issueId) },
          { label: 'Snooze 1 hour', click: () => actions.snooze(issue.issueId) },
        ],
      });
    }
    const more = summary.attention - summary.urgent.length;
    if (more > 0) {
      items.push({ label: `${more} more in the app…`, click: () => actions.showApp() });
    }
  }
  items.push(
    { type: 'separator' },
    { label: `Show ${APP_NAME}`, click: () => actions.showApp() },
    { label: `Quit ${APP_NAME}`, click: () => actions.quit() },
  );
  return items;
}
