import { describe, expect, it } from 'vitest';
import type { IssueEvent } from '../domain';
import { DEFAULT_WORKFLOW } from '../workflow/default-workflow';
import { cycles, statusTimeline } from './timeline';

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
});
