import { describe, expect, it } from 'vitest';
import type { Location, Workflow } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import {
  IssueRowCache,
  createRowContext,
  escalationMarks,
  priorityColor,
  statusColor,
} from './issue-rows';
import { testIssue as issue } from './issues.test-util';

const locations: Location[] = [
  { id: 'plant-a', name: 'Plant A', kind: 'site', updatedAt: 0 },
  { id: 'press', name: 'Press shop', kind: 'area', parentId: 'plant-a', updatedAt: 0 },
  { id: 'line-3', name: 'Line 3', kind: 'line', parentId: 'press', updatedAt: 0 },
];

const repairs: Workflow = {
  ...DEFAULT_WORKFLOW,
  id: 'repairs',
  name: 'Repairs',
  statuses: [
    { id: 'new', name: 'New', category: 'todo' },
    { id: 'awaiting-parts', name: 'Awaiting parts', category: 'in-progress' },
  ],
};

describe('issue rows', () => {
  const context = createRowContext([DEFAULT_WORKFLOW, repairs], locations);

  it('name the status from the issue’s workflow and rank it in workflow order', () => {
    const cache = new IssueRowCache(context);
    const [started, parts, unknown] = cache.rows([
      issue({ id: 'a', status: 'in-progress' }),
      issue({ id: 'b', workflowId: 'repairs', status: 'awaiting-parts' }),
      issue({ id: 'c', status: 'on-hold' }),
    ]);
    expect([started?.statusName, started?.statusCategory, started?.statusOrder]).toEqual([
      'In Progress',
      'in-progress',
      1,
    ]);
    expect([parts?.statusName, parts?.statusOrder]).toEqual(['Awaiting parts', 5]);
    // A status the local workflows do not know yet (still syncing) shows by its id, last.
    expect([unknown?.statusName, unknown?.statusCategory, unknown?.statusOrder]).toEqual([
      'on-hold',
      undefined,
      6,
    ]);
  });

  it('show the location as its path of names, and sort unknown locations last', () => {
    const [known, unknown] = new IssueRowCache(context).rows([
      issue({ id: 'a' }),
      issue({ id: 'b', locationId: 'gone' }),
    ]);
    expect(known?.locationPath).toBe('Plant A › Press shop › Line 3');
    expect(unknown?.locationPath).toBe('gone');
    expect(known!.locationRank).toBeLessThan(unknown!.locationRank);
    expect(unknown!.locationRank).toBe(context.unknownLocationRank);
    expect(context.locationSubtree('press')).toEqual(['press', 'line-3']);
  });

  it('reuse the row of every issue whose stored object and escalations did not change', () => {
    const cache = new IssueRowCache(context);
    const a = issue({ id: 'a' });
    const b = issue({ id: 'b' });
    const first = cache.rows([a, b]);
    const b2 = { ...b, title: 'Renamed' };
    const second = cache.rows([a, b2]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.title).toBe('Renamed');

    const marks = escalationMarks([{ issueId: 'a', ruleName: 'Rule', level: 1, firedAt: 5 }]);
    const third = cache.rows([a, b2], marks);
    expect(third[0]).not.toBe(second[0]);
    expect(third[0]?.escalation?.count).toBe(1);
    expect(third[1]).toBe(second[1]);
  });

  it('summarise escalations per issue, keeping unchanged marks as the same objects', () => {
    const records = [
      { issueId: 'a', ruleName: 'Slow', level: 1, firedAt: 10 },
      { issueId: 'a', ruleName: 'Slower', level: 2, firedAt: 20 },
      { issueId: 'b', ruleName: 'Slow', level: 1, firedAt: 15 },
    ];
    const marks = escalationMarks(records);
    expect(marks.get('a')).toEqual({
      count: 2,
      latestRuleName: 'Slower',
      latestLevel: 2,
      latestFiredAt: 20,
    });
    const next = escalationMarks(
      [...records, { issueId: 'b', ruleName: 'Slower', level: 2, firedAt: 30 }],
      marks,
    );
    expect(next.get('a')).toBe(marks.get('a'));
    expect(next.get('b')).not.toBe(marks.get('b'));
    expect(next.get('b')?.count).toBe(2);
    // A clock start (level 0) is no escalation: no mark.
    expect(escalationMarks([{ issueId: 'c', ruleName: 'Raised', level: 0, firedAt: 5 }]).size).toBe(
      0,
    );
  });

  it('colour statuses by category and priorities by urgency', () => {
    expect(statusColor('done')).toBe('success');
    expect(statusColor(undefined)).toBe('default');
    expect(
      (['Lowest', 'Low', 'Medium', 'High', 'Critical'] as const).map((p) => priorityColor(p)),
    ).toEqual(['default', 'default', 'info', 'warning', 'error']);
  });
});
