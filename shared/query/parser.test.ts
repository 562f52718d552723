import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query, QueryNode } from './ast';
import { QueryError } from './errors';
import { MAX_NESTING, parseQuery, tryParseQuery } from './parser';
import { printQuery } from './printer';
import { queryArb, withoutSpans } from './query.test-util';

const shape = (text: string): Query => withoutSpans(parseQuery(text));
const where = (text: string): QueryNode | null => shape(text).where;

function errorOf(text: string): QueryError {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('parseQuery', () => {
  it('parses the example into a typed tree with spans', () => {
    const text =
      'priority = High AND status != Closed AND location ~ "Plant A" ORDER BY reportedAt DESC';
    expect(parseQuery(text)).toEqual({
      where: {
        kind: 'and',
        span: { start: 0, end: 61 },
        operands: [
          {
            kind: 'comparison',
            field: { name: 'priority', span: { start: 0, end: 8 } },
            operator: '=',
            value: { kind: 'enum', value: 'High', span: { start: 11, end: 15 } },
            span: { start: 0, end: 15 },
          },
          {
            kind: 'comparison',
            field: { name: 'status', span: { start: 20, end: 26 } },
            operator: '!=',
            value: { kind: 'text', text: 'Closed', span: { start: 30, end: 36 } },
            span: { start: 20, end: 36 },
          },
          {
            kind: 'comparison',
            field: { name: 'location', span: { start: 41, end: 49 } },
            operator: '~',
            value: { kind: 'text', text: 'Plant A', span: { start: 52, end: 61 } },
            span: { start: 41, end: 61 },
          },
        ],
      },
      orderBy: [
        {
          field: { name: 'reportedAt', span: { start: 71, end: 81 } },
          direction: 'desc',
          span: { start: 71, end: 86 },
        },
      ],
    });
  });

  it('accepts an empty query and a query that only sorts', () => {
    expect(shape('')).toEqual({ where: null, orderBy: [] });
    expect(shape('   ')).toEqual({ where: null, orderBy: [] });
    expect(shape('order by priority desc, title asc')).toEqual({
      where: null,
      orderBy: [
        { field: { name: 'priority' }, direction: 'desc' },
        { field: { name: 'title' }, direction: 'asc' },
      ],
    });
  });

  describe('precedence', () => {
    const clause = (field: string, value: string) => ({
      kind: 'comparison',
      field: { name: field },
      operator: '=',
      value: { kind: 'text', text: value },
    });
    const a = clause('title', 'a');
    const b = clause('assignee', 'b');
    const c = clause('reporter', 'c');

    it('binds AND tighter than OR', () => {
      expect(where('title = a OR assignee = b AND reporter = c')).toEqual({
        kind: 'or',
        operands: [a, { kind: 'and', operands: [b, c] }],
      });
      expect(where('title = a AND assignee = b OR reporter = c')).toEqual({
        kind: 'or',
        operands: [{ kind: 'and', operands: [a, b] }, c],
      });
    });

    it('binds NOT tighter than AND', () => {
      expect(where('NOT title = a AND assignee = b')).toEqual({
        kind: 'and',
        operands: [{ kind: 'not', operand: a }, b],
      });
      expect(where('NOT NOT title = a')).toEqual({
        kind: 'not',
        operand: { kind: 'not', operand: a },
      });
    });

    it('lets parentheses override, and keeps chains flat', () => {
      expect(where('(title = a OR assignee = b) AND reporter = c')).toEqual({
        kind: 'and',
        operands: [{ kind: 'or', operands: [a, b] }, c],
      });
      expect(where('NOT (title = a OR assignee = b)')).toEqual({
        kind: 'not',
        operand: { kind: 'or', operands: [a, b] },
      });
      expect(where('title = a AND assignee = b AND reporter = c')).toEqual({
        kind: 'and',
        operands: [a, b, c],
      });
      expect(where('title = a AND (assignee = b AND reporter = c)')).toEqual({
        kind: 'and',
        operands: [a, { kind: 'and', operands: [b, c] }],
      });
      expect(where('((title = a))')).toEqual(a);
    });
  });

  it('reads keywords and built-in field names in any case', () => {
    expect(
      shape('PRIORITY = high and Status != closed Or TYPE in (Safety) order BY reportedat Desc'),
    ).toEqual(
      shape('priority = High AND status != closed OR type IN (safety) ORDER BY reportedAt DESC'),
    );
  });

  it('reads every operator', () => {
    const ops = ['=', '!=', '>', '>=', '<', '<='];
    for (const op of ops) {
      expect(where(`severity ${op} 3`)).toMatchObject({
        operator: op,
        value: { kind: 'number', value: 3 },
      });
    }
    expect(where('title ~ pump')).toMatchObject({ operator: '~' });
    expect(where('title !~ pump')).toMatchObject({ operator: '!~' });
    expect(where('priority IN (High, critical)')).toEqual({
      kind: 'in',
      field: { name: 'priority' },
      negated: false,
      values: [
        { kind: 'enum', value: 'High' },
        { kind: 'enum', value: 'Critical' },
      ],
    });
    expect(where('status NOT IN (Closed, "In Progress")')).toMatchObject({
      kind: 'in',
      negated: true,
    });
    expect(where('assignee IS EMPTY')).toEqual({
      kind: 'empty',
      field: { name: 'assignee' },
      negated: false,
    });
    expect(where('assignee is not empty')).toEqual({
      kind: 'empty',
      field: { name: 'assignee' },
      negated: true,
    });
    expect(where('assignee IS NULL')).toEqual(where('assignee IS EMPTY'));
  });

  it('reads values: words, strings with escapes, numbers, dates, relative dates and now()', () => {
    expect(where('title = "say \\"hi\\" \\\\ \\n\\t\\u00e9"')).toMatchObject({
      value: { kind: 'text', text: 'say "hi" \\ \n\té' },
    });
    expect(where("title = 'single \\' quoted'")).toMatchObject({
      value: { kind: 'text', text: "single ' quoted" },
    });
    expect(where('assignee = j.smith@plant-a')).toMatchObject({
      value: { kind: 'text', text: 'j.smith@plant-a' },
    });
    expect(where('title = 42')).toMatchObject({ value: { kind: 'text', text: '42' } });
    expect(where('severity >= -1.5')).toMatchObject({ value: { kind: 'number', value: -1.5 } });
    expect(where('reportedAt >= -7d')).toMatchObject({
      value: { kind: 'relative-date', amount: -7, unit: 'd' },
    });
    expect(where('reportedAt >= -2h')).toMatchObject({
      value: { kind: 'relative-date', amount: -2, unit: 'h' },
    });
    expect(where('reportedAt >= -30m')).toMatchObject({
      value: { kind: 'relative-date', amount: -30, unit: 'm' },
    });
    expect(where('reportedAt >= -1w')).toMatchObject({
      value: { kind: 'relative-date', amount: -1, unit: 'w' },
    });
    expect(where('resolvedAt < +1d')).toMatchObject({
      value: { kind: 'relative-date', amount: 1, unit: 'd' },
    });
    expect(where('reportedAt < NOW()')).toMatchObject({ value: { kind: 'now' } });
    expect(where('reportedAt < now ( )')).toMatchObject({ value: { kind: 'now' } });
    expect(where('reportedAt >= 2026-11-01')).toMatchObject({
      value: { kind: 'date', year: 2026, month: 11, day: 1 },
    });
    expect(where('reportedAt >= "2026-11-01 08:00"')).toMatchObject({
      value: { kind: 'date', year: 2026, month: 11, day: 1, time: { hour: 8, minute: 0 } },
    });
    expect(where('reportedAt >= 2026-11-01T08:00:30')).toMatchObject({
      value: { kind: 'date', time: { hour: 8, minute: 0, second: 30 } },
    });
  });

  it('types custom field values by how they are written', () => {
    expect(where('cf.downtime > 30')).toMatchObject({
      field: { name: 'cf.downtime' },
      value: { kind: 'number', value: 30 },
    });
    expect(where('cf.line = L3')).toMatchObject({ value: { kind: 'text', text: 'L3' } });
    expect(where('cf.line = "30"')).toMatchObject({ value: { kind: 'text', text: '30' } });
    expect(where('cf.safety = TRUE')).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(where('cf.safety = "true"')).toMatchObject({ value: { kind: 'text', text: 'true' } });
    expect(where('cf.due < 2026-12-01')).toMatchObject({ value: { kind: 'date' } });
    expect(where('cf.line ~ 30')).toMatchObject({ value: { kind: 'text', text: '30' } });
    expect(where('CF.Line = x')).toMatchObject({ field: { name: 'cf.Line' } });
  });

  it('keeps spans of every node', () => {
    const text = 'NOT (title ~ pump OR severity IN (1, 2))';
    const node = parseQuery(text).where!;
    expect(node.span).toEqual({ start: 0, end: 39 });
    expect(node.kind === 'not' && node.operand.span).toEqual({ start: 5, end: 39 });
  });
});

describe('parse errors', () => {
  const cases: [string, QueryError['code'], string, number, number][] = [
    ['priorty = High', 'unknown-field', "Unknown field 'priorty' – did you mean 'priority'?", 0, 7],
    ['zzz = 1', 'unknown-field', "Unknown field 'zzz'", 0, 3],
    ['priority =', 'expected-value', "Expected a value after '='", 10, 10],
    [
      'title = and',
      'expected-value',
      "Expected a value after '=' – put 'and' in quotes to use it as a value",
      8,
      11,
    ],
    ['severity ~ 3', 'operator-not-allowed', "'~' cannot be used with severity", 9, 10],
    ['type > safety', 'operator-not-allowed', "'>' cannot be used with type", 5, 6],
    ['priority IS EMPTY', 'operator-not-allowed', "'IS EMPTY' cannot be used with priority", 9, 17],
    [
      'reportedAt NOT IN (-1d)',
      'operator-not-allowed',
      "'NOT IN' cannot be used with reportedAt",
      11,
      17,
    ],
    ['title = "pump', 'unterminated-string', 'Unterminated string: add a closing "', 8, 13],
    [
      'title = "a\\qb"',
      'invalid-escape',
      "Unknown escape '\\q' in a string: use \\\" \\' \\\\ \\n \\t \\r or \\uXXXX",
      10,
      12,
    ],
    [
      'title = "\\u12"',
      'invalid-escape',
      "The escape '\\u' needs four hex digits, like \\u00e9",
      9,
      11,
    ],
    ['title = a & b', 'unexpected-character', "Unexpected character '&'", 10, 11],
    [
      'title ! a',
      'unexpected-character',
      "Unexpected character '!' – did you mean '!=' or '!~'?",
      6,
      7,
    ],
    ['priority = Hgh', 'unknown-value', "Unknown priority 'Hgh' – did you mean 'High'?", 11, 14],
    [
      'type = bogus',
      'unknown-value',
      "Unknown type 'bogus': use one of breakdown, safety, quality, maintenance, other",
      7,
      12,
    ],
    ['severity = high', 'invalid-value', "Expected a number for severity, found 'high'", 11, 15],
    ['severity = 1e999', 'invalid-value', "The number '1e999' is too large", 11, 16],
    [
      'reportedAt > yesterday',
      'invalid-value',
      'Expected a date for reportedAt, like 2026-11-01, "2026-11-01 08:00", -7d or now(), found \'yesterday\'',
      13,
      22,
    ],
    [
      'reportedAt > -7days',
      'invalid-value',
      "Unknown time unit in '-7days': use m, h, d or w (like -30m, -2h, -7d, -1w)",
      13,
      19,
    ],
    [
      'reportedAt = 2026-02-30',
      'invalid-date',
      "Invalid date '2026-02-30': no such day or time",
      13,
      23,
    ],
    [
      'reportedAt = "2026-11-01 25:00"',
      'invalid-date',
      "Invalid date '2026-11-01 25:00': no such day or time",
      13,
      31,
    ],
    ['title = now()', 'invalid-value', 'now() is a date; title needs text here', 8, 13],
    ['reportedAt > now(', 'expected-token', "Expected ')' after 'now('", 17, 17],
    ['cf.x > abc', 'invalid-value', "'>' needs a number or a date, found 'abc'", 7, 10],
    [
      'cf.x IN (2026-11-01)',
      'invalid-value',
      'Dates cannot be listed after IN: compare with >= and < instead',
      9,
      19,
    ],
    [
      'cf.9x = 1',
      'invalid-field-name',
      "Invalid custom field name 'cf.9x': after 'cf.' come a letter, then letters, digits, '_' or '-'",
      0,
      5,
    ],
    [
      'cf.toString = 1',
      'invalid-field-name',
      "Invalid custom field name 'cf.toString': after 'cf.' come a letter, then letters, digits, '_' or '-'",
      0,
      11,
    ],
    [
      'priority High',
      'expected-operator',
      "Expected an operator after 'priority': =, !=, >, >=, <, <=, IN, NOT IN",
      9,
      13,
    ],
    ['priority NOT High', 'expected-token', "Expected 'IN' after 'NOT'", 13, 17],
    ['resolvedAt IS', 'expected-token', "Expected 'EMPTY' or 'NOT EMPTY' after 'IS'", 13, 13],
    ['resolvedAt IS NOT', 'expected-token', "Expected 'EMPTY' after 'IS NOT'", 17, 17],
    ['priority IN High', 'expected-token', "Expected '(' after 'IN'", 12, 16],
    [
      'priority IN (High Low)',
      'expected-token',
      "Expected ',' or ')' in the list, found 'Low'",
      18,
      21,
    ],
    ['priority IN ()', 'expected-value', "Expected a value after '('", 13, 14],
    ['(priority = High', 'expected-token', "Expected ')' to close the '(' at offset 0", 16, 16],
    ['(priority = High OR', 'expected-field', "Expected a field after 'OR'", 19, 19],
    ['priority = High)', 'unexpected-token', "Unexpected ')': there is no '(' to close", 15, 16],
    [
      'priority = High status = New',
      'unexpected-token',
      "Expected AND, OR or ORDER BY, found 'status'",
      16,
      22,
    ],
    ['priority = High AND', 'expected-field', "Expected a field after 'AND'", 19, 19],
    ['= High', 'expected-field', "Expected a field, found '='", 0, 1],
    ['"title" = x', 'expected-field', 'Expected a field, found \'"title"\'', 0, 7],
    ['ORDER priority', 'expected-token', "Expected 'BY' after 'ORDER'", 6, 14],
    ['ORDER BY', 'expected-field', "Expected a field after 'BY'", 8, 8],
    ['ORDER BY priority, Priority', 'duplicate-sort', "'priority' is already in ORDER BY", 19, 27],
    [
      'ORDER BY priority DESC status',
      'unexpected-token',
      "Expected ',' or the end of the query, found 'status'",
      23,
      29,
    ],
  ];

  it.each(cases)('%s', (text, code, message, start, end) => {
    const error = errorOf(text);
    expect({
      code: error.code,
      message: error.message,
      start: error.start,
      end: error.end,
    }).toEqual({
      code,
      message,
      start,
      end,
    });
  });

  it('refuses nesting deeper than MAX_NESTING', () => {
    const deep = `${'('.repeat(MAX_NESTING + 1)}title = a${')'.repeat(MAX_NESTING + 1)}`;
    expect(errorOf(deep)).toMatchObject({
      code: 'too-deep',
      start: MAX_NESTING,
      end: MAX_NESTING + 1,
    });
    expect(errorOf(`${'NOT '.repeat(10_000)}title = a`).code).toBe('too-deep');
    const fine = `${'('.repeat(MAX_NESTING)}title = a${')'.repeat(MAX_NESTING)}`;
    expect(parseQuery(fine).where).toMatchObject({ kind: 'comparison' });
  });

  it('serializes errors as plain data', () => {
    const error = errorOf('priority =');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'expected-value',
      message: "Expected a value after '='",
      start: 10,
      end: 10,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QueryError');
  });

  it('tryParseQuery returns the error instead of throwing', () => {
    const result = tryParseQuery('priorty = High');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('unknown-field');
    expect(tryParseQuery('priority = High')).toMatchObject({ ok: true });
  });

  it('throws nothing but QueryErrors, with offsets inside the text, for any input', () => {
    const pieces = fc.constantFrom(
      'priority',
      'status',
      'cf.x',
      'reportedAt',
      '=',
      '!=',
      '~',
      '>',
      'IN',
      'NOT',
      'IS',
      'EMPTY',
      'AND',
      'OR',
      '(',
      ')',
      ',',
      '"',
      "'",
      '\\',
      'High',
      '-7d',
      'now()',
      '2026-13-01',
      'ORDER',
      'BY',
      'DESC',
      ' ',
      '!',
      '&',
      '1e400',
    );
    const textArb = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(' ')),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        try {
          parseQuery(text);
        } catch (error) {
          expect(error).toBeInstanceOf(QueryError);
          const { start, end } = error as QueryError;
          expect(0 <= start && start <= end && end <= text.length).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('printing', () => {
  it('prints canonical text', () => {
    expect(
      printQuery(
        parseQuery(
          'priority=high and (status!=closed or NOT cf.x is empty) order by reportedAt desc',
        ),
      ),
    ).toBe('priority = High AND (status != closed OR NOT cf.x IS EMPTY) ORDER BY reportedAt DESC');
    expect(
      printQuery(parseQuery('title = "AND" OR title = "a b" OR title = "x\\"y" OR title = plain')),
    ).toBe('title = "AND" OR title = "a b" OR title = "x\\"y" OR title = plain');
    expect(printQuery(parseQuery('reportedAt >= "2026-11-01 08:00" AND resolvedAt < -0d'))).toBe(
      'reportedAt >= 2026-11-01T08:00 AND resolvedAt < +0d',
    );
  });

  it('round-trips: parsing printed text gives the same tree', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const text = printQuery(query);
        const reparsed = parseQuery(text);
        expect(withoutSpans(reparsed)).toEqual(withoutSpans(query));
        expect(printQuery(reparsed)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
