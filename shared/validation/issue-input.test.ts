import { describe, expect, it } from 'vitest';
import { isDomainError, type FieldProblem } from './errors';
import { validateIssuePatch, validateNewIssue } from './issue-input';

/** The problems of the DomainError that `run` throws; fails the test when it throws none. */
function problemsOf(run: () => unknown): FieldProblem[] {
  try {
    run();
  } catch (error) {
    if (isDomainError(error, 'validation-failed')) return error.problems;
    throw error;
  }
  throw new Error('expected a validation-failed DomainError, got none');
}

function reasons(problems: FieldProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field, p.reason]));
}

const valid = {
  title: 'Conveyor jam on line 3',
  type: 'breakdown',
  priority: 'High',
  severity: 3,
  locationId: 'loc-line-3',
};

describe('validateNewIssue', () => {
  it('returns a clean, normalised copy of valid input', () => {
    const input = {
      ...valid,
      title: '  Conveyor jam on line 3 \n',
      description: ' Belt stopped at station 4. ',
      assignee: ' maria ',
      customFields: { shift: 'night', downtimeMinutes: 45, safetyStop: false },
      workflowId: 'default',
    };
    expect(validateNewIssue(input)).toEqual({
      title: 'Conveyor jam on line 3',
      description: 'Belt stopped at station 4.',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: 'loc-line-3',
      assignee: 'maria',
      customFields: { shift: 'night', downtimeMinutes: 45, safetyStop: false },
      workflowId: 'default',
    });
  });

  it('fills in the optional fields and drops a blank assignee', () => {
    const clean = validateNewIssue({ ...valid, assignee: '   ', description: undefined });
    expect(clean).toEqual({ ...valid, description: '', customFields: {} });
    expect('assignee' in clean).toBe(false);
    expect('workflowId' in clean).toBe(false);
  });

  it('accepts the bounds: 100-character title, 1000-character description, severity 1 and 5', () => {
    const title = 'T'.repeat(100);
    const description = 'd'.repeat(1000);
    expect(validateNewIssue({ ...valid, title, description, severity: 1 }).title).toBe(title);
    expect(validateNewIssue({ ...valid, severity: 5 }).severity).toBe(5);
  });

  it('counts characters, not UTF-16 units', () => {
    const wide = '🔥'.repeat(100); // 100 characters, 200 UTF-16 units
    expect(validateNewIssue({ ...valid, title: wide }).title).toBe(wide);
    expect(
      reasons(problemsOf(() => validateNewIssue({ ...valid, title: '🔥'.repeat(101) }))),
    ).toEqual({ title: 'too-long' });
  });

  it.each([
    ['title missing', { title: undefined }, 'title', 'required'],
    ['title blank', { title: '   ' }, 'title', 'required'],
    ['title not text', { title: 42 }, 'title', 'invalid-format'],
    ['title too long', { title: 'x'.repeat(101) }, 'title', 'too-long'],
    ['description too long', { description: 'x'.repeat(1001) }, 'description', 'too-long'],
    ['description not text', { description: null }, 'description', 'invalid-format'],
    ['type missing', { type: undefined }, 'type', 'required'],
    ['type unknown', { type: 'fire' }, 'type', 'not-allowed'],
    ['type not text', { type: 1 }, 'type', 'invalid-format'],
    ['priority unknown', { priority: 'high' }, 'priority', 'not-allowed'],
    ['priority missing', { priority: undefined }, 'priority', 'required'],
    ['severity too low', { severity: 0 }, 'severity', 'out-of-range'],
    ['severity too high', { severity: 6 }, 'severity', 'out-of-range'],
    ['severity fractional', { severity: 2.5 }, 'severity', 'invalid-format'],
    ['severity as text', { severity: '3' }, 'severity', 'invalid-format'],
    ['severity NaN', { severity: Number.NaN }, 'severity', 'invalid-format'],
    ['severity missing', { severity: undefined }, 'severity', 'required'],
    ['locationId missing', { locationId: undefined }, 'locationId', 'required'],
    ['locationId empty', { locationId: '' }, 'locationId', 'required'],
    ['locationId too long', { locationId: 'l'.repeat(65) }, 'locationId', 'too-long'],
    ['assignee too long', { assignee: 'a'.repeat(101) }, 'assignee', 'too-long'],
    ['assignee not text', { assignee: { id: 1 } }, 'assignee', 'invalid-format'],
    ['workflowId empty', { workflowId: '' }, 'workflowId', 'required'],
    ['custom fields not an object', { customFields: ['a'] }, 'customFields', 'invalid-format'],
    [
      'custom field bad name',
      { customFields: { '1st': 'x' } },
      'customFields["1st"]',
      'invalid-format',
    ],
    [
      'custom field name too long',
      { customFields: { ['k'.repeat(41)]: 1 } },
      `customFields.${'k'.repeat(41)}`,
      'invalid-format',
    ],
    [
      'custom field text too long',
      { customFields: { note: 'n'.repeat(501) } },
      'customFields.note',
      'too-long',
    ],
    [
      'custom field infinite',
      { customFields: { rate: Infinity } },
      'customFields.rate',
      'invalid-format',
    ],
    ['custom field null', { customFields: { rate: null } }, 'customFields.rate', 'invalid-format'],
    [
      'custom field object',
      { customFields: { rate: { a: 1 } } },
      'customFields.rate',
      'invalid-format',
    ],
    ['status given', { status: 'resolved' }, 'status', 'not-allowed'],
    ['unknown key', { colour: 'red' }, 'colour', 'not-allowed'],
  ])('refuses %s', (_name, change, field, reason) => {
    const problems = problemsOf(() => validateNewIssue({ ...valid, ...change }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, reason });
    expect(problems[0]?.message).toMatch(/^[A-Z"].*\.$/);
  });

  it('explains limits with the actual length', () => {
    const [problem] = problemsOf(() => validateNewIssue({ ...valid, title: 'x'.repeat(112) }));
    expect(problem?.message).toBe('Title must be at most 100 characters (it has 112).');
  });

  it('refuses more than 50 custom fields and accepts exactly 50', () => {
    const fields = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
    expect(
      Object.keys(validateNewIssue({ ...valid, customFields: fields(50) }).customFields ?? {}),
    ).toHaveLength(50);
    expect(problemsOf(() => validateNewIssue({ ...valid, customFields: fields(51) }))).toEqual([
      expect.objectContaining({ field: 'customFields', reason: 'too-long' }),
    ]);
  });

  it('accepts custom field names at the pattern limits', () => {
    const name = `A${'b'.repeat(38)}-`;
    expect(
      validateNewIssue({ ...valid, customFields: { [name]: '', x_1: 0 } }).customFields,
    ).toEqual({
      [name]: '',
      x_1: 0,
    });
  });

  it('collects every problem at once and names each field', () => {
    const error = (() => {
      try {
        validateNewIssue({
          title: '',
          description: 'x'.repeat(1001),
          type: 'fire',
          priority: 'urgent',
          severity: 9,
          locationId: '',
          assignee: 7,
          customFields: { 'bad key': 1, ok: [] },
          reporter: 'someone',
          extra: true,
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isDomainError(error, 'validation-failed')).toBe(true);
    if (!isDomainError(error)) return;
    expect(reasons(error.problems)).toEqual({
      title: 'required',
      description: 'too-long',
      type: 'not-allowed',
      priority: 'not-allowed',
      severity: 'out-of-range',
      locationId: 'required',
      assignee: 'invalid-format',
      'customFields["bad key"]': 'invalid-format',
      'customFields.ok': 'invalid-format',
      reporter: 'not-allowed',
      extra: 'not-allowed',
    });
    expect(error.message).toContain('Title must not be empty.');
    expect(error.message).toContain('Severity must be from 1 to 5 (it is 9).');
  });

  it('refuses input that is not an object', () => {
    for (const input of [null, undefined, 'title', 3, ['a']]) {
      expect(problemsOf(() => validateNewIssue(input))).toEqual([
        expect.objectContaining({ field: '', reason: 'invalid-format' }),
      ]);
    }
  });

  it('ignores keys whose value is undefined and inherited properties', () => {
    const withProto = Object.assign(
      Object.create({ title: 'inherited', colour: 'red' }) as object,
      {
        ...valid,
        colour: undefined,
      },
    );
    expect(validateNewIssue(withProto).title).toBe(valid.title);
    const noOwnTitle = Object.assign(Object.create({ title: 'inherited' }) as object, {
      ...valid,
      title: undefined,
    });
    expect(reasons(problemsOf(() => validateNewIssue(noOwnTitle)))).toEqual({ title: 'required' });
  });

  it('does not let a __proto__ key through', () => {
    const input: unknown = JSON.parse(
      JSON.stringify({ ...valid }).replace('{', '{"customFields":{"__proto__":{"polluted":1}},'),
    );
    expect(reasons(problemsOf(() => validateNewIssue(input)))).toEqual({
      'customFields.__proto__': 'invalid-format',
    });
  });
});

describe('validateIssuePatch', () => {
  it('returns only the fields given, cleaned', () => {
    expect(validateIssuePatch({ title: ' New title ', severity: 2 })).toEqual({
      title: 'New title',
      severity: 2,
    });
    expect(validateIssuePatch({})).toEqual({});
    expect(validateIssuePatch({ description: '  ' })).toEqual({ description: '' });
  });

  it('clears the assignee with null or blank text', () => {
    expect(validateIssuePatch({ assignee: null })).toEqual({ assignee: null });
    expect(validateIssuePatch({ assignee: ' ' })).toEqual({ assignee: null });
    expect(validateIssuePatch({ assignee: ' jo ' })).toEqual({ assignee: 'jo' });
  });

  it('takes every editable field', () => {
    const patch = {
      title: 'T',
      description: 'D',
      type: 'safety',
      priority: 'Critical',
      severity: 5,
      locationId: 'l2',
      assignee: 'ana',
      customFields: { area: 'B' },
    };
    expect(validateIssuePatch(patch)).toEqual(patch);
  });

  it.each([
    ['blank title', { title: ' ' }, 'title', 'required'],
    ['title too long', { title: 'x'.repeat(101) }, 'title', 'too-long'],
    ['null title', { title: null }, 'title', 'invalid-format'],
    ['unknown type', { type: 'x' }, 'type', 'not-allowed'],
    ['unknown priority', { priority: 'P1' }, 'priority', 'not-allowed'],
    ['severity out of range', { severity: 7 }, 'severity', 'out-of-range'],
    ['empty location', { locationId: '' }, 'locationId', 'required'],
    ['assignee too long', { assignee: 'x'.repeat(101) }, 'assignee', 'too-long'],
    ['custom fields null', { customFields: null }, 'customFields', 'invalid-format'],
    ['status', { status: 'closed' }, 'status', 'not-allowed'],
    ['resolvedAt', { resolvedAt: 1 }, 'resolvedAt', 'not-allowed'],
    ['workflowId', { workflowId: 'other' }, 'workflowId', 'not-allowed'],
    ['version', { version: 3 }, 'version', 'not-allowed'],
    ['unknown key', { foo: 1 }, 'foo', 'not-allowed'],
  ])('refuses %s', (_name, patch, field, reason) => {
    expect(problemsOf(() => validateIssuePatch(patch))).toEqual([
      expect.objectContaining({ field, reason }),
    ]);
  });

  it('says that status changes go through transitions', () => {
    const [problem] = problemsOf(() => validateIssuePatch({ status: 'closed' }));
    expect(problem?.message).toBe('Status changes only through a workflow transition.');
  });

  it('collects every problem at once', () => {
    const problems = problemsOf(() =>
      validateIssuePatch({ title: '', severity: 0, priority: 'x', status: 'y' }),
    );
    expect(reasons(problems)).toEqual({
      title: 'required',
      severity: 'out-of-range',
      priority: 'not-allowed',
      status: 'not-allowed',
    });
  });

  it('refuses a patch that is not an object', () => {
    expect(reasons(problemsOf(() => validateIssuePatch('title')))).toEqual({
      '': 'invalid-format',
    });
  });
});
