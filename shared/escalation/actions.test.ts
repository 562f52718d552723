import { describe, expect, it } from 'vitest';
import { issuePatchForActions, notificationAudience, raisedPriority } from './actions';

describe('local actions', () => {
  it('raise the priority one step or to a value, never lowering it', () => {
    expect(raisedPriority('Medium')).toBe('High');
    expect(raisedPriority('Critical')).toBe('Critical');
    expect(raisedPriority('Low', 'Critical')).toBe('Critical');
    expect(raisedPriority('Critical', 'Low')).toBe('Critical');
  });

  it('become one patch of the issue', () => {
    const issue = { priority: 'Medium' as const, severity: 2 as const, assignee: 'ann' };
    expect(
      issuePatchForActions(issue, [
        { type: 'raise-priority' },
        { type: 'raise-priority' },
        { type: 'set-severity', severity: 4 },
        { type: 'assign', assignee: 'bob' },
        { type: 'comment', body: 'x' },
      ]),
    ).toEqual({ priority: 'Critical', severity: 4, assignee: 'bob' });
    expect(issuePatchForActions(issue, [{ type: 'assign', assignee: 'ann' }])).toEqual({});
  });

  it('name who a notification reaches', () => {
    expect(
      notificationAudience({ assignee: 'ann', reporter: 'ann' }, [
        { kind: 'assignee' },
        { kind: 'reporter' },
        { kind: 'role', role: 'supervisor' },
        { kind: 'role', role: 'supervisor' },
        { kind: 'user', userId: 'carl' },
      ]),
    ).toEqual({ userIds: ['ann', 'carl'], roles: ['supervisor'] });
    expect(notificationAudience({ reporter: 'dan' }, [{ kind: 'assignee' }])).toEqual({
      userIds: [],
      roles: [],
    });
  });
});
