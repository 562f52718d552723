/**
 * Snoozes. A snooze defers every escalation of one issue until a given instant (nothing is
 * skipped: what comes due meanwhile fires when it ends). It is stored as an entry of the
 * issue's history, not in a collection of its own: an `issue_events` document of kind
 * `escalated` with the note `snooze` and one change of the field `snoozedUntil`. The history
 * is append-only and already synchronised, so a snooze made offline reaches the team, never
 * conflicts, and says who snoozed and when. The snooze in force is the latest such entry
 * (by time, then id), the same on every device.
 */
import { SNOOZE_FIELD } from './escalation-model';

export { SNOOZE_FIELD };
export const SNOOZE_NOTE = 'snooze';
/** A snooze longer than this is a mistake, not a decision. */
export const SNOOZE_MAX_MS = 7 * 24 * 60 * 60_000;
/** The snooze offered by the tray and the notifications. */
export const SNOOZE_DEFAULT_MS = 60 * 60_000;

/** What `snoozeIssue` answers. */
export interface IssueSnooze {
  issueId: string;
  /** Nothing of this issue escalates before then. */
  until: number;
}
