import { describe, expect, it } from 'vitest';
import { DomainError } from '../validation/errors';
import { DEFAULT_ESCALATION_RULES } from './default-rules';
import { makeRule } from './engine.test-util';
import { validateEscalationRule, validateEscalationRuleDraft } from './rule-validation';

function problemsOf(run: () => unknown): { field: string; reason: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).problems;
  }
  throw new Error('expected a DomainError');
}

function draftOf(rule = makeRule()): Record<string, unknown> {
  const { id: _id, version: _v, updatedAt: _u, updatedBy: _b, ...draft } = structuredClone(rule);
  return draft;
}

describe('rule validation', () => {
  it('accepts the default rules as they are', () => {
    for (const rule of DEFAULT_ESCALATION_RULES) {
      expect(validateEscalationRule(structuredClone(rule))).toEqual(rule);
    }
  });

  it('accepts a draft with every kind of action and returns a clean copy', () => {
    const draft = draftOf(
      makeRule({
        scope: {
          priorities: ['High', 'Critical'],
          types: ['safety'],
          minSeverity: 3,
          locationIds: ['site-a'],
          statuses: ['new'],
          query: 'cf.line = 3',
        },
        levels: [
          {
            delayMinutes: 10,
            from: 'clock-start',
            actions: [
              {
                type: 'notify',
                recipients: [
                  { kind: 'role', role: 'supervisor' },
                  { kind: 'user', userId: 'ann' },
                ],
                message: '{title} at {locationId}',
              },
              { type: 'raise-priority', to: 'Critical' },
              { type: 'set-severity', severity: 5 },
              { type: 'assign', assignee: 'bob' },
              {
                type: 'comment',
                body: 'Level {escalation.level} of {escalation.rule}; braces {{ok}}',
              },
              {
                type: 'start-bpa-workflow',
                definitionId: 'eu10.acme.maint.escalate',
                context: { 'issue.id': '{id}', 'issue.severity': '{severity}' },
              },
              {
                type: 'jira-issue',
                projectKey: 'MNT',
                issueType: 'Task',
                fields: {
                  summary: '{title}',
                  'priority.name': '{priority}',
                  customfield_10050: '{cf.order}',
                },
              },
            ],
          },
        ],
        repeat: { count: 3, intervalMinutes: 30, mode: 'all-levels' },
      }),
    );
    const clean = validateEscalationRuleDraft({ ...draft, name: '  Spaced  ' });
    expect(clean.name).toBe('Spaced');
    expect(clean.levels[0]?.actions).toHaveLength(7);
    expect(clean.scope.query).toBe('cf.line = 3');
  });

  it('collects every problem with the path of its field', () => {
    const draft = draftOf();
    const problems = problemsOf(() =>
      validateEscalationRuleDraft({
        ...draft,
        name: '',
        id: 'mine',
        clock: {
          start: { on: 'status', statuses: [] },
          stop: [],
          pauseStatuses: [],
          calendar: 'weekdays',
        },
        levels: [
          { delayMinutes: 30, from: 'clock-start', actions: [] },
          {
            delayMinutes: 10,
            from: 'clock-start',
            actions: [
              {
                type: 'jira-issue',
                projectKey: 'mnt',
                issueType: 'Task',
                fields: { a: '{nope}', 'a.b': 'x' },
              },
            ],
          },
        ],
        repeat: { count: 0, intervalMinutes: 5, mode: 'last-level' },
      }),
    );
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'name',
        'id',
        'clock.start.statuses',
        'clock.stop',
        'clock.calendar',
        'levels[1].actions[0].projectKey',
        'levels[1].actions[0].fields["a"]',
        'repeat.count',
      ]),
    );
    // Levels with broken actions are not compared; fix them and the order is checked.
    const order = problemsOf(() =>
      validateEscalationRuleDraft({
        ...draft,
        levels: [
          { delayMinutes: 30, from: 'clock-start', actions: [] },
          { delayMinutes: 10, from: 'clock-start', actions: [] },
        ],
      }),
    );
    expect(order).toEqual([
      {
        field: 'levels[1].delayMinutes',
        reason: 'out-of-range',
        message:
          'Level 2 would come due after 10 min, before level 1 (30 min): levels must be in order.',
      },
    ]);
  });

  it('refuses unknown statuses and locations when it knows them, and a bad query', () => {
    const draft = draftOf(
      makeRule({
        scope: {
          priorities: [],
          types: [],
          locationIds: ['nowhere'],
          statuses: [],
          query: 'priority ==',
        },
        clock: {
          start: { on: 'created' },
          stop: [{ on: 'status', statuses: ['done-ish'] }],
          pauseStatuses: ['on-hold'],
          calendar: '24x7',
        },
      }),
    );
    const problems = problemsOf(() =>
      validateEscalationRuleDraft(draft, {
        knownStatuses: ['new', 'in-progress', 'resolved', 'closed'],
        knownLocationIds: ['site-a'],
        checkQuery: (query) => (query.endsWith('==') ? 'Expected a value after "==".' : undefined),
      }),
    );
    expect(problems.map((p) => [p.field, p.reason])).toEqual([
      ['scope.locationIds[0]', 'unknown-reference'],
      ['scope.query', 'invalid-format'],
      ['clock.stop[0].statuses[0]', 'unknown-reference'],
      ['clock.pauseStatuses[0]', 'unknown-reference'],
    ]);
  });

  it('refuses a clock that starts only in pause statuses, and stray keys', () => {
    const draft = draftOf(
      makeRule({
        clock: {
          start: { on: 'status', statuses: ['on-hold'] },
          stop: [{ on: 'resolved' }],
          pauseStatuses: ['on-hold'],
          calendar: '24x7',
        },
      }),
    );
    const problems = problemsOf(() =>
      validateEscalationRuleDraft({
        ...draft,
        levels: [
          {
            delayMinutes: 1,
            from: 'clock-start',
            actions: [{ type: 'assign', assignee: 'x', extra: 1 }],
          },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'clock.pauseStatuses',
      'levels[0].actions[0].extra',
    ]);
  });

  it('accepts a clock that starts on entering the scope, with nothing more to say', () => {
    const draft = draftOf(
      makeRule({
        clock: {
          start: { on: 'scope' },
          stop: [{ on: 'acknowledged' }],
          pauseStatuses: [],
          calendar: '24x7',
        },
      }),
    );
    expect(validateEscalationRuleDraft(draft).clock.start).toEqual({ on: 'scope' });
    const problems = problemsOf(() =>
      validateEscalationRuleDraft({
        ...draft,
        clock: { ...(draft.clock as object), start: { on: 'scope', statuses: ['new'] } },
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['clock.start.statuses']);
  });

  it('checks the stored fields of a version', () => {
    const problems = problemsOf(() =>
      validateEscalationRule({ ...makeRule(), id: 'a:b', version: 0, updatedAt: -1 }),
    );
    expect(problems.map((p) => p.field)).toEqual(['id', 'version', 'updatedAt']);
    expect(problemsOf(() => validateEscalationRule('rule'))[0]?.reason).toBe('invalid-format');
  });
});
