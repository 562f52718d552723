import { describe, expect, it } from 'vitest';
import { parseCalendarDate, resolveDate, zonedTimeToEpoch } from './dates';
import { QueryError } from './errors';

const HOUR = 3_600_000;
const span = { start: 0, end: 0 };

describe('zonedTimeToEpoch', () => {
  it('reads wall-clock times in UTC and in IANA zones', () => {
    expect(zonedTimeToEpoch('UTC', 2026, 11, 1, 8, 30)).toBe(Date.UTC(2026, 10, 1, 8, 30));
    expect(zonedTimeToEpoch('Europe/Berlin', 2026, 1, 15, 12)).toBe(Date.UTC(2026, 0, 15, 11));
    expect(zonedTimeToEpoch('Europe/Berlin', 2026, 7, 1, 12)).toBe(Date.UTC(2026, 6, 1, 10));
    expect(zonedTimeToEpoch('America/New_York', 2026, 11, 1)).toBe(Date.UTC(2026, 10, 1, 4));
    expect(zonedTimeToEpoch('Asia/Kolkata', 2026, 11, 1, 5, 30)).toBe(Date.UTC(2026, 10, 1, 0, 0));
  });

  it('takes the time after the jump in a spring-forward gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29; 03:30 CEST is 01:30 UTC.
    expect(zonedTimeToEpoch('Europe/Berlin', 2026, 3, 29, 2, 30)).toBe(
      Date.UTC(2026, 2, 29, 1, 30),
    );
  });

  it('takes the earlier instant in a fall-back overlap', () => {
    // 02:30 happens twice in Berlin on 2026-10-25: first at 00:30 UTC (CEST).
    expect(zonedTimeToEpoch('Europe/Berlin', 2026, 10, 25, 2, 30)).toBe(
      Date.UTC(2026, 9, 25, 0, 30),
    );
  });

  it('handles years before 100 and day overflow', () => {
    expect(zonedTimeToEpoch('UTC', 99, 1, 1)).toBe(Date.parse('0099-01-01T00:00:00Z'));
    expect(zonedTimeToEpoch('UTC', 2026, 1, 32)).toBe(Date.UTC(2026, 1, 1));
  });
});

describe('resolveDate', () => {
  const context = { now: Date.UTC(2026, 10, 15, 12), timeZone: 'Europe/Berlin' };

  it('makes a calendar date a whole local day, even a short one', () => {
    expect(resolveDate({ kind: 'date', year: 2026, month: 3, day: 29, span }, context)).toEqual({
      instant: false,
      start: Date.UTC(2026, 2, 28, 23),
      end: Date.UTC(2026, 2, 29, 22),
    });
  });

  it('makes a time a whole minute, or a whole second', () => {
    const minute = resolveDate(
      { kind: 'date', year: 2026, month: 11, day: 1, time: { hour: 8, minute: 5 }, span },
      context,
    );
    expect(minute).toEqual({
      instant: false,
      start: Date.UTC(2026, 10, 1, 7, 5),
      end: Date.UTC(2026, 10, 1, 7, 6),
    });
    const second = resolveDate(
      {
        kind: 'date',
        year: 2026,
        month: 11,
        day: 1,
        time: { hour: 8, minute: 5, second: 9 },
        span,
      },
      context,
    );
    expect(second).toEqual({
      instant: false,
      start: Date.UTC(2026, 10, 1, 7, 5, 9),
      end: Date.UTC(2026, 10, 1, 7, 5, 10),
    });
  });

  it('counts relative dates from now', () => {
    expect(resolveDate({ kind: 'now', span }, context)).toEqual({ instant: true, at: context.now });
    expect(resolveDate({ kind: 'relative-date', amount: -2, unit: 'h', span }, context)).toEqual({
      instant: true,
      at: context.now - 2 * HOUR,
    });
    expect(resolveDate({ kind: 'relative-date', amount: 1, unit: 'w', span }, context)).toEqual({
      instant: true,
      at: context.now + 7 * 24 * HOUR,
    });
  });
});

describe('parseCalendarDate', () => {
  it('reads dates with optional times', () => {
    expect(parseCalendarDate('2028-02-29', 0, 10)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseCalendarDate('2026-11-01 08:00', 0, 16)).toEqual({
      year: 2026,
      month: 11,
      day: 1,
      time: { hour: 8, minute: 0 },
    });
    expect(parseCalendarDate('2026-11-01T23:59:59', 0, 19)).toEqual({
      year: 2026,
      month: 11,
      day: 1,
      time: { hour: 23, minute: 59, second: 59 },
    });
    expect(parseCalendarDate('yesterday', 0, 9)).toBeUndefined();
    expect(parseCalendarDate('2026-11-1', 0, 9)).toBeUndefined();
  });

  it('refuses days and times that do not exist', () => {
    for (const text of [
      '2026-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-01-00',
      '2026-01-01 24:00',
      '2026-01-01 10:60',
      '2026-01-01T10:00:60',
    ]) {
      expect(() => parseCalendarDate(text, 3, 9)).toThrow(QueryError);
    }
    expect(() => parseCalendarDate('2026-02-29', 3, 13)).toThrow(
      new QueryError('invalid-date', "Invalid date '2026-02-29': no such day or time", 3, 13),
    );
  });
});
