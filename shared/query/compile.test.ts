import { describe, expect, it } from 'vitest';
import type { Issue } from '../domain';
import { compileQuery } from './compile';
import { QueryError } from './errors';
import { createMatcher, matches } from './evaluate';
import { parseQuery } from './parser';
import { CONTEXT, NOW } from './query.test-util';

const DAY = 86_400_000;
const compile = (text: string) => compileQuery(parseQuery(text), CONTEXT);
const selector = (text: string) => compile(text).selector;

function compileError(text: string): QueryError {
  try {
    compile(text);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

function issue(overrides: Partial<Issue>): Issue {
  return {
    id: 'i1',
    title: 'Pump leak',
    description: '',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId: 'pa-h1-l3',
    workflowId: 'wf',
    status: 'st-new',
    reporter: 'alice',
    reportedAt: NOW - DAY,
    customFields: {},
    version: 0,
    updatedAt: NOW - DAY,
    updatedBy: 'alice',
    updatedOnDevice: 'd1',
    ...overrides,
  };
}

describe('compileQuery', () => {
  it('compiles the example to a Mango query with a native sort', () => {
    const compiled = compile(
      'priority = High AND status != Closed AND location ~ "Plant A" ORDER BY reportedAt DESC',
    );
    expect(compiled.mango).toEqual({
      selector: {
        priority: { $eq: 'High' },
        status: { $ne: 'st-closed' },
        locationId: { $in: ['pa', 'pa-h1', 'pa-h1-l3', 'pa-h2', 'pan'] },
      },
      sort: [{ reportedAt: 'desc' }, { id: 'asc' }],
    });
    expect(compiled.sort).toEqual([
      { field: 'reportedAt', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ]);
    expect(compiled.sortIsNative).toBe(true);
  });

  it('selects everything, sorted by id, for an empty query', () => {
    expect(compile('').mango).toEqual({ selector: {}, sort: [{ id: 'asc' }] });
  });

  it('compares priorities by rank', () => {
    expect(selector('priority >= High')).toEqual({ priority: { $in: ['High', 'Critical'] } });
    expect(selector('priority < Medium')).toEqual({ priority: { $in: ['Lowest', 'Low'] } });
    expect(selector('priority > Critical')).toEqual({ priority: { $in: [] } });
    expect(selector('priority <= Lowest')).toEqual({ priority: { $eq: 'Lowest' } });
  });

  it('compiles ~ to an escaped case-insensitive regex and = on text to an anchored one', () => {
    expect(selector('title ~ "a.b(c)*"')).toEqual({
      title: { $regex: 'a\\.b\\(c\\)\\*', $options: 'i' },
    });
    expect(selector('title !~ pump')).toEqual({
      title: { $not: { $regex: 'pump', $options: 'i' } },
    });
    expect(selector('title = alice')).toEqual({
      title: { $regex: '^(?:alice)$', $options: 'i' },
    });
    // People are matched by id and by name: u-9 is named alice.
    expect(selector('reporter IN (alice, "b|c")')).toEqual({
      reporter: { $regex: '^(?:alice|b\\|c|u\\-9)$', $options: 'i' },
    });
  });

  it('resolves status names case-insensitively, to every status of that name', () => {
    expect(selector('status = new')).toEqual({ status: { $in: ['st-new', 'st2-new'] } });
    expect(selector('status = "IN PROGRESS"')).toEqual({ status: { $eq: 'st-progress' } });
    expect(selector('status NOT IN (Closed, Resolved)')).toEqual({
      status: { $nin: ['st-closed', 'st-resolved'] },
    });
    expect(selector('status ~ o')).toEqual({
      status: { $in: ['st-progress', 'st-resolved', 'st-closed', 'st2-waiting'] },
    });
  });

  it('selects whole location subtrees', () => {
    expect(selector('location = "plant a"')).toEqual({
      locationId: { $in: ['pa', 'pa-h1', 'pa-h1-l3', 'pa-h2'] },
    });
    expect(selector('location = "Line 3"')).toEqual({ locationId: { $in: ['pa-h1-l3', 'pb-l3'] } });
    expect(selector('location != "Hall 1"')).toEqual({
      locationId: { $nin: ['pa-h1', 'pa-h1-l3'] },
    });
    expect(selector('location ~ nowhere')).toEqual({ locationId: { $in: [] } });
  });

  it('reports unknown statuses and locations with their offsets', () => {
    expect(compileError('priority = High AND status = Clsed').toJSON()).toEqual({
      code: 'unknown-value',
      message: "Unknown status 'Clsed' – did you mean 'Closed'?",
      start: 29,
      end: 34,
    });
    expect(compileError('location IN ("Plant A", "Plnt B")').toJSON()).toEqual({
      code: 'unknown-value',
      message: "Unknown location 'Plnt B' – did you mean 'Plant B'?",
      start: 24,
      end: 32,
    });
    expect(compileError('location = Mars').message).toBe("Unknown location 'Mars'");
  });

  it('matches people by id or by name, case-insensitively, and negates exactly', () => {
    const dana = issue({ assignee: 'u-10', reporter: 'u-7' });
    const byId = issue({ id: 'i2', assignee: 'dana smith' });
    const nobody = issue({ id: 'i3' });
    const hits = (text: string) =>
      [dana, byId, nobody].filter((i) => matches(parseQuery(text), i, CONTEXT)).map((i) => i.id);
    expect(hits('assignee = "Dana Smith"')).toEqual(['i1', 'i2']);
    expect(hits('assignee = u-10')).toEqual(['i1']);
    expect(hits('assignee != "dana smith"')).toEqual(['i3']);
    expect(hits('reporter IN ("BOB BUILDER", nobody)')).toEqual(['i1']);
    expect(hits('assignee ~ smith')).toEqual(['i1', 'i2']);
    expect(hits('reporter !~ builder')).toEqual(['i2', 'i3']);
    expect(selector('assignee = "Dana Smith"')).toEqual({
      assignee: { $regex: '^(?:Dana Smith|u\\-10)$', $options: 'i' },
    });
    // Without people in the context, a name is matched as the stored text only.
    const { people: _people, ...withoutPeople } = CONTEXT;
    expect(matches(parseQuery('assignee = "Dana Smith"'), dana, withoutPeople)).toBe(false);
  });

  it('treats EMPTY as absent, or absent or empty text', () => {
    expect(selector('resolvedAt IS EMPTY')).toEqual({ resolvedAt: { $exists: false } });
    expect(selector('resolvedAt IS NOT EMPTY')).toEqual({ resolvedAt: { $exists: true } });
    expect(selector('assignee IS EMPTY')).toEqual({
      $or: [{ assignee: { $exists: false } }, { assignee: { $eq: '' } }],
    });
    expect(selector('cf.line IS NOT EMPTY')).toEqual({
      'customFields.line': { $exists: true, $ne: '' },
    });
  });

  it('reads calendar dates as whole days or minutes in the context time zone', () => {
    // Berlin is at UTC+1 in November 2026.
    const dayStart = Date.UTC(2026, 9, 31, 23);
    const dayEnd = Date.UTC(2026, 10, 1, 23);
    expect(selector('reportedAt = 2026-11-01')).toEqual({
      reportedAt: { $gte: dayStart, $lt: dayEnd },
    });
    expect(selector('reportedAt > 2026-11-01')).toEqual({ reportedAt: { $gte: dayEnd } });
    expect(selector('reportedAt >= 2026-11-01')).toEqual({ reportedAt: { $gte: dayStart } });
    expect(selector('reportedAt < 2026-11-01')).toEqual({ reportedAt: { $lt: dayStart } });
    expect(selector('reportedAt <= 2026-11-01')).toEqual({ reportedAt: { $lt: dayEnd } });
    expect(selector('reportedAt = "2026-11-01 08:00"')).toEqual({
      reportedAt: { $gte: Date.UTC(2026, 10, 1, 7), $lt: Date.UTC(2026, 10, 1, 7, 1) },
    });
    expect(selector('reportedAt != 2026-11-01')).toEqual({
      reportedAt: { $not: { $gte: dayStart, $lt: dayEnd } },
    });
    const utc = compileQuery(parseQuery('reportedAt >= 2026-11-01'), {
      ...CONTEXT,
      timeZone: 'UTC',
    });
    expect(utc.selector).toEqual({ reportedAt: { $gte: Date.UTC(2026, 10, 1) } });
  });

  it('counts relative dates and now() from the context clock', () => {
    expect(selector('reportedAt >= -7d')).toEqual({ reportedAt: { $gte: NOW - 7 * DAY } });
    expect(selector('acknowledgedAt < -2h')).toEqual({
      acknowledgedAt: { $lt: NOW - 2 * 3_600_000 },
    });
    expect(selector('updatedAt > -30m')).toEqual({ updatedAt: { $gt: NOW - 30 * 60_000 } });
    expect(selector('resolvedAt <= -1w')).toEqual({ resolvedAt: { $lte: NOW - 7 * DAY } });
    expect(selector('reportedAt <= now()')).toEqual({ reportedAt: { $lte: NOW } });
  });

  it('compiles custom fields by the type of the written value', () => {
    expect(selector('cf.downtime > 30')).toEqual({ 'customFields.downtime': { $gt: 30 } });
    expect(selector('cf.safety = true')).toEqual({ 'customFields.safety': { $eq: true } });
    expect(selector('cf.line = L3')).toEqual({
      'customFields.line': { $regex: '^(?:L3)$', $options: 'i' },
    });
    expect(selector('cf.line IN (L3, 7, false)')).toEqual({
      $or: [
        { 'customFields.line': { $regex: '^(?:L3)$', $options: 'i' } },
        { 'customFields.line': { $in: [7, false] } },
      ],
    });
  });

  it('pushes NOT down to field operators and keeps fields at the top level', () => {
    expect(selector('NOT (priority = High OR type = safety)')).toEqual({
      priority: { $ne: 'High' },
      type: { $ne: 'safety' },
    });
    expect(selector('NOT (priority = High AND severity > 2)')).toEqual({
      $or: [{ priority: { $ne: 'High' } }, { severity: { $not: { $gt: 2 } } }],
    });
    expect(selector('severity >= 2 AND severity < 4')).toEqual({ severity: { $gte: 2, $lt: 4 } });
    expect(
      selector('(title ~ a OR title ~ b) AND (title ~ c OR title ~ d) AND severity > 1'),
    ).toEqual({
      $or: [{ title: { $regex: 'a', $options: 'i' } }, { title: { $regex: 'b', $options: 'i' } }],
      severity: { $gt: 1 },
      $and: [
        {
          $or: [
            { title: { $regex: 'c', $options: 'i' } },
            { title: { $regex: 'd', $options: 'i' } },
          ],
        },
      ],
    });
    expect(selector('title ~ a AND title ~ b')).toEqual({
      title: { $regex: 'a', $options: 'i' },
      $and: [{ title: { $regex: 'b', $options: 'i' } }],
    });
  });

  it('sorts people by name, as the issue table shows them, not by their ids', () => {
    const compiled = compile('ORDER BY assignee, reporter DESC');
    expect(compiled.sortIsNative).toBe(false);
    expect(compiled.mango.sort).toBeUndefined();
    const issues = [
      issue({ id: 'a', assignee: 'u-10', reporter: 'u-9' }),
      issue({ id: 'b', assignee: 'u-9', reporter: 'u-9' }),
      issue({ id: 'c', assignee: 'someone-gone', reporter: 'u-9' }),
      issue({ id: 'd', reporter: 'u-9' }),
      issue({ id: 'e', assignee: 'u-7', reporter: 'u-9' }),
      issue({ id: 'f', assignee: 'u-8', reporter: 'u-9' }),
      issue({ id: 'g', assignee: 'u-9', reporter: 'u-10' }),
    ];
    // No one first; alice (u-9, reported by Dana Smith before alice: descending), Bob
    // Builder and bob builder (one name in lower case, then by id), Dana Smith; an id no one
    // known has last.
    expect(issues.sort(compiled.compare).map((i) => i.id)).toEqual([
      'd',
      'g',
      'b',
      'e',
      'f',
      'a',
      'c',
    ]);
  });

  it('returns sorts Mango cannot do as data with a comparator', () => {
    const compiled = compile('status != Closed ORDER BY priority DESC, location, status DESC');
    expect(compiled.sortIsNative).toBe(false);
    expect(compiled.mango.sort).toBeUndefined();
    expect(compiled.sort).toEqual([
      { field: 'priority', direction: 'desc' },
      { field: 'location', direction: 'asc' },
      { field: 'status', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ]);
    const issues = [
      issue({ id: 'a', priority: 'Low', locationId: 'pb' }),
      issue({ id: 'b', priority: 'Critical', locationId: 'pb' }),
      issue({ id: 'c', priority: 'High', locationId: 'pb' }),
      issue({ id: 'd', priority: 'High', locationId: 'pa-h1' }),
      issue({ id: 'e', priority: 'High', locationId: 'pa-h1', status: 'st-progress' }),
      issue({ id: 'f', priority: 'High', locationId: 'gone' }),
      issue({ id: 'g', priority: 'High', locationId: 'pa-h1', status: 'st-progress' }),
    ];
    expect(issues.sort(compiled.compare).map((i) => i.id)).toEqual([
      'b',
      'e',
      'g',
      'd',
      'c',
      'f',
      'a',
    ]);
  });

  it('sorts native fields like RxDB: missing values first, then by value, then by id', () => {
    const compiled = compile('ORDER BY description, cf.line DESC');
    expect(compiled.mango.sort).toEqual([
      { description: 'asc' },
      { 'customFields.line': 'desc' },
      { id: 'asc' },
    ]);
    const issues = [
      issue({ id: 'a', description: 'bob' }),
      issue({ id: 'b', description: undefined }),
      issue({ id: 'c', description: 'alice', customFields: { line: 3 } }),
      issue({ id: 'd', description: 'alice', customFields: { line: 'L3' } }),
      issue({ id: 'e', description: 'alice' }),
      issue({ id: 'f', description: 'Zed' }),
    ];
    expect(issues.sort(compiled.compare).map((i) => i.id)).toEqual(['b', 'f', 'd', 'c', 'e', 'a']);
  });

  it('accepts query text and reports its parse errors', () => {
    expect(compileQuery('severity > 2', CONTEXT).selector).toEqual({ severity: { $gt: 2 } });
    expect(() => compileQuery('severity >', CONTEXT)).toThrow(
      new QueryError('expected-value', "Expected a value after '>'", 10, 10),
    );
  });

  it('reports an unknown time zone as a QueryError', () => {
    expect(() =>
      compileQuery(parseQuery('reportedAt > 2026-11-01'), { ...CONTEXT, timeZone: 'Mars/Olympus' }),
    ).toThrow(new QueryError('invalid-context', "Unknown time zone 'Mars/Olympus'", 0, 0));
  });
});

describe('matches', () => {
  it('evaluates the example against single issues', () => {
    const query = parseQuery('priority = High AND status != Closed AND location ~ "Plant A"');
    expect(matches(query, issue({ priority: 'High' }), CONTEXT)).toBe(true);
    expect(matches(query, issue({ priority: 'High', status: 'st-closed' }), CONTEXT)).toBe(false);
    expect(matches(query, issue({ priority: 'High', locationId: 'pb-l3' }), CONTEXT)).toBe(false);
    expect(matches(query, issue({ priority: 'Low' }), CONTEXT)).toBe(false);
  });

  it('counts missing values as different and as not contained', () => {
    const notBob = createMatcher(parseQuery('assignee != bob'), CONTEXT);
    expect(notBob(issue({}))).toBe(true);
    expect(notBob(issue({ assignee: 'BOB' }))).toBe(false);
    expect(matches(parseQuery('assignee ~ b'), issue({}), CONTEXT)).toBe(false);
    expect(matches(parseQuery('resolvedAt < now()'), issue({}), CONTEXT)).toBe(false);
    expect(matches(parseQuery('NOT resolvedAt < now()'), issue({}), CONTEXT)).toBe(true);
  });

  it('compares custom fields only with values of the same type', () => {
    const withLine = (line: string | number | boolean) => issue({ customFields: { line } });
    expect(matches(parseQuery('cf.line = 30'), withLine('30'), CONTEXT)).toBe(false);
    expect(matches(parseQuery('cf.line = 30'), withLine(30), CONTEXT)).toBe(true);
    expect(matches(parseQuery('cf.line = "30"'), withLine('30'), CONTEXT)).toBe(true);
    expect(matches(parseQuery('cf.line > 10'), withLine('30'), CONTEXT)).toBe(false);
    expect(matches(parseQuery('cf.line ~ 3'), withLine(30), CONTEXT)).toBe(false);
    expect(matches(parseQuery('cf.line = true'), withLine(true), CONTEXT)).toBe(true);
  });

  it('accepts a bare condition node and ignores ORDER BY', () => {
    const query = parseQuery('severity > 2 ORDER BY priority');
    expect(matches(query.where!, issue({ severity: 3 }), CONTEXT)).toBe(true);
    expect(matches(parseQuery('ORDER BY priority'), issue({}), CONTEXT)).toBe(true);
    expect(matches('severity > 2 ORDER BY priority', issue({ severity: 3 }), CONTEXT)).toBe(true);
    expect(createMatcher('severity > 3', CONTEXT)(issue({ severity: 3 }))).toBe(false);
  });

  it('throws QueryErrors for names the context does not know', () => {
    expect(() => matches(parseQuery('status = Nope'), issue({}), CONTEXT)).toThrow(QueryError);
  });
});
