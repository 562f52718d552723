import { describe, expect, it } from 'vitest';
import type { IssueEvent } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { changeLines, eventTitle, shortDeviceId, type HistoryContext } from './history-format';

const context: HistoryContext = {
  workflow: DEFAULT_WORKFLOW,
  locationName: (id) => (id === 'l3' ? 'Plant A › Line 3' : id),
  personName: (id) => (id === 'u-10' ? 'Dana Smith' : id),
};

function event(overrides: Partial<IssueEvent>): IssueEvent {
  return {
    id: 'e1',
    issueId: 'i1',
    kind: 'updated',
    actor: 'tina',
    deviceId: 'laptop-7',
    at: 0,
    changes: [],
    ...overrides,
  };
}

describe('the history in words', () => {
  it('names the assignee and the reporter, not their ids', () => {
    const assigned = event({
      changes: [
        { field: 'assignee', from: 'u-99', to: 'u-10' },
        { field: 'reporter', from: 'u-10', to: null },
      ],
    });
    expect(changeLines(assigned, context)).toEqual([
      { label: 'Assignee', from: 'u-99', to: 'Dana Smith' },
      { label: 'Reporter', from: 'Dana Smith', to: '—' },
    ]);
  });

  it('names a transition by its name and the status it led to', () => {
    const moved = event({
      kind: 'transitioned',
      transitionId: 'start-progress',
      changes: [
        { field: 'status', from: 'new', to: 'in-progress' },
        { field: 'acknowledgedAt', from: null, to: Date.UTC(2026, 10, 2, 8, 30) },
      ],
    });
    expect(eventTitle(moved, context)).toBe('Start progress → In Progress');
    const lines = changeLines(moved, context);
    expect(lines[0]).toEqual({ label: 'Status', from: 'New', to: 'In Progress' });
    expect(lines[1]?.label).toBe('Acknowledged');
    expect(lines[1]?.from).toBe('—');
    expect(lines[1]?.to).toMatch(/2026/);
  });

  it('shows locations by path and leaves out what a new issue did not set', () => {
    const created = event({
      kind: 'created',
      changes: [
        { field: 'assignee', from: null, to: null },
        { field: 'description', from: null, to: '' },
        { field: 'locationId', from: null, to: 'l3' },
        { field: 'reportedAt', from: null, to: 5 },
        { field: 'severity', from: null, to: 4 },
        { field: 'status', from: null, to: 'new' },
        { field: 'title', from: null, to: 'Jam' },
        { field: 'type', from: null, to: 'breakdown' },
        { field: 'workflowId', from: null, to: 'default' },
      ],
    });
    expect(eventTitle(created, context)).toBe('Reported the issue');
    expect(changeLines(created, context)).toEqual([
      { label: 'Title', from: '—', to: 'Jam' },
      { label: 'Type', from: '—', to: 'Breakdown' },
      { label: 'Severity', from: '—', to: '4 · Major' },
      { label: 'Location', from: '—', to: 'Plant A › Line 3' },
    ]);
  });

  it('keeps unknown statuses and fields readable', () => {
    const odd = event({
      kind: 'transitioned',
      transitionId: 'gone',
      changes: [{ field: 'status', from: 'new', to: 'awaiting-parts' }],
    });
    expect(eventTitle(odd, context)).toBe('Moved to awaiting-parts');
    expect(
      changeLines(
        event({ changes: [{ field: 'customFields.downtime', from: 5, to: true }] }),
        context,
      ),
    ).toEqual([{ label: 'downtime', from: '5', to: 'yes' }]);
  });

  it('shortens long device ids to their first characters', () => {
    expect(shortDeviceId('c5e3c1cd-7b75-44bf-a986-e663efa2590c')).toBe('c5e3c1cd');
    expect(shortDeviceId('laptop-7')).toBe('laptop-7');
  });
});
