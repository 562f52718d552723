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
  const categoryOf = categoryLookup(workflow);
  const sorted = inTimeOrder(events) ? events : [...events].sort((a, b) => a.at - b.at);
  // Gathered in a reused array and copied out at their exact length: a timeline is kept for
  // as long as its issue is open, so it should hold no spare room (and most have two entries).
  const entries = scratchEntries;
  entries.length = 0;
  for (let e = 0; e < sorted.length; e++) {
    const event = sorted[e] as Pick<IssueEvent, 'at' | 'changes'>;
    const { changes } = event;
    for (let c = 0; c < changes.length; c++) {
      const change = changes[c] as IssueEvent['changes'][number];
      if (change.field !== 'status' || typeof change.to !== 'string') continue;
      if (entries.length === 0 && typeof change.from === 'string' && issue.reportedAt < event.at) {
        // The first status change says what the issue was in since it was reported.
        entries.push(statusEntry(issue.reportedAt, change.from, categoryOf));
      }
      entries.push(statusEntry(event.at, change.to, categoryOf));
    }
  }
  if (entries.length === 0) return [statusEntry(issue.reportedAt, issue.status, categoryOf)];
  const timeline = entries.slice();
  entries.length = 0;
  return timeline;
}

const scratchEntries: StatusEntry[] = [];

function statusEntry(at: number, status: string, categoryOf: CategoryOf): StatusEntry {
  return { at, status, category: categoryOf(status) ?? 'todo' };
}

function inTimeOrder(events: readonly Pick<IssueEvent, 'at'>[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as Pick<IssueEvent, 'at'>).at < (events[i - 1] as Pick<IssueEvent, 'at'>).at) {
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
