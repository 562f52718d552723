/**
 * What an SLA badge says: the time left before the issue's headline rule breaches, or how long
 * it has been overdue, or that its clock is paused, met or missed. Pure: the SLA and the time
 * in, the words and a tone out.
 */
import { formatDelay } from '../../../shared/core/escalation/alerts';
import type { IssueSla } from '../../../shared/core/escalation/issue-sla';

export type SlaTone = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';

export interface SlaBadgeView {
  /** A few words for the badge: "2 h 5 min left", "Overdue 25 min". */
  label: string;
  tone: SlaTone;
  /** A sentence for the tooltip and screen readers. */
  description: string;
}

export type TimeFormat = (at: number) => string;

// Created once: a formatter is costly to build, and every badge on the board formats a time.
const weekdayAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

export const localDateTime: TimeFormat = (at) => weekdayAndTime.format(at);

const MIN = 60_000;
/** Within this much (or the last fifth of the time allowed), a running clock turns amber. */
const WARNING_MS = 15 * MIN;

export function slaBadge(
  sla: IssueSla | null,
  now: number,
  time: TimeFormat = localDateTime,
): SlaBadgeView | null {
  if (sla === null) return null;
  const view = sla.sla;
  const rule = sla.ruleName;
  const snoozed =
    sla.snoozedUntil !== null && sla.snoozedUntil > now
      ? ` Escalations are snoozed until ${time(sla.snoozedUntil)}.`
      : '';
  switch (view.state) {
    case 'running': {
      if (view.breachAt === null) {
        return {
          label: 'SLA running',
          tone: 'ok',
          description: `${rule}: the clock is running.${snoozed}`,
        };
      }
      if (view.breachAt <= now) {
        return {
          label: `Overdue ${formatDelay(now - view.breachAt)}`,
          tone: 'breached',
          description: `${rule}: breached at ${time(view.breachAt)}.${snoozed}`,
        };
      }
      const left = view.breachAt - now;
      const allowed = view.startedAt === null ? Infinity : view.breachAt - view.startedAt;
      const warning = left <= WARNING_MS || left <= allowed / 5;
      return {
        label: `${formatDelay(left)} left`,
        tone: warning ? 'warning' : 'ok',
        description: `${rule}: breaches at ${time(view.breachAt)} unless the issue moves on.${snoozed}`,
      };
    }
    case 'paused': {
      if (view.breached) {
        return {
          label: 'Overdue, paused',
          tone: 'breached',
          description: `${rule}: breached; the clock is paused in this status.${snoozed}`,
        };
      }
      const left = view.remainingToBreachMinutes;
      return {
        label: left === null ? 'SLA paused' : `Paused, ${formatDelay(left * MIN)} left`,
        tone: 'paused',
        description: `${rule}: the clock is paused in this status.${snoozed}`,
      };
    }
    case 'stopped':
      return view.breached
        ? { label: 'SLA missed', tone: 'missed', description: `${rule}: the target was missed.` }
        : { label: 'SLA met', tone: 'met', description: `${rule}: met in time.` };
    default:
      return null;
  }
}
