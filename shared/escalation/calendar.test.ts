import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, Location, Weekday } from '../domain';
import {
  addWorkingMinutes,
  dayNumber,
  instantOfWallTime,
  localWallTime,
  locationAncestry,
  resolveLocationCalendar,
  workCalendar,
  workingMinutesBetween,
  zoneOffset,
} from './calendar';
import { DomainError } from '../validation/errors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The instant a wall clock in `zone` shows `text` (YYYY-MM-DDTHH:mm). */
function wall(zone: string, text: string): number {
  return instantOfWallTime(zone, Date.parse(`${text}:00Z`));
}

function officeHours(start: number, end: number, holidays: string[] = []): BusinessCalendar {
  const weekly = ([1, 2, 3, 4, 5] as Weekday[]).map((day) => ({
    day,
    startMinute: start * 60,
    endMinute: end * 60,
  }));
  return { weekly, holidays };
}

describe('time zones through Intl', () => {
  it('knows the offsets of winter and summer', () => {
    expect(zoneOffset('Europe/Berlin', Date.parse('2025-01-15T12:00:00Z'))).toBe(HOUR);
    expect(zoneOffset('Europe/Berlin', Date.parse('2025-07-15T12:00:00Z'))).toBe(2 * HOUR);
    expect(zoneOffset('America/New_York', Date.parse('2025-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(zoneOffset('America/New_York', Date.parse('2025-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(localWallTime('Asia/Kolkata', Date.parse('2025-01-15T12:00:00.250Z'))).toBe(
      Date.parse('2025-01-15T17:30:00.250Z'),
    );
  });

  it('maps a skipped wall time to the jump and a repeated one to its first occurrence', () => {
    // Berlin, last Sunday of March 2025: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    expect(wall('Europe/Berlin', '2025-03-30T02:30')).toBe(Date.parse('2025-03-30T01:00:00Z'));
    expect(wall('Europe/Berlin', '2025-03-30T01:59')).toBe(Date.parse('2025-03-30T00:59:00Z'));
    expect(wall('Europe/Berlin', '2025-03-30T03:30')).toBe(Date.parse('2025-03-30T01:30:00Z'));
    // Last Sunday of October: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:30 happens twice.
    expect(wall('Europe/Berlin', '2025-10-26T02:30')).toBe(Date.parse('2025-10-26T00:30:00Z'));
    expect(wall('Europe/Berlin', '2025-10-26T03:30')).toBe(Date.parse('2025-10-26T02:30:00Z'));
    // New York, second Sunday of March 2025: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
    expect(wall('America/New_York', '2025-03-09T02:30')).toBe(Date.parse('2025-03-09T07:00:00Z'));
    expect(wall('America/New_York', '2025-11-02T01:30')).toBe(Date.parse('2025-11-02T05:30:00Z'));
  });

  it('refuses an unknown zone with a DomainError', () => {
    expect(() => workCalendar({ timeZone: 'Mars/Olympus', calendar: officeHours(8, 17) })).toThrow(
      DomainError,
    );
  });
});

describe('business hours', () => {
  const berlin = { timeZone: 'Europe/Berlin', calendar: officeHours(8, 17) };

  it('is around the clock without a calendar', () => {
    const from = Date.parse('2025-01-10T15:00:00Z');
    expect(workingMinutesBetween(null, from, from + 3 * DAY)).toBe(3 * 24 * 60);
    expect(addWorkingMinutes({ timeZone: 'Europe/Berlin' }, from, 90)).toBe(from + 90 * 60_000);
  });

  it('skips the weekend', () => {
    const friday = wall('Europe/Berlin', '2025-01-10T16:00');
    const monday = wall('Europe/Berlin', '2025-01-13T10:00');
    expect(workingMinutesBetween(berlin, friday, monday)).toBe(180);
    expect(addWorkingMinutes(berlin, friday, 180)).toBe(monday);
    // Exactly at closing time the work is done on Friday, not on Monday morning.
    expect(addWorkingMinutes(berlin, friday, 60)).toBe(wall('Europe/Berlin', '2025-01-10T17:00'));
    expect(addWorkingMinutes(berlin, friday, 61)).toBe(wall('Europe/Berlin', '2025-01-13T08:01'));
    // Starting on Saturday the clock waits for Monday 08:00.
    const saturday = wall('Europe/Berlin', '2025-01-11T11:00');
    expect(addWorkingMinutes(berlin, saturday, 30)).toBe(wall('Europe/Berlin', '2025-01-13T08:30'));
    expect(workCalendar(berlin).isWorkingTime(saturday)).toBe(false);
    expect(workCalendar(berlin).isWorkingTime(monday)).toBe(true);
  });

  it('skips a holiday after the weekend', () => {
    const spec = { timeZone: 'Europe/Berlin', calendar: officeHours(8, 17, ['2025-01-13']) };
    const friday = wall('Europe/Berlin', '2025-01-10T16:00');
    const tuesday = wall('Europe/Berlin', '2025-01-14T10:00');
    expect(workingMinutesBetween(spec, friday, tuesday)).toBe(180);
    expect(addWorkingMinutes(spec, friday, 180)).toBe(tuesday);
    expect(workCalendar(spec).isWorkingTime(wall('Europe/Berlin', '2025-01-13T10:00'))).toBe(false);
  });

  it('counts the real length of DST days in Berlin', () => {
    const sundays: BusinessCalendar = {
      weekly: [{ day: 0, startMinute: 0, endMinute: 1440 }],
      holidays: [],
    };
    const spec = { timeZone: 'Europe/Berlin', calendar: sundays };
    const whole = (date: string, next: string): number =>
      workingMinutesBetween(
        spec,
        wall('Europe/Berlin', `${date}T00:00`),
        wall('Europe/Berlin', `${next}T00:00`),
      );
    expect(whole('2025-03-30', '2025-03-31')).toBe(23 * 60);
    expect(whole('2025-10-26', '2025-10-27')).toBe(25 * 60);
    expect(whole('2025-04-06', '2025-04-07')).toBe(24 * 60);
    const night: BusinessCalendar = {
      weekly: [{ day: 0, startMinute: 60, endMinute: 240 }],
      holidays: [],
    };
    const nightSpec = { timeZone: 'Europe/Berlin', calendar: night };
    const span = (date: string): number =>
      workingMinutesBetween(
        nightSpec,
        wall('Europe/Berlin', `${date}T00:00`),
        wall('Europe/Berlin', `${date}T12:00`),
      );
    expect(span('2025-03-30')).toBe(120);
    expect(span('2025-10-26')).toBe(240);
  });

  it('counts across the DST change in New York', () => {
    const spec = { timeZone: 'America/New_York', calendar: officeHours(9, 17) };
    const friday = wall('America/New_York', '2025-03-07T16:00');
    const monday = wall('America/New_York', '2025-03-10T10:00');
    expect(monday - friday).toBe(65 * HOUR);
    expect(workingMinutesBetween(spec, friday, monday)).toBe(120);
    expect(addWorkingMinutes(spec, friday, 120)).toBe(Date.parse('2025-03-10T14:00:00Z'));
  });

  it('gives one calendar different instants in two zones', () => {
    const calendar = officeHours(8, 17);
    const start = Date.parse('2025-01-10T15:00:00Z'); // Fri 16:00 Berlin, 10:00 New York
    expect(addWorkingMinutes({ timeZone: 'Europe/Berlin', calendar }, start, 120)).toBe(
      Date.parse('2025-01-13T08:00:00Z'),
    );
    expect(addWorkingMinutes({ timeZone: 'America/New_York', calendar }, start, 120)).toBe(
      Date.parse('2025-01-10T17:00:00Z'),
    );
  });

  it('is always open with empty weekly hours, except on holidays', () => {
    const spec = { timeZone: 'UTC', calendar: { weekly: [], holidays: ['2025-01-11'] } };
    const from = Date.parse('2025-01-10T12:00:00Z');
    expect(workingMinutesBetween(spec, from, from + 2 * DAY)).toBe(24 * 60);
  });

  it('answers never for a calendar that never opens', () => {
    const spec = {
      timeZone: 'UTC',
      calendar: { weekly: [{ day: 3 as Weekday, startMinute: 600, endMinute: 600 }], holidays: [] },
    };
    expect(addWorkingMinutes(spec, Date.parse('2025-01-10T12:00:00Z'), 1)).toBeNull();
  });

  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'];
  const dstDates = ['2025-03-09', '2025-03-30', '2025-10-26', '2025-11-02', '2025-06-15'];
  const calendarArbitrary = fc
    .record({
      windows: fc.array(
        fc.record({
          day: fc.integer({ min: 0, max: 6 }),
          start: fc.integer({ min: 0, max: 23 }),
          hours: fc.integer({ min: 1, max: 24 }),
        }),
        { maxLength: 8 },
      ),
      holidays: fc.subarray(['2025-03-08', '2025-03-10', '2025-03-30', '2025-10-27', '2025-11-01']),
    })
    .map(({ windows, holidays }): BusinessCalendar => {
      const weekly: BusinessCalendar['weekly'] = [];
      for (const w of windows) {
        const startMinute = w.start * 60;
        const endMinute = Math.min(1440, startMinute + w.hours * 60);
        const clash = weekly.some(
          (o) => o.day === w.day && startMinute < o.endMinute && o.startMinute < endMinute,
        );
        if (!clash) weekly.push({ day: w.day as Weekday, startMinute, endMinute });
      }
      return { weekly, holidays };
    });

  /** Minute by minute: is the wall clock within a window of its weekday, not on a holiday? */
  function bruteForceMinutes(zone: string, calendar: BusinessCalendar, from: number, to: number) {
    const holidays = new Set(calendar.holidays.map(dayNumber));
    const weekly =
      calendar.weekly.length > 0
        ? calendar.weekly
        : [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, startMinute: 0, endMinute: 1440 }));
    let minutes = 0;
    for (let t = from; t < to; t += 60_000) {
      const local = localWallTime(zone, t);
      const day = Math.floor(local / DAY);
      const minute = Math.floor((local - day * DAY) / 60_000);
      const weekday = (((day + 4) % 7) + 7) % 7;
      if (holidays.has(day)) continue;
      if (
        weekly.some((w) => w.day === weekday && minute >= w.startMinute && minute < w.endMinute)
      ) {
        minutes++;
      }
    }
    return minutes;
  }

  it('agrees with a minute-by-minute count across weekends, holidays and DST', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...dstDates),
        calendarArbitrary,
        fc.integer({ min: -36 * 60, max: 36 * 60 }),
        fc.integer({ min: 0, max: 48 * 60 }),
        (zone, date, calendar, offsetMinutes, lengthMinutes) => {
          const from = Date.parse(`${date}T00:00:00Z`) + offsetMinutes * 60_000;
          const to = from + lengthMinutes * 60_000;
          const spec = { timeZone: zone, calendar };
          expect(workingMinutesBetween(spec, from, to)).toBe(
            bruteForceMinutes(zone, calendar, from, to),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('adds working time as the inverse of counting it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...dstDates),
        calendarArbitrary,
        fc.integer({ min: -3 * DAY, max: 3 * DAY }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (zone, date, calendar, offset, minutes) => {
          const start = Date.parse(`${date}T00:00:00Z`) + offset;
          const spec = { timeZone: zone, calendar };
          const end = addWorkingMinutes(spec, start, minutes);
          if (calendar.weekly.length === 0 && calendar.holidays.length === 0) {
            expect(end).toBe(start + minutes * 60_000);
          }
          if (end === null) return;
          expect(end).toBeGreaterThanOrEqual(start);
          expect(workingMinutesBetween(spec, start, end)).toBeCloseTo(minutes, 9);
          // And no earlier instant has done that much work.
          if (minutes > 0) {
            expect(workingMinutesBetween(spec, start, end - 1)).toBeLessThan(minutes);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('adds working time the same whether the days ahead are already known or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...dstDates),
        calendarArbitrary,
        fc.integer({ min: -3 * DAY, max: 3 * DAY }),
        fc.array(
          // Whole hours too: the windows are whole hours, so some land on a day's last minute.
          fc.oneof(
            fc.integer({ min: 0, max: 30 * 24 * 60 }),
            fc.integer({ min: 0, max: 30 * 24 }).map((hours) => hours * 60),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: -10, max: 60 }),
        (zone, date, calendar, offset, minutes, knownDays) => {
          const start = Date.parse(`${date}T00:00:00Z`) + offset;
          // Two compiled calendars of the same hours: one learns its days as it is asked,
          // the other knows them from the start (searched, not walked).
          const fresh = workCalendar({ timeZone: zone, calendar: structuredClone(calendar) });
          const known = workCalendar({ timeZone: zone, calendar: structuredClone(calendar) });
          known.position(start + knownDays * DAY);
          known.position(start - 5 * DAY);
          for (const m of minutes) {
            expect(known.addWorkingMs(start, m * 60_000)).toBe(
              fresh.addWorkingMs(start, m * 60_000),
            );
            // Positions are each calendar's own (from the first day it learnt).
            const at = start + m * 30_000;
            expect(known.instantAt(known.position(at) + m * 60_000, at)).toBe(
              fresh.instantAt(fresh.position(at) + m * 60_000, at),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('location inheritance', () => {
  const calendar = officeHours(6, 22);
  const locations: Location[] = [
    { id: 'site', name: 'Plant A', kind: 'site', timeZone: 'America/Chicago', updatedAt: 0 },
    { id: 'area', name: 'Assembly', kind: 'area', parentId: 'site', calendar, updatedAt: 0 },
    { id: 'line', name: 'Line 3', kind: 'line', parentId: 'area', updatedAt: 0 },
    {
      id: 'own',
      name: 'Line 4',
      kind: 'line',
      parentId: 'area',
      timeZone: 'Europe/Berlin',
      updatedAt: 0,
    },
  ];
  const lookup = (id: string) => locations.find((l) => l.id === id);

  it('takes each setting from the nearest location that has it', () => {
    expect(resolveLocationCalendar('line', lookup)).toEqual({
      timeZone: 'America/Chicago',
      calendar,
    });
    expect(resolveLocationCalendar('own', lookup)).toEqual({ timeZone: 'Europe/Berlin', calendar });
    expect(resolveLocationCalendar('site', lookup)).toEqual({ timeZone: 'America/Chicago' });
    expect(resolveLocationCalendar('missing', lookup)).toEqual({ timeZone: 'UTC' });
  });

  it('lists the ancestry nearest first and survives a loop', () => {
    expect(locationAncestry('line', lookup)).toEqual(['line', 'area', 'site']);
    const looped = (id: string) => ({ id, parentId: id === 'a' ? 'b' : 'a' });
    expect(locationAncestry('a', looped)).toEqual(['a', 'b']);
  });
});
