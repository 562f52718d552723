/**
 * Working-time arithmetic for business-hours calendars in IANA time zones, with nothing but
 * Intl: the working minutes between two instants, and the instant N working minutes after a
 * start. Weekly windows are local wall-clock minutes, holidays local dates; both are mapped to
 * instants day by day, so DST changes (a 23- or 25-hour day, a window that spans the jump)
 * come out right.
 *
 * Speed: a compiled calendar caches, per local day, the day's working intervals as instants
 * and the working time accumulated since an anchor day, so after the first use a question
 * costs a few array reads. One Intl.DateTimeFormat is created per time zone, ever.
 */
import type { BusinessCalendar, Location } from '../domain';
import { DAY_MS, instantOfWallTime, isKnownTimeZone } from '../util/time-zone';
import { DomainError } from '../validation/errors';

export { instantOfWallTime, localWallTime, zoneOffset } from '../util/time-zone';

export const MINUTE_MS = 60_000;
/** How far `instantAfter` looks for working time before it answers "never". */
const SEARCH_DAYS_MAX = 4000;

/** A calendar in its zone; without `calendar` the clock runs around the clock. */
export interface CalendarSpec {
  timeZone: string;
  calendar?: BusinessCalendar | null;
}

/**
 * Working time as a position on a line: `position(t)` is the working time (ms) from a fixed
 * origin to `t`, so the working time between a and b is `position(b) - position(a)`.
 */
export interface WorkCalendar {
  readonly timeZone: string;
  /** True when every instant is working time (no business hours, no holidays). */
  readonly alwaysOpen: boolean;
  position(at: number): number;
  /** The earliest instant at or after `notBefore` whose position is at least `position`;
   * null when none within about ten years (a calendar without working time). */
  instantAt(position: number, notBefore: number): number | null;
  isWorkingTime(at: number): boolean;
  workingMsBetween(from: number, to: number): number;
  /** The instant `ms` working milliseconds after `start` (null: never). */
  addWorkingMs(start: number, ms: number): number | null;
}

class AlwaysOpen implements WorkCalendar {
  readonly alwaysOpen = true;
  constructor(readonly timeZone: string) {}
  position(at: number): number {
    return at;
  }
  instantAt(position: number, notBefore: number): number {
    return position > notBefore ? position : notBefore;
  }
  isWorkingTime(): boolean {
    return true;
  }
  workingMsBetween(from: number, to: number): number {
    return to > from ? to - from : 0;
  }
  addWorkingMs(start: number, ms: number): number {
    return start + Math.max(0, ms);
  }
}

/** Around the clock: the calendar of rules with a 24/7 clock and of locations without hours. */
export const ALWAYS_OPEN: WorkCalendar = new AlwaysOpen('UTC');

// ---------------------------------------------------------------------------------------
// Local dates

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday of a day number (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------
// Business hours

interface DayInfo {
  /** The instant of local midnight, and of the next day's. */
  start: number;
  end: number;
  /** Working intervals as instants: [start0, end0, start1, end1, …], ordered. */
  intervals: number[];
  total: number;
  /** Working time from the anchor day's start to this day's start (negative before it). */
  before: number;
}

class BusinessHours implements WorkCalendar {
  readonly alwaysOpen = false;
  /** Per weekday, local [start, end) minute pairs, ordered. */
  private readonly weekly: number[][];
  private readonly holidays: Set<number>;
  /** The days known, contiguous: `days[i]` is local day `low + i`. */
  private readonly days: DayInfo[] = [];
  private low = 0;
  /** The day of the last question: most questions in a row fall on the same day. */
  private recent: DayInfo | null = null;
  private recentDay = 0;
  /**
   * The last two positions asked for: evaluations ask for "now" again and again, in between
   * the start of each issue's clock.
   */
  private positionAt = Number.NaN;
  private positionValue = 0;
  private previousAt = Number.NaN;
  private previousValue = 0;
  /** The last answer of `isWorkingTime`. */
  private workingAt = Number.NaN;
  private workingValue = false;

  constructor(
    readonly timeZone: string,
    calendar: BusinessCalendar,
  ) {
    if (!isKnownTimeZone(timeZone)) {
      throw DomainError.invalid(
        'timeZone',
        'invalid-format',
        `Time zone "${timeZone}" is not a known IANA time zone.`,
      );
    }
    this.weekly = [[], [], [], [], [], [], []];
    const windows =
      calendar.weekly.length > 0
        ? [...calendar.weekly].sort((a, b) => a.day - b.day || a.startMinute - b.startMinute)
        : [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, startMinute: 0, endMinute: 1440 }));
    for (const window of windows) {
      if (window.endMinute > window.startMinute) {
        this.weekly[window.day]?.push(window.startMinute, window.endMinute);
      }
    }
    this.holidays = new Set(calendar.holidays.map(dayNumber));
  }

  private build(day: number, before: number): DayInfo {
    const midnight = day * DAY_MS;
    const start = instantOfWallTime(this.timeZone, midnight);
    const end = instantOfWallTime(this.timeZone, midnight + DAY_MS);
    const intervals: number[] = [];
    let total = 0;
    if (!this.holidays.has(day)) {
      const windows = this.weekly[weekdayOf(day)] ?? [];
      for (let i = 0; i + 1 < windows.length; i += 2) {
        const from = instantOfWallTime(this.timeZone, midnight + (windows[i] ?? 0) * MINUTE_MS);
        const to = instantOfWallTime(this.timeZone, midnight + (windows[i + 1] ?? 0) * MINUTE_MS);
        const last = intervals.length > 0 ? (intervals[intervals.length - 1] ?? from) : from;
        const clippedFrom = Math.max(from, last);
        if (to > clippedFrom) {
          intervals.push(clippedFrom, to);
          total += to - clippedFrom;
        }
      }
    }
    return { start, end, intervals, total, before };
  }

  /** The cached information of a local day, computing the days in between on first use. */
  private day(day: number): DayInfo {
    const known = this.days[day - this.low];
    if (known !== undefined) return known;
    const { days } = this;
    if (days.length === 0) {
      this.low = day;
      days.push(this.build(day, 0));
    }
    while (this.low + days.length <= day) {
      const previous = days[days.length - 1] as DayInfo;
      days.push(this.build(this.low + days.length, previous.before + previous.total));
    }
    if (day < this.low) {
      // Rare (a question before every earlier one): the days in between, put in front.
      const earlier: DayInfo[] = [];
      let next = days[0] as DayInfo;
      for (let d = this.low - 1; d >= day; d--) {
        const built = this.build(d, 0);
        built.before = next.before - built.total;
        earlier.push(built);
        next = built;
      }
      days.unshift(...earlier.reverse());
      this.low = day;
    }
    return days[day - this.low] as DayInfo;
  }

  /** The local day containing the instant, and its information. */
  private dayOf(at: number): DayInfo {
    const recent = this.recent;
    if (recent !== null && at >= recent.start && at < recent.end) return recent;
    let day = Math.floor(at / DAY_MS);
    let info = this.day(day);
    while (at < info.start) info = this.day(--day);
    while (at >= info.end) info = this.day(++day);
    this.recent = info;
    this.recentDay = day;
    return info;
  }

  position(at: number): number {
    if (at === this.positionAt) return this.positionValue;
    if (at === this.previousAt) return this.previousValue;
    if (at === Infinity || at === -Infinity) return at;
    const info = this.dayOf(at);
    let position = info.before;
    const { intervals } = info;
    for (let i = 0; i + 1 < intervals.length; i += 2) {
      const from = intervals[i] as number;
      const to = intervals[i + 1] as number;
      if (at <= from) break;
      position += (at < to ? at : to) - from;
    }
    this.previousAt = this.positionAt;
    this.previousValue = this.positionValue;
    this.positionAt = at;
    this.positionValue = position;
    return position;
  }

  instantAt(position: number, notBefore: number): number | null {
    if (position <= this.position(notBefore)) return notBefore;
    this.dayOf(notBefore);
    let day = this.recentDay;
    const last = day + SEARCH_DAYS_MAX;
    let info = this.day(day);
    if (info.before + info.total < position) {
      // Among the days already known, the first whose end reaches the position: a binary
      // search (the working time accumulated by the end of a day never decreases). Beyond
      // them, the days are built one by one.
      const { days, low } = this;
      const known = days[days.length - 1] as DayInfo;
      if (known.before + known.total >= position) {
        let lo = day - low + 1;
        let hi = days.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const candidate = days[mid] as DayInfo;
          if (candidate.before + candidate.total < position) lo = mid + 1;
          else hi = mid;
        }
        day = low + lo;
        if (day > last) return null;
        info = days[lo] as DayInfo;
      } else {
        while (info.before + info.total < position) {
          if (++day > last) return null;
          info = this.day(day);
        }
      }
    }
    let remaining = position - info.before;
    const { intervals } = info;
    for (let i = 0; i + 1 < intervals.length; i += 2) {
      const from = intervals[i] as number;
      const length = (intervals[i + 1] as number) - from;
      if (remaining <= length) return Math.max(from + remaining, notBefore);
      remaining -= length;
    }
    return Math.max(info.end, notBefore);
  }

  isWorkingTime(at: number): boolean {
    if (at === this.workingAt) return this.workingValue;
    const { intervals } = this.dayOf(at);
    let working = false;
    for (let i = 0; i + 1 < intervals.length && !working; i += 2) {
      working = at >= (intervals[i] as number) && at < (intervals[i + 1] as number);
    }
    this.workingAt = at;
    this.workingValue = working;
    return working;
  }

  workingMsBetween(from: number, to: number): number {
    return to > from ? this.position(to) - this.position(from) : 0;
  }

  addWorkingMs(start: number, ms: number): number | null {
    return this.instantAt(this.position(start) + Math.max(0, ms), start);
  }
}

const compiled = new WeakMap<BusinessCalendar, Map<string, WorkCalendar>>();

/**
 * The compiled working-time calendar of a spec, cached per calendar object and zone: pass the
 * same calendar object again and its cached days are reused. No spec, or a spec without a
 * calendar, is around the clock.
 */
export function workCalendar(spec: CalendarSpec | WorkCalendar | null | undefined): WorkCalendar {
  if (spec === null || spec === undefined) return ALWAYS_OPEN;
  if (isWorkCalendar(spec)) return spec;
  const { calendar, timeZone } = spec;
  if (calendar === null || calendar === undefined) return ALWAYS_OPEN;
  if (calendar.weekly.length === 0 && calendar.holidays.length === 0) return ALWAYS_OPEN;
  let byZone = compiled.get(calendar);
  if (byZone === undefined) {
    byZone = new Map();
    compiled.set(calendar, byZone);
  }
  let result = byZone.get(timeZone);
  if (result === undefined) {
    result = new BusinessHours(timeZone, calendar);
    byZone.set(timeZone, result);
  }
  return result;
}

function isWorkCalendar(value: CalendarSpec | WorkCalendar): value is WorkCalendar {
  return typeof (value as WorkCalendar).position === 'function';
}

/** Working minutes (fractional) from `from` to `to`; 0 when `to` is not after `from`. */
export function workingMinutesBetween(
  spec: CalendarSpec | WorkCalendar | null | undefined,
  from: number,
  to: number,
): number {
  return workCalendar(spec).workingMsBetween(from, to) / MINUTE_MS;
}

/** The instant `minutes` working minutes after `start`; null when the calendar never opens. */
export function addWorkingMinutes(
  spec: CalendarSpec | WorkCalendar | null | undefined,
  start: number,
  minutes: number,
): number | null {
  return workCalendar(spec).addWorkingMs(start, minutes * MINUTE_MS);
}

// ---------------------------------------------------------------------------------------
// Location inheritance

/** The zone used when neither a location nor any of its ancestors names one. */
export const DEFAULT_TIME_ZONE = 'UTC';
const ANCESTRY_MAX = 32;

export type LocationLookup = (
  locationId: string,
) => Pick<Location, 'id' | 'parentId' | 'timeZone' | 'calendar'> | undefined;

/**
 * The location and its ancestors, nearest first (line, area, site). Stops at an unknown id
 * and at a loop in the parent links.
 */
export function locationAncestry(locationId: string, lookup: LocationLookup): string[] {
  const path: string[] = [];
  let id: string | undefined = locationId;
  while (id !== undefined && path.length < ANCESTRY_MAX && !path.includes(id)) {
    path.push(id);
    id = lookup(id)?.parentId;
  }
  return path;
}

/**
 * The time zone and business calendar in force at a location: each is the location's own or
 * else its nearest ancestor's. Without any zone, UTC; without any calendar, around the clock.
 */
export function resolveLocationCalendar(locationId: string, lookup: LocationLookup): CalendarSpec {
  let timeZone: string | undefined;
  let calendar: BusinessCalendar | undefined;
  for (const id of locationAncestry(locationId, lookup)) {
    const location = lookup(id);
    if (location === undefined) break;
    timeZone ??= location.timeZone;
    calendar ??= location.calendar;
    if (timeZone !== undefined && calendar !== undefined) break;
  }
  const spec: CalendarSpec = { timeZone: timeZone ?? DEFAULT_TIME_ZONE };
  if (calendar !== undefined) spec.calendar = calendar;
  return spec;
}
