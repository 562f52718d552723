/**
 * An issue's status timeline, the input of the escalation clock: one entry per status the
 * issue entered, with the status's category. A cycle is one life of the issue from creation
 * (or from a reopen: leaving a done-category status) to the next reopen; each cycle has its own
 * clock and its own escalations.
 */
import type { Issue, IssueEvent, StatusCategory, Workflow } from '../domain';

export interface StatusEntry {
  /** When the issue entered the status (epoch ms). */
  at: number;
  status: string;
  category: StatusCategory;
}

export type CategoryOf = (status: string) => StatusCategory | undefined;

function categoryLookup(workflow: Workflow | CategoryOf): CategoryOf {
  if (typeof workflow === 'function') return workflow;
  const categories = new Map(workflow.statuses.map((s) => [s.id, s.category]));
  return (status) => categories.get(status);
}

/**
 * Builds the status timeline from the issue's history (`issue_events`, any order): every event
 * that changed `status` is an entry. A status the workflow no longer has counts as todo. When
 * the history has no creation entry, the issue is taken to have been in the first recorded
 * status (or its current one) since it was reported.
 */
export function statusTimeline(
  issue: Pick<Issue, 'status' | 'reportedAt'>,
  events: readonly Pick<IssueEvent, 'at' | 'changes'>[],
  workflow: Workflow | CategoryOf,
): StatusEntry[] {
  const changes: StatusChange[] = [];
  for (const event of events) {
    for (const change of event.changes) {
      const statusChange = statusChangeOf(event.at, change);
      if (statusChange !== null) changes.push(statusChange);
    }
  }
  return timelineOfChanges(issue, changes, categoryLookup(workflow));
}

/** One status change of the history, as the timeline reads it. */
export interface StatusChange {
  at: number;
  /** The status before the change, when the history names one. */
  from: string | undefined;
  to: string;
}

/** The status change an event's change makes (null: it changes something else). */
export function statusChangeOf(
  at: number,
  change: IssueEvent['changes'][number],
): StatusChange | null {
  if (change.field !== 'status' || typeof change.to !== 'string') return null;
  return { at, from: typeof change.from === 'string' ? change.from : undefined, to: change.to };
}

/**
 * `statusTimeline` of the status changes alone, in any order (changes at the same instant in
 * the order given). The scheduler keeps an issue's status changes in this form: an issue
 * usually has one, whose timeline is built without sorting or copying.
 */
export function timelineOfChanges(
  issue: Pick<Issue, 'status' | 'reportedAt'>,
  changes: readonly StatusChange[],
  categoryOf: CategoryOf,
): StatusEntry[] {
  if (changes.length === 0) return [statusEntry(issue.reportedAt, issue.status, categoryOf)];
  if (changes.length === 1) {
    const change = changes[0] as StatusChange;
    const entered = statusEntry(change.at, change.to, categoryOf);
    return change.from !== undefined && issue.reportedAt < change.at
      ? [statusEntry(issue.reportedAt, change.from, categoryOf), entered]
      : [entered];
  }
  const sorted = inTimeOrder(changes) ? changes : [...changes].sort((a, b) => a.at - b.at);
  // Gathered in a reused array and copied out at their exact length: a timeline is kept for
  // as long as its issue is open, so it should hold no spare room.
  const entries = scratchEntries;
  entries.length = 0;
  for (let c = 0; c < sorted.length; c++) {
    const change = sorted[c] as StatusChange;
    if (entries.length === 0 && change.from !== undefined && issue.reportedAt < change.at) {
      // The first status change says what the issue was in since it was reported.
      entries.push(statusEntry(issue.reportedAt, change.from, categoryOf));
    }
    entries.push(statusEntry(change.at, change.to, categoryOf));
  }
  const timeline = entries.slice();
  entries.length = 0;
  return timeline;
}

const scratchEntries: StatusEntry[] = [];

function statusEntry(at: number, status: string, categoryOf: CategoryOf): StatusEntry {
  return { at, status, category: categoryOf(status) ?? 'todo' };
}

function inTimeOrder(events: readonly { at: number }[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as { at: number }).at < (events[i - 1] as { at: number }).at) {
      return false;
    }
  }
  return true;
}

/**
 * The timeline as the engine reads it: ordered by time. Returned as given when it already is
 * (no copy); an empty one becomes the issue's current status since it was reported, with a
 * category guessed from its timestamps.
 */
export function orderedTimeline(
  history: readonly StatusEntry[],
  issue: Pick<Issue, 'status' | 'reportedAt' | 'acknowledgedAt' | 'resolvedAt'>,
): readonly StatusEntry[] {
  if (history.length === 0) {
    const category: StatusCategory =
      issue.resolvedAt !== undefined
        ? 'done'
        : issue.acknowledgedAt !== undefined
          ? 'in-progress'
          : 'todo';
    return [{ at: issue.reportedAt, status: issue.status, category }];
  }
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as StatusEntry).at < (history[i - 1] as StatusEntry).at) {
      return [...history].sort((a, b) => a.at - b.at);
    }
  }
  return history;
}

/**
 * The index just past the cycle that begins at `from`: the first later entry that leaves a
 * done category (a reopen), or the timeline's length.
 */
export function cycleEnd(history: readonly StatusEntry[], from: number): number {
  for (let i = from + 1; i < history.length; i++) {
    if (
      (history[i - 1] as StatusEntry).category === 'done' &&
      (history[i] as StatusEntry).category !== 'done'
    ) {
      return i;
    }
  }
  return history.length;
}

export interface CycleBounds {
  /** 1 for the issue's first life, +1 per reopen. */
  cycle: number;
  /** Indexes into the timeline: [from, to). */
  from: number;
  to: number;
  beganAt: number;
  /** When the next cycle began (the reopen), or null for the current cycle. */
  endedAt: number | null;
}

/** The cycles of an ordered timeline, oldest first. */
export function cycles(history: readonly StatusEntry[]): CycleBounds[] {
  const result: CycleBounds[] = [];
  for (let from = 0, cycle = 1; from < history.length; cycle++) {
    const to = cycleEnd(history, from);
    result.push({
      cycle,
      from,
      to,
      beganAt: (history[from] as StatusEntry).at,
      endedAt: to < history.length ? (history[to] as StatusEntry).at : null,
    });
    from = to;
  }
  return result;
}
