import { describe, expect, it } from 'vitest';
import type { Workflow } from '../domain';
import { isDomainError, type FieldProblem } from '../validation/errors';
import { checkWorkflow, checkWorkflowDefinition } from './check-workflow';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { editableDefault, fieldServiceWorkflow } from './workflow.test-util';

function problemsOf(run: () => unknown): FieldProblem[] {
  try {
    run();
  } catch (error) {
    if (isDomainError(error, 'validation-failed')) return error.problems;
    throw error;
  }
  throw new Error('expected a validation-failed DomainError, got none');
}

function reasons(problems: FieldProblem[]): [string, string][] {
  return problems.map((p) => [p.field, p.reason]);
}

/** The problems checkWorkflow finds in the default workflow after `breakIt`. */
function problemsAfter(breakIt: (wf: Workflow & Record<string, unknown>) => void) {
  const wf = editableDefault() as Workflow & Record<string, unknown>;
  breakIt(wf);
  return reasons(problemsOf(() => checkWorkflow(wf)));
}

function at<T>(list: T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

describe('checkWorkflow', () => {
  it('accepts the default workflow and returns a copy', () => {
    const checked = checkWorkflow(DEFAULT_WORKFLOW);
    expect(checked).toEqual(DEFAULT_WORKFLOW);
    expect(checked).not.toBe(DEFAULT_WORKFLOW);
    expect(Object.isFrozen(checked.statuses)).toBe(false);
  });

  it('accepts a workflow with a transition from any status and an assignee validator', () => {
    const wf = fieldServiceWorkflow();
    expect(checkWorkflow(wf)).toEqual(wf);
  });

  it('normalises names, duplicate from-statuses and roles, and drops nothing else', () => {
    const wf = editableDefault();
    wf.name = '  Default  ';
    at(wf.statuses, 0).name = ' New ';
    at(wf.transitions, 2).from = ['new', 'in-progress', 'new'];
    at(wf.transitions, 3).roles = ['admin', 'supervisor', 'admin'];
    const checked = checkWorkflow(wf);
    expect(checked.name).toBe('Default');
    expect(at(checked.statuses, 0).name).toBe('New');
    expect(at(checked.transitions, 2).from).toEqual(['new', 'in-progress']);
    expect(at(checked.transitions, 3).roles).toEqual(['admin', 'supervisor']);
  });

  it('requires updatedAt; the definition check ignores it', () => {
    const { updatedAt: _updatedAt, ...definition } = editableDefault();
    expect(reasons(problemsOf(() => checkWorkflow(definition)))).toEqual([
      ['updatedAt', 'required'],
    ]);
    expect(checkWorkflowDefinition(definition)).toEqual(definition);
    expect(checkWorkflowDefinition({ ...definition, updatedAt: 'yesterday' })).toEqual(definition);
    expect(reasons(problemsOf(() => checkWorkflow({ ...definition, updatedAt: -1 })))).toEqual([
      ['updatedAt', 'out-of-range'],
    ]);
  });

  it.each<[string, (wf: Workflow & Record<string, unknown>) => void, [string, string][]]>([
    ['an unknown key', (wf) => (wf.owner = 'me'), [['owner', 'not-allowed']]],
    ['a blank name', (wf) => (wf.name = ' '), [['name', 'required']]],
    ['an id with spaces', (wf) => (wf.id = 'my flow'), [['id', 'invalid-format']]],
    ['no statuses', (wf) => (wf.statuses = []), [['statuses', 'too-short']]],
    [
      'statuses that are not a list',
      (wf) => ((wf as Record<string, unknown>).statuses = {}),
      [['statuses', 'invalid-format']],
    ],
    [
      'a status that is not an object',
      (wf) => ((wf.statuses as unknown[])[1] = 'in-progress'),
      [['statuses[1]', 'invalid-format']],
    ],
    [
      'a blank status name',
      (wf) => (at(wf.statuses, 1).name = ''),
      [['statuses[1].name', 'required']],
    ],
    [
      'an unknown category',
      (wf) => ((at(wf.statuses, 1) as { category: string }).category = 'doing'),
      [['statuses[1].category', 'not-allowed']],
    ],
    [
      'a duplicate status id',
      (wf) => wf.statuses.push({ id: 'closed', name: 'Archived', category: 'done' }),
      [['statuses[4].id', 'not-allowed']],
    ],
    [
      'a renamed status still referenced',
      (wf) => (at(wf.statuses, 3).id = 'archived'),
      [
        ['transitions[3].to', 'unknown-reference'],
        ['transitions[4].from[1]', 'unknown-reference'],
      ],
    ],
    [
      'a duplicate status name',
      (wf) => (at(wf.statuses, 3).name = 'resolved'),
      [['statuses[3].name', 'not-allowed']],
    ],
    [
      'an unknown initial status',
      (wf) => (wf.initialStatus = 'draft'),
      [['initialStatus', 'unknown-reference']],
    ],
    [
      'an initial status that is done',
      (wf) => (wf.initialStatus = 'resolved'),
      [['initialStatus', 'not-allowed']],
    ],
    [
      'a transition to an unknown status',
      (wf) => (at(wf.transitions, 2).to = 'done'),
      [['transitions[2].to', 'unknown-reference']],
    ],
    [
      'a transition from an unknown status',
      (wf) => (at(wf.transitions, 0).from = ['open']),
      [['transitions[0].from[0]', 'unknown-reference']],
    ],
    [
      'a transition from its own target',
      (wf) => (at(wf.transitions, 1).from = ['in-progress', 'new']),
      [['transitions[1].from[1]', 'not-allowed']],
    ],
    [
      'a from-status that is not an id',
      (wf) => ((at(wf.transitions, 1).from as unknown[]) = [3]),
      [['transitions[1].from[0]', 'invalid-format']],
    ],
    [
      'a duplicate transition id',
      (wf) => (at(wf.transitions, 4).id = 'close'),
      [['transitions[4].id', 'not-allowed']],
    ],
    [
      'a blank transition name',
      (wf) => (at(wf.transitions, 4).name = '  '),
      [['transitions[4].name', 'required']],
    ],
    [
      'a transition without from',
      (wf) => delete (at(wf.transitions, 1) as Partial<Workflow['transitions'][number]>).from,
      [['transitions[1].from', 'required']],
    ],
    [
      'an unknown transition key',
      (wf) => ((at(wf.transitions, 1) as unknown as Record<string, unknown>).when = 'always'),
      [['transitions[1].when', 'not-allowed']],
    ],
    [
      'an unknown role',
      (wf) => ((at(wf.transitions, 3).roles as string[]) = ['manager']),
      [['transitions[3].roles[0]', 'not-allowed']],
    ],
    [
      'a validator of an unknown field',
      (wf) =>
        ((at(wf.transitions, 2).validators as unknown[]) = [
          { type: 'field-required', field: 'title' },
        ]),
      [['transitions[2].validators[0].field', 'not-allowed']],
    ],
    [
      'an unknown validator type',
      (wf) =>
        ((at(wf.transitions, 2).validators as unknown[]) = [
          { type: 'regex', field: 'resolutionComment' },
        ]),
      [['transitions[2].validators[0].type', 'not-allowed']],
    ],
    [
      'an unknown post-function',
      (wf) => ((at(wf.transitions, 0).postFunctions as unknown[]) = [{ type: 'send-email' }]),
      [['transitions[0].postFunctions[0].type', 'not-allowed']],
    ],
    [
      'a set-timestamp without onlyIfEmpty',
      (wf) =>
        ((at(wf.transitions, 0).postFunctions as unknown[]) = [
          { type: 'set-timestamp', field: 'acknowledgedAt' },
        ]),
      [['transitions[0].postFunctions[0].onlyIfEmpty', 'required']],
    ],
    [
      'a set-timestamp of a text field',
      (wf) =>
        ((at(wf.transitions, 0).postFunctions as unknown[]) = [
          { type: 'set-timestamp', field: 'title', onlyIfEmpty: true },
        ]),
      [['transitions[0].postFunctions[0].field', 'not-allowed']],
    ],
    [
      'an assign-to-actor with a field',
      (wf) =>
        ((at(wf.transitions, 0).postFunctions as unknown[]) = [
          { type: 'assign-to-actor', onlyIfEmpty: true, field: 'assignee' },
        ]),
      [['transitions[0].postFunctions[0].field', 'not-allowed']],
    ],
    [
      'a resolve that does not set resolvedAt',
      (wf) => (at(wf.transitions, 2).postFunctions = []),
      [['transitions[2].postFunctions', 'required']],
    ],
    [
      'a reopen that does not clear resolvedAt',
      (wf) =>
        (at(wf.transitions, 4).postFunctions = [
          { type: 'clear-field', field: 'resolutionComment' },
        ]),
      [['transitions[4].postFunctions', 'required']],
    ],
    [
      'an open transition that sets resolvedAt',
      (wf) =>
        at(wf.transitions, 1).postFunctions.push({
          type: 'set-timestamp',
          field: 'resolvedAt',
          onlyIfEmpty: true,
        }),
      [['transitions[1].postFunctions[0]', 'not-allowed']],
    ],
    [
      'a done transition that clears resolvedAt',
      (wf) =>
        at(wf.transitions, 3).postFunctions.push({ type: 'clear-field', field: 'resolvedAt' }),
      [['transitions[3].postFunctions[0]', 'not-allowed']],
    ],
    [
      'no done status',
      (wf) => {
        wf.statuses = wf.statuses.filter((s) => s.category !== 'done');
        wf.transitions = wf.transitions.slice(0, 2);
      },
      [['statuses', 'required']],
    ],
    [
      'no todo status',
      (wf) => {
        at(wf.statuses, 0).category = 'in-progress';
      },
      [
        ['statuses', 'required'],
        ['initialStatus', 'not-allowed'],
      ],
    ],
    [
      'a status nothing leads to',
      (wf) => wf.statuses.push({ id: 'archived', name: 'Archived', category: 'done' }),
      [['statuses[4]', 'not-allowed']],
    ],
    [
      'a status issues cannot leave',
      (wf) => {
        wf.statuses.push({ id: 'waiting', name: 'Waiting for parts', category: 'in-progress' });
        wf.transitions.push({
          id: 'wait',
          name: 'Wait',
          from: ['in-progress'],
          to: 'waiting',
          roles: [],
          validators: [],
          postFunctions: [],
        });
      },
      [['statuses[4]', 'not-allowed']],
    ],
  ])('refuses %s', (_name, breakIt, expected) => {
    expect(problemsAfter(breakIt)).toEqual(expected);
  });

  it('explains graph problems in words', () => {
    const wf = editableDefault();
    wf.statuses.push({ id: 'archived', name: 'Archived', category: 'done' });
    expect(problemsOf(() => checkWorkflow(wf))[0]?.message).toBe(
      'Status "Archived" cannot be reached from the initial status "New".',
    );
  });

  it('collects every problem at once', () => {
    const problems = problemsAfter((wf) => {
      wf.name = '';
      at(wf.statuses, 1).id = 'new';
      at(wf.transitions, 2).to = 'finished';
      at(wf.transitions, 3).roles = ['boss' as 'admin'];
      at(wf.transitions, 4).from = ['resolved', 'archive'];
    });
    expect(problems).toEqual([
      ['name', 'required'],
      ['transitions[3].roles[0]', 'not-allowed'],
    ]);
    const references = problemsAfter((wf) => {
      wf.name = '';
      wf.statuses.push({ id: 'new', name: 'Fresh', category: 'todo' });
      at(wf.transitions, 2).to = 'finished';
      at(wf.transitions, 4).from = ['resolved', 'archive'];
    });
    expect(references).toEqual([
      ['name', 'required'],
      ['statuses[4].id', 'not-allowed'],
      ['transitions[2].to', 'unknown-reference'],
      ['transitions[4].from[1]', 'unknown-reference'],
    ]);
  });

  it('refuses a workflow that is not an object', () => {
    for (const input of [null, 'default', [DEFAULT_WORKFLOW]]) {
      expect(reasons(problemsOf(() => checkWorkflow(input)))).toEqual([['', 'invalid-format']]);
    }
  });
});
