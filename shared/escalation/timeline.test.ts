import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IssueEvent } from '../domain';
import { DEFAULT_WORKFLOW } from '../workflow/default-workflow';
import {
  cycles,
  statusChangeOf,
  statusTimeline,
  timelineOfChanges,
  type CategoryOf,
  type StatusChange,
  type StatusEntry,
} from './timeline';

function event(at: number, from: string | null, to: string): Pick<IssueEvent, 'at' | 'changes'> {
  return {
    at,
    changes: [
      { field: 'priority', from: 'Low', to: 'High' },
      { field: 'status', from, to },
    ],
  };
}

describe('status timeline', () => {
  it('is built from the status changes of the history, in time order', () => {
    const events = [
      event(30, 'in-progress', 'resolved'),
      event(10, null, 'new'),
      { at: 20, changes: [] },
      event(20, 'new', 'in-progress'),
    ];
    expect(
      statusTimeline({ status: 'resolved', reportedAt: 10 }, events, DEFAULT_WORKFLOW),
    ).toEqual([
      { at: 10, status: 'new', category: 'todo' },
      { at: 20, status: 'in-progress', category: 'in-progress' },
      { at: 30, status: 'resolved', category: 'done' },
    ]);
  });

  it('fills in the creation when the history starts later, and copes with no history', () => {
    expect(
      statusTimeline(
        { status: 'in-progress', reportedAt: 5 },
        [event(20, 'new', 'in-progress')],
        DEFAULT_WORKFLOW,
      ),
    ).toEqual([
      { at: 5, status: 'new', category: 'todo' },
      { at: 20, status: 'in-progress', category: 'in-progress' },
    ]);
    expect(statusTimeline({ status: 'gone', reportedAt: 5 }, [], () => undefined)).toEqual([
      { at: 5, status: 'gone', category: 'todo' },
    ]);
  });

  it('splits into cycles at each reopen', () => {
    const timeline = statusTimeline(
      { status: 'new', reportedAt: 0 },
      [
        event(0, null, 'new'),
        event(1, 'new', 'resolved'),
        event(2, 'resolved', 'closed'),
        event(3, 'closed', 'new'),
        event(4, 'new', 'resolved'),
        event(5, 'resolved', 'in-progress'),
      ],
      DEFAULT_WORKFLOW,
    );
    expect(cycles(timeline)).toEqual([
      { cycle: 1, from: 0, to: 3, beganAt: 0, endedAt: 3 },
      { cycle: 2, from: 3, to: 5, beganAt: 3, endedAt: 5 },
      { cycle: 3, from: 5, to: 6, beganAt: 5, endedAt: null },
    ]);
  });

  it('is the same built from the status changes alone, given in the order they arrive', () => {
    const categoryOf: CategoryOf = (status) =>
      DEFAULT_WORKFLOW.statuses.find((s) => s.id === status)?.category;
    const statuses = ['new', 'in-progress', 'resolved', 'closed', 'retired'];
    const change = fc.oneof(
      fc.record({
        field: fc.constant('status'),
        from: fc.oneof(fc.constantFrom(...statuses), fc.constant(null), fc.constant(3)),
        to: fc.oneof(fc.constantFrom(...statuses), fc.constant(null)),
      }),
      fc.record({
        field: fc.constant('priority'),
        from: fc.constant('Low'),
        to: fc.constant('High'),
      }),
    );
    const events = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 6 }),
        changes: fc.array(change, { maxLength: 3 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(
        events,
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...statuses),
        (history, reportedAt, status) => {
          const issue = { status, reportedAt };
          const expected = plainTimeline(issue, history, categoryOf);
          expect(statusTimeline(issue, history, categoryOf)).toEqual(expected);
          const changes = history.flatMap((event) =>
            event.changes
              .map((c) => statusChangeOf(event.at, c))
              .filter((c): c is StatusChange => c !== null),
          );
          expect(timelineOfChanges(issue, changes, categoryOf)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** The timeline as the design states it, written plainly: the reference for the fast builds. */
function plainTimeline(
  issue: { status: string; reportedAt: number },
  events: readonly Pick<IssueEvent, 'at' | 'changes'>[],
  categoryOf: CategoryOf,
): StatusEntry[] {
  const entry = (at: number, status: string): StatusEntry => ({
    at,
    status,
    category: categoryOf(status) ?? 'todo',
  });
  const entries: StatusEntry[] = [];
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    for (const change of event.changes) {
      if (change.field !== 'status' || typeof change.to !== 'string') continue;
      if (entries.length === 0 && typeof change.from === 'string' && issue.reportedAt < event.at) {
        entries.push(entry(issue.reportedAt, change.from));
      }
      entries.push(entry(event.at, change.to));
    }
  }
  return entries.length > 0 ? entries : [entry(issue.reportedAt, issue.status)];
}
