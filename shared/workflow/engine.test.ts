import { describe, expect, it } from 'vitest';
import type { Issue, Role } from '../domain';
import { isDomainError, type DomainError, type DomainErrorCode } from '../validation/errors';
import { checkWorkflow } from './check-workflow';
import { DEFAULT_WORKFLOW } from './default-workflow';
import {
  applyTransition,
  availableTransitions,
  categoryOf,
  findTransitionTo,
  statusOf,
} from './engine';
import { actorAs, editableDefault, fieldServiceWorkflow, newIssue } from './workflow.test-util';

const wf = DEFAULT_WORKFLOW;
const admin = actorAs('admin');
const technician = actorAs('technician');
const supervisor = actorAs('supervisor');

/** The DomainError `run` throws; fails the test when it throws none. */
function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError, got none');
}

function codeOf(run: () => unknown): DomainErrorCode {
  return errorOf(run).code;
}

/** An issue in each status of the default workflow, with the timestamps it would have. */
function issueIn(status: string): Issue {
  const base = newIssue();
  switch (status) {
    case 'new':
      return base;
    case 'in-progress':
      return { ...base, status, acknowledgedAt: 2_000, assignee: 'technician-1' };
    case 'resolved':
    case 'closed':
      return {
        ...base,
        status,
        acknowledgedAt: 2_000,
        resolvedAt: 3_000,
        resolutionComment: 'Belt replaced.',
        assignee: 'technician-1',
      };
    default:
      throw new Error(`no fixture for ${status}`);
  }
}

describe('statusOf and categoryOf', () => {
  it('look statuses up by id', () => {
    expect(statusOf(wf, 'in-progress')).toEqual({
      id: 'in-progress',
      name: 'In Progress',
      category: 'in-progress',
    });
    expect(categoryOf(wf, 'new')).toBe('todo');
    expect(categoryOf(wf, 'resolved')).toBe('done');
    expect(categoryOf(wf, 'closed')).toBe('done');
    expect(statusOf(wf, 'gone')).toBeUndefined();
    expect(categoryOf(wf, 'gone')).toBeUndefined();
  });
});

describe('the default workflow', () => {
  it('passes its own check', () => {
    expect(checkWorkflow(wf)).toEqual(wf);
  });

  it('is frozen, so nobody can change it by accident', () => {
    expect(Object.isFrozen(wf)).toBe(true);
    expect(Object.isFrozen(wf.transitions[0]?.postFunctions)).toBe(true);
  });

  const legal: Record<string, string[]> = {
    new: ['start-progress', 'resolve'],
    'in-progress': ['stop-progress', 'resolve'],
    resolved: ['close', 'reopen'],
    closed: ['reopen'],
  };
  const pairs = wf.statuses.flatMap((status) =>
    wf.transitions.map((transition) => ({
      status: status.id,
      transition: transition.id,
      to: transition.to,
      legal: legal[status.id]?.includes(transition.id) ?? false,
    })),
  );

  it('covers every (status, transition) pair in this table', () => {
    expect(pairs).toHaveLength(wf.statuses.length * wf.transitions.length);
  });

  it.each(pairs)('$transition from $status: legal $legal', ({ status, transition, to, legal }) => {
    const issue = issueIn(status);
    const input = categoryOf(wf, to) === 'done' ? { resolutionComment: 'Done.' } : {};
    const run = () => applyTransition(wf, issue, transition, input, { actor: admin, now: 9_000 });
    if (legal) expect(run().issue.status).toBe(to);
    else expect(codeOf(run)).toBe('illegal-transition');
    const offered = availableTransitions(wf, issue, admin).map((a) => a.transition.id);
    expect(offered.includes(transition)).toBe(legal);
  });

  it('offers the legal transitions in the workflow order, with their targets', () => {
    expect(
      availableTransitions(wf, issueIn('new'), technician).map((a) => [
        a.transition.id,
        a.target.name,
        a.allowed,
        a.requires,
      ]),
    ).toEqual([
      ['start-progress', 'In Progress', true, []],
      ['resolve', 'Resolved', true, ['resolutionComment']],
    ]);
  });
});

describe('timestamps and fields set by post-functions', () => {
  it('start progress acknowledges and assigns to the actor', () => {
    const { issue, changes } = applyTransition(
      wf,
      newIssue(),
      'start-progress',
      {},
      {
        actor: technician,
        now: 5_000,
      },
    );
    expect(issue).toMatchObject({
      status: 'in-progress',
      acknowledgedAt: 5_000,
      assignee: 'technician-1',
    });
    expect(issue.resolvedAt).toBeUndefined();
    expect(changes).toEqual([
      { field: 'status', from: 'new', to: 'in-progress' },
      { field: 'assignee', from: null, to: 'technician-1' },
      { field: 'acknowledgedAt', from: null, to: 5_000 },
    ]);
  });

  it('keeps an existing assignee when starting progress', () => {
    const { issue } = applyTransition(
      wf,
      newIssue({ assignee: 'maria' }),
      'start-progress',
      {},
      {
        actor: technician,
        now: 5_000,
      },
    );
    expect(issue.assignee).toBe('maria');
  });

  it('sets acknowledgedAt on the first move only', () => {
    const ctx = (now: number) => ({ actor: technician, now });
    const first = applyTransition(wf, newIssue(), 'start-progress', {}, ctx(5_000)).issue;
    const stopped = applyTransition(wf, first, 'stop-progress', {}, ctx(6_000));
    expect(stopped.issue.acknowledgedAt).toBe(5_000);
    expect(stopped.changes).toEqual([{ field: 'status', from: 'in-progress', to: 'new' }]);
    const again = applyTransition(wf, stopped.issue, 'start-progress', {}, ctx(7_000));
    expect(again.issue.acknowledgedAt).toBe(5_000);
    expect(again.changes).toEqual([{ field: 'status', from: 'new', to: 'in-progress' }]);
  });

  it('resolve sets resolvedAt, the trimmed comment, and acknowledgedAt when still empty', () => {
    const { issue, changes } = applyTransition(
      wf,
      newIssue(),
      'resolve',
      { resolutionComment: '  False alarm.  ' },
      { actor: technician, now: 8_000 },
    );
    expect(issue).toMatchObject({
      status: 'resolved',
      resolvedAt: 8_000,
      acknowledgedAt: 8_000,
      resolutionComment: 'False alarm.',
    });
    expect(issue.assignee).toBeUndefined();
    expect(changes).toEqual([
      { field: 'status', from: 'new', to: 'resolved' },
      { field: 'acknowledgedAt', from: null, to: 8_000 },
      { field: 'resolvedAt', from: null, to: 8_000 },
      { field: 'resolutionComment', from: null, to: 'False alarm.' },
    ]);
  });

  it('resolve keeps the first acknowledgement', () => {
    const { issue } = applyTransition(
      wf,
      issueIn('in-progress'),
      'resolve',
      {
        resolutionComment: 'Fixed.',
      },
      { actor: technician, now: 8_000 },
    );
    expect(issue.acknowledgedAt).toBe(2_000);
    expect(issue.resolvedAt).toBe(8_000);
  });

  it('close keeps resolvedAt, acknowledgedAt and the comment', () => {
    const before = issueIn('resolved');
    const { issue, changes } = applyTransition(
      wf,
      before,
      'close',
      {},
      {
        actor: supervisor,
        now: 9_000,
      },
    );
    expect(issue).toEqual({ ...before, status: 'closed' });
    expect(changes).toEqual([{ field: 'status', from: 'resolved', to: 'closed' }]);
  });

  it('a comment given when closing replaces the resolution comment', () => {
    const { issue } = applyTransition(
      wf,
      issueIn('resolved'),
      'close',
      {
        resolutionComment: 'Verified by QA.',
      },
      { actor: supervisor, now: 9_000 },
    );
    expect(issue.resolutionComment).toBe('Verified by QA.');
    expect(issue.resolvedAt).toBe(3_000);
  });

  it.each(['resolved', 'closed'])(
    'reopen from %s clears resolution, keeps acknowledgement',
    (status) => {
      const { issue, changes } = applyTransition(
        wf,
        issueIn(status),
        'reopen',
        {},
        {
          actor: technician,
          now: 10_000,
        },
      );
      expect(issue.status).toBe('new');
      expect(issue.acknowledgedAt).toBe(2_000);
      expect(issue.assignee).toBe('technician-1');
      expect('resolvedAt' in issue).toBe(false);
      expect('resolutionComment' in issue).toBe(false);
      expect(changes).toEqual([
        { field: 'status', from: status, to: 'new' },
        { field: 'resolvedAt', from: 3_000, to: null },
        { field: 'resolutionComment', from: 'Belt replaced.', to: null },
      ]);
    },
  );

  it('leaves version, updatedAt and the input issue alone', () => {
    const before = Object.freeze(newIssue());
    const copy = structuredClone(before);
    const { issue } = applyTransition(
      wf,
      before,
      'start-progress',
      {},
      {
        actor: technician,
        now: 5_000,
      },
    );
    expect(before).toEqual(copy);
    expect(issue.version).toBe(before.version);
    expect(issue.updatedAt).toBe(before.updatedAt);
    expect(issue.updatedBy).toBe(before.updatedBy);
    expect(issue).not.toBe(before);
  });

  it('refuses a time that is not epoch milliseconds', () => {
    for (const now of [Number.NaN, -1, 1.5]) {
      expect(() =>
        applyTransition(wf, newIssue(), 'start-progress', {}, { actor: technician, now }),
      ).toThrow(TypeError);
    }
  });
});

describe('roles', () => {
  it.each<[Role, boolean]>([
    ['technician', false],
    ['supervisor', true],
    ['admin', true],
  ])('close by a %s: allowed %s', (role, allowed) => {
    const run = () =>
      applyTransition(wf, issueIn('resolved'), 'close', {}, { actor: actorAs(role), now: 1 });
    if (allowed) expect(run().issue.status).toBe('closed');
    else {
      const error = errorOf(run);
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe(
        '"Close" is for supervisors and admins only. You are a technician.',
      );
    }
    const close = availableTransitions(wf, issueIn('resolved'), actorAs(role)).find(
      (a) => a.transition.id === 'close',
    );
    expect(close?.allowed).toBe(allowed);
    if (!allowed) expect(close?.reason).toBe('"Close" is for supervisors and admins only.');
    else expect(close).not.toHaveProperty('reason');
  });

  it('lets everyone take transitions without roles', () => {
    for (const role of ['technician', 'supervisor', 'admin'] as const) {
      expect(
        availableTransitions(wf, issueIn('closed'), actorAs(role)).map((a) => a.allowed),
      ).toEqual([true]);
    }
  });
});

describe('validators and transition input', () => {
  const resolve = (input: object, issue = issueIn('in-progress')) =>
    applyTransition(wf, issue, 'resolve', input, { actor: technician, now: 8_000 });

  it.each([
    ['no comment', {}],
    ['an empty comment', { resolutionComment: '' }],
    ['a blank comment', { resolutionComment: ' \n ' }],
  ])('resolve with %s needs a resolution comment', (_name, input) => {
    const error = errorOf(() => resolve(input));
    expect(error.code).toBe('validation-failed');
    expect(error.problems).toEqual([
      {
        field: 'resolutionComment',
        reason: 'required',
        message: 'A resolution comment is required to resolve.',
      },
    ]);
  });

  it('refuses a comment over 1000 characters, once', () => {
    expect(resolve({ resolutionComment: 'c'.repeat(1000) }).issue.resolutionComment).toHaveLength(
      1000,
    );
    expect(errorOf(() => resolve({ resolutionComment: 'c'.repeat(1001) })).problems).toEqual([
      expect.objectContaining({ field: 'resolutionComment', reason: 'too-long' }),
    ]);
  });

  it('refuses a comment that is not text and unknown input keys, all at once', () => {
    const error = errorOf(() => resolve({ resolutionComment: 42, status: 'closed' }));
    expect(error.problems.map((p) => [p.field, p.reason])).toEqual([
      ['status', 'not-allowed'],
      ['resolutionComment', 'invalid-format'],
    ]);
  });

  it('refuses a resolution comment on a transition that does not resolve', () => {
    const error = errorOf(() =>
      applyTransition(
        wf,
        newIssue(),
        'start-progress',
        { resolutionComment: 'Why?' },
        {
          actor: technician,
          now: 1,
        },
      ),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'resolutionComment', reason: 'not-allowed' }),
    ]);
    // A blank one carries nothing and is no reason to refuse.
    expect(
      applyTransition(
        wf,
        newIssue(),
        'start-progress',
        { resolutionComment: ' ' },
        {
          actor: technician,
          now: 1,
        },
      ).issue.status,
    ).toBe('in-progress');
  });

  it('requires an assignee where the workflow says so, and the UI knows beforehand', () => {
    const fs = fieldServiceWorkflow();
    const triaged = newIssue({ workflowId: fs.id, status: 'triaged' });
    const dispatch = availableTransitions(fs, triaged, technician).find(
      (a) => a.transition.id === 'dispatch',
    );
    expect(dispatch).toMatchObject({
      allowed: false,
      reason: 'Assign the issue before "Dispatch".',
      requires: ['assignee'],
    });
    const error = errorOf(() =>
      applyTransition(fs, triaged, 'dispatch', {}, { actor: technician, now: 1 }),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'assignee', reason: 'required' }),
    ]);
    const assigned = { ...triaged, assignee: 'ana' };
    expect(
      availableTransitions(fs, assigned, technician).find((a) => a.transition.id === 'dispatch')
        ?.allowed,
    ).toBe(true);
    expect(
      applyTransition(fs, assigned, 'dispatch', {}, { actor: technician, now: 1 }).issue.status,
    ).toBe('on-site');
  });
});

describe('refusals', () => {
  const ctx = { actor: admin, now: 1 };

  it('names an unknown transition', () => {
    const error = errorOf(() => applyTransition(wf, newIssue(), 'teleport', {}, ctx));
    expect(error.code).toBe('unknown-transition');
    expect(error.message).toBe('Workflow "Default" has no transition "teleport".');
  });

  it('refuses an issue whose status is not in the workflow', () => {
    const stray = newIssue({ status: 'waiting' });
    const error = errorOf(() => applyTransition(wf, stray, 'start-progress', {}, ctx));
    expect(error.code).toBe('unknown-status');
    expect(error.message).toContain('"waiting"');
    expect(availableTransitions(wf, stray, admin)).toEqual([]);
  });

  it('names the statuses of an illegal transition', () => {
    expect(errorOf(() => applyTransition(wf, newIssue(), 'close', {}, ctx)).message).toBe(
      '"Close" cannot be taken now: it leads from "Resolved" only, and the issue is "New".',
    );
    expect(errorOf(() => applyTransition(wf, issueIn('closed'), 'resolve', {}, ctx)).message).toBe(
      '"Resolve" cannot be taken now: it leads from "New" and "In Progress" only, and the issue is "Closed".',
    );
  });

  it('never takes a transition to the status the issue is in, even one from any status', () => {
    const fs = fieldServiceWorkflow();
    const cancelled = newIssue({
      workflowId: fs.id,
      status: 'cancelled',
      resolvedAt: 5,
      resolutionComment: 'Duplicate.',
    });
    const error = errorOf(() => applyTransition(fs, cancelled, 'cancel', {}, ctx));
    expect(error.code).toBe('illegal-transition');
    expect(error.message).toBe('"Cancel" cannot be taken now: the issue is already "Cancelled".');
    expect(availableTransitions(fs, cancelled, admin).map((a) => a.transition.id)).toEqual([
      'restart',
    ]);
  });

  it('checks in order: transition, status, legality, role, then input', () => {
    const fs = fieldServiceWorkflow();
    const open = newIssue({ workflowId: fs.id, status: 'open' });
    // technician, no comment, from a status "fix" does not start from: illegal wins.
    expect(codeOf(() => applyTransition(fs, open, 'fix', {}, { actor: technician, now: 1 }))).toBe(
      'illegal-transition',
    );
    // supervisor may not cancel, and gave no comment: forbidden wins.
    expect(
      codeOf(() => applyTransition(fs, open, 'cancel', {}, { actor: supervisor, now: 1 })),
    ).toBe('forbidden');
    expect(codeOf(() => applyTransition(fs, open, 'cancel', {}, { actor: admin, now: 1 }))).toBe(
      'validation-failed',
    );
  });
});

describe('findTransitionTo', () => {
  it.each([
    ['new', 'in-progress', 'start-progress'],
    ['new', 'resolved', 'resolve'],
    ['in-progress', 'new', 'stop-progress'],
    ['in-progress', 'resolved', 'resolve'],
    ['resolved', 'closed', 'close'],
    ['resolved', 'new', 'reopen'],
    ['closed', 'new', 'reopen'],
  ])('%s → %s is %s', (from, to, id) => {
    expect(findTransitionTo(wf, from, to)?.id).toBe(id);
  });

  it.each([
    ['new', 'closed'],
    ['new', 'new'],
    ['closed', 'resolved'],
    ['in-progress', 'closed'],
    ['nowhere', 'new'],
    ['new', 'nowhere'],
  ])('%s → %s has none', (from, to) => {
    expect(findTransitionTo(wf, from, to)).toBeUndefined();
  });

  it('prefers a transition from the status itself, then one the actor may take', () => {
    const fs = fieldServiceWorkflow();
    fs.transitions.push({
      id: 'withdraw',
      name: 'Withdraw',
      from: ['open'],
      to: 'cancelled',
      roles: ['technician'],
      validators: [],
      postFunctions: [{ type: 'set-timestamp', field: 'resolvedAt', onlyIfEmpty: true }],
    });
    expect(findTransitionTo(fs, 'open', 'cancelled')?.id).toBe('withdraw');
    expect(findTransitionTo(fs, 'open', 'cancelled', technician)?.id).toBe('withdraw');
    expect(findTransitionTo(fs, 'open', 'cancelled', admin)?.id).toBe('cancel');
    expect(findTransitionTo(fs, 'triaged', 'cancelled', technician)?.id).toBe('cancel');
    expect(findTransitionTo(fs, 'open', 'triaged', supervisor)?.id).toBe('triage');
    expect(findTransitionTo(fs, 'open', 'triaged', technician)?.id).toBe('take');
  });

  it('does not depend on a checked workflow', () => {
    const broken = editableDefault();
    broken.transitions = [];
    expect(findTransitionTo(broken, 'new', 'in-progress')).toBeUndefined();
  });
});
