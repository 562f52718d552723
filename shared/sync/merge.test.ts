import { describe, expect, it } from 'vitest';
import type { Issue, Location, Workflow } from '../domain';
import {
  conflictEvents,
  mergeIssue,
  mergeLocation,
  mergeWorkflow,
  sameValue,
  statusCategories,
  type LosingValue,
} from './merge';
import {
  CTX,
  T0,
  UNKNOWN_STATUS,
  WORKFLOW,
  compact,
  issue,
  issueErrors,
  issueEventErrors as validate,
} from './merge.test-util';

const base = issue();

/** Merges edits made on top of `from`; `null`: without a base, on top of the default issue. */
function merge(local: Partial<Issue>, remote: Partial<Issue>, from: Issue | null = base) {
  const start = from ?? base;
  const result = mergeIssue(
    from ?? undefined,
    compact({ ...start, ...local, version: 4, updatedBy: 'ana', updatedOnDevice: 'dev-ana' }),
    compact({ ...start, ...remote, version: 5, updatedBy: 'li', updatedOnDevice: 'dev-li' }),
    CTX,
  );
  expect(issueErrors(result.merged)).toEqual([]);
  return result;
}

function lost(field: string, side: LosingValue['side'], result: { losing: LosingValue[] }) {
  return result.losing.find((l) => l.field === field && l.side === side);
}

describe('sameValue', () => {
  it('compares JSON-like values structurally, absent equal to undefined', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue(1, '1')).toBe(false);
  });
});

describe('mergeIssue: fields changed on one side', () => {
  it('keeps every change made on one side only, from both sides', () => {
    const { merged, losing } = merge(
      { title: 'Belt torn', customFields: { shift: 'B', cause: 'wear' } },
      { priority: 'High', assignee: 'sam', customFields: { shift: 'B', line: 3 } },
    );
    expect(merged).toMatchObject({
      title: 'Belt torn',
      priority: 'High',
      assignee: 'sam',
      customFields: { shift: 'B', cause: 'wear', line: 3 },
    });
    expect(losing).toEqual([]);
  });

  it('keeps a field cleared on one side cleared', () => {
    const from = issue({ assignee: 'sam', customFields: { shift: 'B', cause: 'wear' } });
    const { merged } = merge(
      { title: 'Belt torn', customFields: { shift: 'B' } },
      { assignee: 'sam', description: 'Belt torn at the splice.', customFields: from.customFields },
      from,
    );
    expect(merged.assignee).toBe('sam');
    expect(merged.customFields).toEqual({ shift: 'B' });
    const cleared = merge({ title: 'Belt torn' }, { assignee: undefined }, from).merged;
    expect('assignee' in cleared).toBe(false);
  });

  it('treats the same change on both sides as no conflict', () => {
    const { merged, losing } = merge({ title: 'Belt torn' }, { title: 'Belt torn' });
    expect(merged.title).toBe('Belt torn');
    expect(losing).toEqual([]);
  });
});

describe('mergeIssue: free text changed on both sides', () => {
  it.each(['title', 'description', 'resolutionComment'] as const)(
    '%s: the server-acknowledged edit wins, the other is a losing value',
    (field) => {
      const result = merge({ [field]: 'edited here' }, { [field]: 'edited there' });
      expect(result.merged[field]).toBe('edited there');
      expect(result.losing).toEqual([
        { field, side: 'local', lost: 'edited here', kept: 'edited there', rule: 'master-wins' },
      ]);
    },
  );

  it('reports a cleared text that lost as a losing null', () => {
    const from = issue({ resolutionComment: 'Replaced belt' });
    const result = merge(
      { resolutionComment: undefined },
      { resolutionComment: 'Replaced belt and roller' },
      from,
    );
    expect(result.merged.resolutionComment).toBe('Replaced belt and roller');
    expect(lost('resolutionComment', 'local', result)).toMatchObject({ lost: null });
  });
});

describe('mergeIssue: status', () => {
  it('the later workflow category wins, whichever side holds it', () => {
    const done = { status: 'resolved', resolvedAt: T0 + 5000, resolutionComment: 'Fixed' };
    const working = { status: 'in-progress', acknowledgedAt: T0 + 4000 };
    const localDone = merge(done, working);
    expect(localDone.merged).toMatchObject({ ...done, ...working, status: 'resolved' });
    expect(lost('status', 'remote', localDone)).toEqual({
      field: 'status',
      side: 'remote',
      lost: 'in-progress',
      kept: 'resolved',
      rule: 'later-category',
    });
    const remoteDone = merge(working, done);
    expect(remoteDone.merged.status).toBe('resolved');
    expect(remoteDone.merged.resolvedAt).toBe(T0 + 5000);
    expect(lost('status', 'local', remoteDone)?.lost).toBe('in-progress');
  });

  it('a tie in category goes to the master', () => {
    const result = merge({ status: 'in-progress' }, { status: 'waiting' });
    expect(result.merged.status).toBe('waiting');
    expect(lost('status', 'local', result)?.rule).toBe('later-category');
  });

  it('an unknown category makes it a tie', () => {
    expect(merge({ status: 'closed' }, { status: UNKNOWN_STATUS }).merged.status).toBe(
      UNKNOWN_STATUS,
    );
    expect(merge({ status: UNKNOWN_STATUS }, { status: 'triage' }).merged.status).toBe('triage');
  });

  it('resolvedAt follows the winning status: a close beats a concurrent reopen', () => {
    const from = issue({ status: 'resolved', resolvedAt: T0 + 100 });
    const result = merge({ status: 'closed' }, { status: 'triage', resolvedAt: undefined }, from);
    expect(result.merged).toMatchObject({ status: 'closed', resolvedAt: T0 + 100 });
    expect(lost('resolvedAt', 'remote', result)).toEqual({
      field: 'resolvedAt',
      side: 'remote',
      lost: null,
      kept: T0 + 100,
      rule: 'follows-status',
    });
  });

  it('resolvedAt is cleared when the winning status is not done', () => {
    const from = issue({ status: 'resolved', resolvedAt: T0 + 100 });
    // A workflow whose reopen keeps resolvedAt: the merge still clears it.
    const result = merge({ status: 'in-progress' }, { status: 'triage' }, from);
    expect(result.merged.status).toBe('in-progress');
    expect('resolvedAt' in result.merged).toBe(false);
  });

  it('resolvedAt changed on one side is kept when the status was not contested', () => {
    const from = issue({ status: 'resolved', resolvedAt: T0 + 100 });
    const result = merge({ resolvedAt: T0 + 200 }, { title: 'Belt torn' }, from);
    expect(result.merged.resolvedAt).toBe(T0 + 200);
  });
});

describe('mergeIssue: numbers and times', () => {
  it('priority: the more urgent wins', () => {
    expect(merge({ priority: 'Critical' }, { priority: 'Low' }).merged.priority).toBe('Critical');
    const result = merge({ priority: 'Lowest' }, { priority: 'High' });
    expect(result.merged.priority).toBe('High');
    expect(lost('priority', 'local', result)).toMatchObject({
      lost: 'Lowest',
      rule: 'more-urgent',
    });
  });

  it('severity: the higher (more severe) wins', () => {
    expect(merge({ severity: 5 }, { severity: 1 }).merged.severity).toBe(5);
    expect(merge({ severity: 2 }, { severity: 4 }).merged.severity).toBe(4);
  });

  it('acknowledgedAt: the earliest wins, a set time beats a cleared one', () => {
    const from = issue({ acknowledgedAt: T0 + 50 });
    expect(
      merge({ acknowledgedAt: T0 + 10 }, { acknowledgedAt: T0 + 20 }, from).merged,
    ).toMatchObject({
      acknowledgedAt: T0 + 10,
    });
    const cleared = merge({ acknowledgedAt: undefined }, { acknowledgedAt: T0 + 60 }, from);
    expect(cleared.merged.acknowledgedAt).toBe(T0 + 60);
    expect(lost('acknowledgedAt', 'local', cleared)).toMatchObject({
      lost: null,
      rule: 'earliest',
    });
  });

  it('other fields changed on both sides: the master wins', () => {
    const result = merge(
      { assignee: 'ana', type: 'safety', locationId: 'line-1' },
      { assignee: 'sam', type: 'quality', locationId: 'line-2' },
    );
    expect(result.merged).toMatchObject({ assignee: 'sam', type: 'quality', locationId: 'line-2' });
    expect(result.losing.map((l) => l.field).sort()).toEqual(['assignee', 'locationId', 'type']);
  });
});

describe('mergeIssue: custom fields', () => {
  it('merges per key, the master winning a key both changed', () => {
    const from = issue({ customFields: { shift: 'B', batch: 7, cause: 'wear' } });
    const result = merge(
      { customFields: { shift: 'A', batch: 7, cause: 'wear', line: 3 } },
      { customFields: { shift: 'C', batch: 8 } },
      from,
    );
    expect(result.merged.customFields).toEqual({ shift: 'C', batch: 8, line: 3 });
    expect(result.losing).toEqual([
      { field: 'customFields.shift', side: 'local', lost: 'A', kept: 'C', rule: 'master-wins' },
    ]);
  });
});

describe('mergeIssue: bookkeeping', () => {
  it('version is one above both sides; stamps come from the side that won more fields', () => {
    const result = merge({ title: 'Belt torn', priority: 'High' }, { severity: 4 });
    expect(result.keptRemote).toBe(false);
    expect(result.merged).toMatchObject({
      version: 6,
      updatedBy: 'ana',
      updatedOnDevice: 'dev-ana',
      updatedAt: base.updatedAt,
    });
    expect(merge({ title: 'Belt torn' }, { severity: 4 }).merged.updatedBy).toBe('li');
  });

  it('returns the master as it is when the merge comes out as the master', () => {
    const result = merge({ title: 'edited here' }, { title: 'edited there' });
    expect(result.keptRemote).toBe(true);
    expect(result.merged).toMatchObject({ version: 5, updatedBy: 'li', title: 'edited there' });
    expect(result.losing).toHaveLength(1);
  });

  it('never reads a clock and does not modify its inputs', () => {
    const local = issue({ title: 'a', customFields: { shift: 'A' } });
    const remote = issue({ title: 'b', customFields: { shift: 'C' }, version: 9 });
    const copies = JSON.stringify([base, local, remote]);
    const first = mergeIssue(base, local, remote, CTX);
    expect(JSON.stringify([base, local, remote])).toBe(copies);
    expect(mergeIssue(base, local, remote, CTX)).toEqual(first);
    first.merged.customFields.shift = 'Z';
    expect(remote.customFields.shift).toBe('C');
  });
});

describe('mergeIssue without a common base', () => {
  it('applies the both-sides rules to every field the sides disagree on', () => {
    const result = merge(
      { title: 'Created here', status: 'in-progress', priority: 'Critical' },
      { title: 'Created there' },
      null,
    );
    expect(result.merged).toMatchObject({
      title: 'Created there',
      status: 'in-progress',
      priority: 'Critical',
    });
    expect(result.losing.map((l) => `${l.side}:${l.field}`).sort()).toEqual([
      'local:title',
      'remote:priority',
      'remote:status',
    ]);
  });
});

describe('conflictEvents', () => {
  const local = issue({ title: 'here', priority: 'Low', version: 4, updatedBy: 'ana' });
  const remote = issue({ title: 'there', priority: 'High', version: 5, updatedBy: 'li' });
  const result = mergeIssue(base, local, remote, CTX);
  const recorder = { actor: 'ana', deviceId: 'dev-ana', at: T0 + 9000 };

  it('writes one valid conflict-resolved event per losing value', () => {
    const events = conflictEvents({ base, local, remote, ...result }, recorder);
    expect(events).toHaveLength(2);
    for (const event of events) expect(validate(event)).toEqual([]);
    expect(events.find((e) => e.changes[0]?.field === 'title')).toMatchObject({
      issueId: 'issue-1',
      kind: 'conflict-resolved',
      actor: 'ana',
      deviceId: 'dev-ana',
      at: T0 + 9000,
      changes: [{ field: 'title', from: 'here', to: 'there' }],
    });
    expect(events[0]?.note).toMatch(/title|priority/);
    expect(events.find((e) => e.changes[0]?.field === 'title')?.note).toContain('ana');
  });

  it('derives ids from the conflict: stable across repeats, distinct per value', () => {
    const once = conflictEvents({ base, local, remote, ...result }, recorder);
    const again = conflictEvents(
      { base, local: { ...local, version: 7 }, remote, ...result },
      { ...recorder, at: T0 + 99_000 },
    );
    expect(again.map((e) => e.id)).toEqual(once.map((e) => e.id));
    expect(new Set(once.map((e) => e.id)).size).toBe(once.length);
    const otherDevice = conflictEvents(
      { base, local, remote, ...result },
      {
        ...recorder,
        deviceId: 'dev-li',
      },
    );
    expect(otherDevice[0]?.id).not.toBe(once[0]?.id);
    for (const event of once) expect(event.id.length).toBeLessThanOrEqual(64);
  });

  it('clips long custom-field names to the event schema', () => {
    const key = 'k'.repeat(150);
    const from = issue({ customFields: { [key]: 1 } });
    const r = mergeIssue(
      from,
      issue({ customFields: { [key]: 2 } }),
      issue({ customFields: { [key]: 3 }, version: 9 }),
      CTX,
    );
    const [event] = conflictEvents({ base: from, local: from, remote: from, ...r }, recorder);
    expect(event && validate(event)).toEqual([]);
  });
});

describe('statusCategories', () => {
  it('looks statuses up in the given workflows, skipping unknown ones', () => {
    const categoryOf = statusCategories([undefined, WORKFLOW]);
    expect(categoryOf('waiting')).toBe('in-progress');
    expect(categoryOf('nope')).toBeUndefined();
  });
});

describe('mergeWorkflow', () => {
  const wf: Workflow = { ...WORKFLOW, transitions: [], updatedAt: T0 };
  const start = {
    id: 't-start',
    name: 'Start',
    from: ['new'],
    to: 'in-progress',
    roles: [],
    validators: [],
    postFunctions: [],
  };

  it('keeps a rename on one side and a transition added on the other', () => {
    const result = mergeWorkflow(
      wf,
      { ...wf, name: 'Line workflow', updatedAt: T0 + 1 },
      { ...wf, transitions: [start], updatedAt: T0 + 2 },
    );
    expect(result.merged).toMatchObject({ name: 'Line workflow', transitions: [start] });
    expect(result.losing).toEqual([]);
  });

  it('statuses, transitions and initial status change as one unit: the master wins it', () => {
    const parked = { id: 'parked', name: 'Parked', category: 'todo' as const };
    const local = {
      ...wf,
      statuses: [...wf.statuses, parked],
      transitions: [{ ...start, id: 't-park', to: 'parked' }],
    };
    const remote = { ...wf, initialStatus: 'triage', updatedAt: T0 + 5 };
    const result = mergeWorkflow(wf, local, remote);
    expect(result.merged).toEqual(remote);
    expect(result.keptRemote).toBe(true);
    expect(result.losing.map((l) => l.field).sort()).toEqual(['statuses', 'transitions']);
    expect(result.losing[0]?.lost).toEqual(expect.stringContaining('"id":"'));
  });
});

describe('mergeLocation', () => {
  const loc: Location = { id: 'l1', name: 'Line 1', kind: 'line', parentId: 'a1', updatedAt: T0 };

  it('merges field-wise, the master winning fields both changed', () => {
    const result = mergeLocation(
      loc,
      { ...loc, name: 'Line One', timeZone: 'Europe/Berlin', updatedAt: T0 + 1 },
      { ...loc, name: 'Line 1 (north)', calendar: { weekly: [], holidays: [] }, updatedAt: T0 + 2 },
    );
    expect(result.merged).toEqual({
      ...loc,
      name: 'Line 1 (north)',
      timeZone: 'Europe/Berlin',
      calendar: { weekly: [], holidays: [] },
      updatedAt: T0 + 2,
    });
    expect(result.losing).toEqual([
      {
        field: 'name',
        side: 'local',
        lost: 'Line One',
        kept: 'Line 1 (north)',
        rule: 'master-wins',
      },
    ]);
  });

  it('moves a location with its kind and parent together', () => {
    const result = mergeLocation(
      loc,
      { ...loc, kind: 'area', parentId: 's1' },
      { ...loc, parentId: 'a2' },
    );
    expect(result.merged).toMatchObject({ kind: 'line', parentId: 'a2' });
    expect(result.losing.map((l) => l.field).sort()).toEqual(['kind', 'parentId']);
  });
});
