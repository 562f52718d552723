import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../domain';
import { BUILTIN_FIELDS } from './fields';
import { suggest, type SuggestContext } from './suggest';

const context: SuggestContext = {
  statuses: [{ name: 'New' }, { name: 'In Progress' }, { name: 'Closed' }, { name: 'new' }],
  locations: [{ name: 'Plant A' }, { name: 'Line 3' }, { name: 'Plant B' }],
  people: ['alice', 'bob'],
  customFields: ['line', 'downtime'],
};

/** Suggestions at the `|` in `marked`, as `insert@start-end`. */
function at(marked: string): string[] {
  const cursor = marked.indexOf('|');
  const text = marked.slice(0, cursor) + marked.slice(cursor + 1);
  return suggest(text, cursor, context).map((s) => `${s.insert}@${s.start}-${s.end}`);
}

function inserts(marked: string): string[] {
  return at(marked).map((s) => s.slice(0, s.lastIndexOf('@')));
}

describe('suggest', () => {
  it('offers fields, NOT, ( and ORDER BY at the start', () => {
    expect(inserts('|')).toEqual([
      ...BUILTIN_FIELDS.map((f) => f.name),
      'cf.line',
      'cf.downtime',
      'NOT',
      '(',
      'ORDER BY',
    ]);
    expect(at('|')[0]).toBe('title@0-0');
  });

  it('completes the word being typed, replacing all of it', () => {
    expect(at('prio|')).toEqual(['priority@0-4']);
    expect(at('prio|rity = High')).toEqual(['priority@0-8']);
    expect(at('cf.d|')).toEqual(['cf.downtime@0-4']);
    expect(inserts('ti|')).toEqual(['title', 'description', 'location', 'cf.downtime']);
    expect(at('priority = High AND st|')).toEqual(['status@20-22']);
  });

  it('offers only the operators legal for the field', () => {
    expect(inserts('severity |')).toEqual(['=', '!=', '>', '>=', '<', '<=', 'IN', 'NOT IN']);
    expect(inserts('title |')).toEqual([
      '=',
      '!=',
      '~',
      '!~',
      'IN',
      'NOT IN',
      'IS EMPTY',
      'IS NOT EMPTY',
    ]);
    expect(inserts('title I|')).toEqual(['IN', 'IS EMPTY', 'IS NOT EMPTY', 'NOT IN']);
    expect(at('priority >|')).toEqual(['>@9-10', '>=@9-10']);
    expect(at('title !|')).toEqual(['!=@6-7', '!~@6-7']);
    expect(inserts('resolvedAt IS |')).toEqual(['EMPTY', 'NOT EMPTY']);
    expect(inserts('resolvedAt IS NOT |')).toEqual(['EMPTY']);
    expect(inserts('priority NOT |')).toEqual(['IN']);
  });

  it('offers enum members, status and location names, people and date shortcuts as values', () => {
    expect(inserts('priority = |')).toEqual([...PRIORITIES]);
    expect(at('priority >= h|')).toEqual(['High@12-13']);
    expect(inserts('type IN (safety, |')).toEqual([
      'breakdown',
      'safety',
      'quality',
      'maintenance',
      'other',
    ]);
    expect(inserts('status != |')).toEqual(['New', '"In Progress"', 'Closed']);
    expect(at('status = "in|')).toEqual(['"In Progress"@9-12']);
    expect(inserts('location ~ |')).toEqual(['"Plant A"', '"Line 3"', '"Plant B"']);
    expect(at('location = 3|')).toEqual(['"Line 3"@11-12']);
    expect(inserts('assignee = |')).toEqual(['alice', 'bob']);
    expect(inserts('reportedAt >= |')).toEqual(['now()', '-1h', '-1d', '-7d', '-30d']);
    expect(inserts('severity IN (|')).toEqual(['1', '2', '3', '4', '5']);
    expect(inserts('cf.line = |')).toEqual(['true', 'false']);
    expect(inserts('title ~ |')).toEqual([]);
  });

  it('offers punctuation inside lists and now()', () => {
    expect(inserts('priority IN |')).toEqual(['(']);
    expect(inserts('priority IN (High |')).toEqual([',', ')']);
    expect(inserts('reportedAt > now(|')).toEqual([')']);
  });

  it('offers connectives after a clause, and ) inside parentheses', () => {
    expect(inserts('status = New |')).toEqual(['AND', 'OR', 'ORDER BY']);
    expect(inserts('(status = New |')).toEqual(['AND', 'OR', ')']);
    expect(at('status = New AN|')).toEqual(['AND@13-15']);
    expect(inserts('resolvedAt IS EMPTY |')).toEqual(['AND', 'OR', 'ORDER BY']);
    expect(inserts('reportedAt > now() |')).toEqual(['AND', 'OR', 'ORDER BY']);
    expect(inserts('(status = New) |')).toEqual(['AND', 'OR', 'ORDER BY']);
  });

  it('offers fields and directions in ORDER BY', () => {
    expect(inserts('status = New ORDER |')).toEqual(['BY']);
    expect(inserts('ORDER BY |')).toContain('priority');
    expect(inserts('ORDER BY priority |')).toEqual(['ASC', 'DESC', ',']);
    expect(inserts('ORDER BY priority DESC, |')).toContain('reportedAt');
    expect(inserts('ORDER BY priority DESC |')).toEqual([',']);
  });

  it('offers nothing after something it cannot read', () => {
    expect(inserts('bogus = |')).toEqual([]);
    expect(inserts('priority = High High |')).toEqual([]);
  });

  it('never throws, and keeps ranges inside the text, for any text and cursor', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.integer({ min: -5, max: 40 }),
        (text, cursor) => {
          for (const suggestion of suggest(text, cursor, context)) {
            expect(0 <= suggestion.start && suggestion.start <= suggestion.end).toBe(true);
            expect(suggestion.end <= text.length).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
