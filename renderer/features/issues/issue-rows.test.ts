import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { issueRows, priorityColor, statusColor } from './issue-rows';

function issue(overrides: Partial<Issue>): Issue {
  return {
    id: 'i-1',
    title: 'Conveyor jam at the infeed',
    description: '',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: 'line-3',
    workflowId: DEFAULT_WORKFLOW.id,
    status: 'new',
    reporter: 'tina',
    reportedAt: 1_000,
    customFields: {},
    version: 1,
    updatedAt: 1_000,
    updatedBy: 'tina',
    updatedOnDevice: 'laptop-7',
    ...overrides,
  };
}

describe('issue rows', () => {
  it('name each issue’s status from its workflow, keeping the query’s order', () => {
    const rows = issueRows(
      [
        issue({ id: 'a', status: 'in-progress', reportedAt: 2 }),
        issue({ id: 'b', status: 'resolved' }),
      ],
      [DEFAULT_WORKFLOW],
    );
    expect(rows.map((r) => [r.id, r.statusName, r.statusCategory])).toEqual([
      ['a', 'In Progress', 'in-progress'],
      ['b', 'Resolved', 'done'],
    ]);
  });

  it('show a status the local workflows do not know by its id', () => {
    const [row] = issueRows([issue({ status: 'awaiting-parts' })], [DEFAULT_WORKFLOW]);
    expect(row).toMatchObject({ statusName: 'awaiting-parts', statusCategory: undefined });
    expect(statusColor(row?.statusCategory)).toBe('default');
  });

  it('colour priorities by urgency', () => {
    expect(
      ['Lowest', 'Low', 'Medium', 'High', 'Critical'].map((p) =>
        priorityColor(p as Issue['priority']),
      ),
    ).toEqual(['default', 'default', 'info', 'warning', 'error']);
  });
});
