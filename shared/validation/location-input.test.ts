import { describe, expect, it } from 'vitest';
import { isDomainError, type FieldProblem } from './errors';
import {
  isCalendarDate,
  normaliseTimeZone,
  validateLocationPatch,
  validateNewLocation,
  type ParentLocation,
} from './location-input';

const locations: Record<string, ParentLocation> = {
  plantA: { kind: 'site' },
  assembly: { kind: 'area' },
  line3: { kind: 'line' },
};
const lookup = (id: string): ParentLocation | undefined => locations[id];
const asyncLookup = (id: string): Promise<ParentLocation | undefined> =>
  Promise.resolve(locations[id]);

function problemsOf(run: () => unknown): FieldProblem[] {
  try {
    run();
  } catch (error) {
    if (isDomainError(error, 'validation-failed')) return error.problems;
    throw error;
  }
  throw new Error('expected a validation-failed DomainError, got none');
}

async function asyncProblemsOf(run: () => Promise<unknown>): Promise<FieldProblem[]> {
  try {
    await run();
  } catch (error) {
    if (isDomainError(error, 'validation-failed')) return error.problems;
    throw error;
  }
  throw new Error('expected a validation-failed DomainError, got none');
}

function reasons(problems: FieldProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field, p.reason]));
}

const calendar = {
  weekly: [
    { day: 2, startMinute: 480, endMinute: 1020 },
    { day: 1, startMinute: 780, endMinute: 1020 },
    { day: 1, startMinute: 480, endMinute: 720 },
    { day: 6, startMinute: 0, endMinute: 1440 },
  ],
  holidays: ['2026-12-25', '2026-01-01', '2026-12-25', '2024-02-29'],
};

describe('validateNewLocation', () => {
  it('returns a clean site with a sorted calendar and canonical time zone', () => {
    expect(
      validateNewLocation(
        { name: ' Plant A ', kind: 'site', timeZone: 'europe/berlin', calendar },
        lookup,
      ),
    ).toEqual({
      name: 'Plant A',
      kind: 'site',
      timeZone: 'Europe/Berlin',
      calendar: {
        weekly: [
          { day: 1, startMinute: 480, endMinute: 720 },
          { day: 1, startMinute: 780, endMinute: 1020 },
          { day: 2, startMinute: 480, endMinute: 1020 },
          { day: 6, startMinute: 0, endMinute: 1440 },
        ],
        holidays: ['2024-02-29', '2026-01-01', '2026-12-25'],
      },
    });
  });

  it('accepts an area in a site and a line in an area, and an empty calendar', () => {
    expect(
      validateNewLocation({ name: 'Assembly', kind: 'area', parentId: 'plantA' }, lookup),
    ).toEqual({ name: 'Assembly', kind: 'area', parentId: 'plantA' });
    expect(
      validateNewLocation(
        {
          name: 'Line 3',
          kind: 'line',
          parentId: 'assembly',
          calendar: { weekly: [], holidays: [] },
        },
        lookup,
      ),
    ).toEqual({
      name: 'Line 3',
      kind: 'line',
      parentId: 'assembly',
      calendar: { weekly: [], holidays: [] },
    });
  });

  it('treats a blank time zone as inherited', () => {
    expect(validateNewLocation({ name: 'P', kind: 'site', timeZone: ' ' }, lookup)).toEqual({
      name: 'P',
      kind: 'site',
    });
  });

  it('answers with a promise when the lookup does', async () => {
    const result = validateNewLocation(
      { name: 'Line 3', kind: 'line', parentId: 'assembly' },
      asyncLookup,
    );
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toEqual({ name: 'Line 3', kind: 'line', parentId: 'assembly' });
    expect(
      reasons(
        await asyncProblemsOf(() =>
          validateNewLocation({ name: '', kind: 'line', parentId: 'plantA' }, asyncLookup),
        ),
      ),
    ).toEqual({ name: 'required', parentId: 'not-allowed' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a site with a parent', { kind: 'site', parentId: 'plantA' }, 'parentId', 'not-allowed'],
    ['an area without a parent', { kind: 'area', parentId: undefined }, 'parentId', 'required'],
    ['a line without a parent', { kind: 'line', parentId: undefined }, 'parentId', 'required'],
    ['an area inside an area', { kind: 'area', parentId: 'assembly' }, 'parentId', 'not-allowed'],
    ['a line inside a site', { kind: 'line', parentId: 'plantA' }, 'parentId', 'not-allowed'],
    ['a line inside a line', { kind: 'line', parentId: 'line3' }, 'parentId', 'not-allowed'],
    ['a missing parent', { kind: 'area', parentId: 'nowhere' }, 'parentId', 'unknown-reference'],
    ['an empty parent id', { kind: 'area', parentId: '' }, 'parentId', 'required'],
    ['an unknown kind', { kind: 'building' }, 'kind', 'not-allowed'],
    ['no kind', { kind: undefined }, 'kind', 'required'],
    ['no name', { name: undefined }, 'name', 'required'],
    ['a blank name', { name: '  ' }, 'name', 'required'],
    ['a long name', { name: 'n'.repeat(101) }, 'name', 'too-long'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'invalid-format'],
    ['an offset time zone', { timeZone: '+01:00' }, 'timeZone', 'invalid-format'],
    ['a time zone that is not text', { timeZone: 1 }, 'timeZone', 'invalid-format'],
    ['a calendar that is not an object', { calendar: [] }, 'calendar', 'invalid-format'],
    [
      'a calendar without weekly hours',
      { calendar: { holidays: [] } },
      'calendar.weekly',
      'required',
    ],
    ['a calendar without holidays', { calendar: { weekly: [] } }, 'calendar.holidays', 'required'],
    [
      'weekly hours that are not a list',
      { calendar: { weekly: {}, holidays: [] } },
      'calendar.weekly',
      'invalid-format',
    ],
    [
      'an unknown calendar key',
      { calendar: { weekly: [], holidays: [], tz: 'x' } },
      'calendar.tz',
      'not-allowed',
    ],
    [
      'a window that is not an object',
      { calendar: { weekly: [5], holidays: [] } },
      'calendar.weekly[0]',
      'invalid-format',
    ],
    [
      'a day of 7',
      { calendar: { weekly: [{ day: 7, startMinute: 0, endMinute: 60 }], holidays: [] } },
      'calendar.weekly[0].day',
      'out-of-range',
    ],
    [
      'a missing day',
      { calendar: { weekly: [{ startMinute: 0, endMinute: 60 }], holidays: [] } },
      'calendar.weekly[0].day',
      'required',
    ],
    [
      'a negative start',
      { calendar: { weekly: [{ day: 1, startMinute: -1, endMinute: 60 }], holidays: [] } },
      'calendar.weekly[0].startMinute',
      'out-of-range',
    ],
    [
      'an end after midnight',
      { calendar: { weekly: [{ day: 1, startMinute: 0, endMinute: 1441 }], holidays: [] } },
      'calendar.weekly[0].endMinute',
      'out-of-range',
    ],
    [
      'a fractional minute',
      { calendar: { weekly: [{ day: 1, startMinute: 0.5, endMinute: 60 }], holidays: [] } },
      'calendar.weekly[0].startMinute',
      'invalid-format',
    ],
    [
      'an end before the start',
      { calendar: { weekly: [{ day: 1, startMinute: 600, endMinute: 540 }], holidays: [] } },
      'calendar.weekly[0].endMinute',
      'out-of-range',
    ],
    [
      'an empty window',
      { calendar: { weekly: [{ day: 1, startMinute: 600, endMinute: 600 }], holidays: [] } },
      'calendar.weekly[0].endMinute',
      'out-of-range',
    ],
    [
      'an extra window key',
      { calendar: { weekly: [{ day: 1, startMinute: 0, endMinute: 60, tz: 1 }], holidays: [] } },
      'calendar.weekly[0].tz',
      'not-allowed',
    ],
    [
      'overlapping windows',
      {
        calendar: {
          weekly: [
            { day: 3, startMinute: 600, endMinute: 900 },
            { day: 3, startMinute: 480, endMinute: 660 },
          ],
          holidays: [],
        },
      },
      'calendar.weekly[0]',
      'not-allowed',
    ],
    [
      'a holiday on 2023-02-29',
      { calendar: { weekly: [], holidays: ['2023-02-29'] } },
      'calendar.holidays[0]',
      'invalid-format',
    ],
    [
      'a holiday in month 13',
      { calendar: { weekly: [], holidays: ['2026-13-01'] } },
      'calendar.holidays[0]',
      'invalid-format',
    ],
    [
      'a holiday in another format',
      { calendar: { weekly: [], holidays: ['24.12.2026'] } },
      'calendar.holidays[0]',
      'invalid-format',
    ],
    [
      'a holiday that is not text',
      { calendar: { weekly: [], holidays: [20261224] } },
      'calendar.holidays[0]',
      'invalid-format',
    ],
    [
      'too many holidays',
      { calendar: { weekly: [], holidays: Array.from({ length: 1001 }, () => '2026-01-01') } },
      'calendar.holidays',
      'too-long',
    ],
    ['an id', { id: 'x' }, 'id', 'not-allowed'],
    ['an unknown key', { colour: 'red' }, 'colour', 'not-allowed'],
  ])('refuses %s', (_name, change, field, reason) => {
    const input = { name: 'Somewhere', kind: 'area', parentId: 'plantA', ...change };
    const problems = problemsOf(() => validateNewLocation(input, lookup));
    expect(problems).toEqual([expect.objectContaining({ field, reason })]);
    expect(problems[0]?.message).toMatch(/\.$/);
  });

  it('names the kinds in the parent message', () => {
    const [problem] = problemsOf(() =>
      validateNewLocation({ name: 'L', kind: 'line', parentId: 'plantA' }, lookup),
    );
    expect(problem?.message).toBe('A line must be inside an area, not inside a site.');
  });

  it('does not look up a parent for a site or an unusable id', () => {
    const asked: string[] = [];
    const spy = (id: string) => {
      asked.push(id);
      return locations[id];
    };
    problemsOf(() => validateNewLocation({ name: 'S', kind: 'site', parentId: 'plantA' }, spy));
    problemsOf(() => validateNewLocation({ name: 'A', kind: 'area', parentId: 5 }, spy));
    expect(asked).toEqual([]);
  });

  it('collects every problem at once, including the parent lookup', () => {
    const problems = problemsOf(() =>
      validateNewLocation(
        {
          name: '',
          kind: 'line',
          parentId: 'ghost',
          timeZone: 'Nowhere/City',
          calendar: {
            weekly: [{ day: 8, startMinute: 0, endMinute: 60 }],
            holidays: ['2026-02-30'],
          },
        },
        lookup,
      ),
    );
    expect(reasons(problems)).toEqual({
      name: 'required',
      parentId: 'unknown-reference',
      timeZone: 'invalid-format',
      'calendar.weekly[0].day': 'out-of-range',
      'calendar.holidays[0]': 'invalid-format',
    });
  });
});

describe('validateLocationPatch', () => {
  it('returns only the fields given, cleaned', () => {
    expect(validateLocationPatch({ name: ' Line 3b ' })).toEqual({ name: 'Line 3b' });
    expect(validateLocationPatch({ timeZone: 'America/Chicago' })).toEqual({
      timeZone: 'America/Chicago',
    });
    expect(validateLocationPatch({ calendar: { weekly: [], holidays: ['2026-05-01'] } })).toEqual({
      calendar: { weekly: [], holidays: ['2026-05-01'] },
    });
    expect(validateLocationPatch({})).toEqual({});
  });

  it('takes null as clearing the time zone or the calendar', () => {
    expect(validateLocationPatch({ timeZone: null, calendar: null })).toEqual({
      timeZone: null,
      calendar: null,
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a blank name', { name: '' }, 'name', 'required'],
    ['a blank time zone', { timeZone: ' ' }, 'timeZone', 'required'],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone', 'invalid-format'],
    ['a new kind', { kind: 'site' }, 'kind', 'not-allowed'],
    ['a new parent', { parentId: 'plantA' }, 'parentId', 'not-allowed'],
    [
      'a bad calendar',
      { calendar: { weekly: [], holidays: ['x'] } },
      'calendar.holidays[0]',
      'invalid-format',
    ],
  ])('refuses %s', (_name, patch, field, reason) => {
    expect(problemsOf(() => validateLocationPatch(patch))).toEqual([
      expect.objectContaining({ field, reason }),
    ]);
  });
});

describe('normaliseTimeZone', () => {
  it('knows IANA names and refuses the rest', () => {
    expect(normaliseTimeZone('UTC')).toBe('UTC');
    expect(normaliseTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(normaliseTimeZone('America/Argentina/Buenos_Aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
    expect(normaliseTimeZone('Etc/GMT+5')).toBe('Etc/GMT+5');
    expect(normaliseTimeZone('Europe/Berlin ')).toBeUndefined();
    expect(normaliseTimeZone('Berlin')).toBeUndefined();
    expect(normaliseTimeZone('-05:00')).toBeUndefined();
    expect(normaliseTimeZone('')).toBeUndefined();
  });
});

describe('isCalendarDate', () => {
  it('knows month lengths and leap years', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('2026-01-00')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});
