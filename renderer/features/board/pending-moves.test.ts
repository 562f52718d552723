import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain';
import { NO_MOVES, withMove, withoutMove, type PendingByColumn } from './pending-moves';

function issue(id: string, status: string): Issue {
  return {
    id,
    title: id,
    description: '',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: 'line-3',
    workflowId: 'default',
    status,
    reporter: 'tina',
    reportedAt: 1,
    customFields: {},
    version: 1,
    updatedAt: 1,
    updatedBy: 'tina',
    updatedOnDevice: 'd1',
  };
}

const none: PendingByColumn = new Map();

describe('pending moves per column', () => {
  it('lists a move under the column it leaves and the one it goes to, and nowhere else', () => {
    const jam = issue('jam', 'new');
    const before = withMove(none, {
      issue: issue('leak', 'resolved'),
      from: 'resolved',
      to: 'closed',
    });
    const after = withMove(before, { issue: jam, from: 'new', to: 'in-progress' });
    expect(after.get('new')?.map((m) => m.issue.id)).toEqual(['jam']);
    expect(after.get('in-progress')?.map((m) => m.issue.id)).toEqual(['jam']);
    // The columns the move does not concern keep their very lists.
    expect(after.get('resolved')).toBe(before.get('resolved'));
    expect(after.get('closed')).toBe(before.get('closed'));
  });

  it('replaces an issue’s earlier move', () => {
    const jam = issue('jam', 'new');
    const first = withMove(none, { issue: jam, from: 'new', to: 'in-progress' });
    const second = withMove(first, { issue: jam, from: 'new', to: 'resolved' });
    expect(second.get('in-progress')).toBeUndefined();
    expect(second.get('new')?.map((m) => m.to)).toEqual(['resolved']);
    expect(second.get('resolved')?.map((m) => m.to)).toEqual(['resolved']);
  });

  it('settles a move in its two columns only, and changes nothing for an unknown issue', () => {
    const other = { issue: issue('leak', 'resolved'), from: 'resolved', to: 'closed' };
    const pending = withMove(withMove(none, other), {
      issue: issue('jam', 'new'),
      from: 'new',
      to: 'closed',
    });
    const settled = withoutMove(pending, 'jam');
    expect(settled.get('new')).toBeUndefined();
    expect(settled.get('closed')).toEqual([other]);
    expect(settled.get('resolved')).toBe(pending.get('resolved'));
    expect(withoutMove(settled, 'nobody')).toBe(settled);
    expect(settled.get('in-progress') ?? NO_MOVES).toBe(NO_MOVES);
  });
});
