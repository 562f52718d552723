/**
 * Validation of plant locations (site → area → line): names, the parent of each kind, IANA
 * time zones and business-hours calendars.
 */
import {
  ID_MAX,
  LOCATION_KINDS,
  NAME_MAX,
  type BusinessCalendar,
  type BusinessHoursWindow,
  type LocationKind,
  type Weekday,
} from '../domain';
import type { LocationPatch, NewLocationInput } from '../core/commands';
import { describeValue, ProblemCollector, readObject, type FieldReader } from './problems';

/** The kind a location's parent must have; sites have none. */
export const PARENT_KIND: Record<LocationKind, LocationKind | undefined> = {
  site: undefined,
  area: 'site',
  line: 'area',
};

export const TIME_ZONE_MAX = 64;
export const MINUTES_PER_DAY = 1440;
export const WEEKLY_WINDOWS_MAX = 100;
export const HOLIDAYS_MAX = 1000;

/** What the validator needs to know of a parent location. */
export interface ParentLocation {
  kind: LocationKind;
}
export type ParentLookup = (parentId: string) => ParentLocation | undefined;
export type AsyncParentLookup = (parentId: string) => Promise<ParentLocation | undefined>;

const NEW_LOCATION_KEYS = ['name', 'kind', 'parentId', 'timeZone', 'calendar'] as const;
const PATCH_KEYS = ['name', 'timeZone', 'calendar'] as const;
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

function withArticle(kind: LocationKind): string {
  return kind === 'area' ? 'an area' : `a ${kind}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Validates a new location. `parentOf` finds the parent named by `parentId`; it may answer
 * synchronously (the result is then returned directly) or with a promise (the result is
 * then a promise too). An area's parent must be a site, a line's an area; a site has none.
 */
export function validateNewLocation(input: unknown, parentOf: ParentLookup): NewLocationInput;
export function validateNewLocation(
  input: unknown,
  parentOf: AsyncParentLookup,
): Promise<NewLocationInput>;
export function validateNewLocation(
  input: unknown,
  parentOf: (parentId: string) => ParentLocation | undefined | Promise<ParentLocation | undefined>,
): NewLocationInput | Promise<NewLocationInput> {
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'A new location', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(NEW_LOCATION_KEYS, (key) =>
    key === 'id' || key === 'updatedAt'
      ? `"${key}" is kept by the app and cannot be given.`
      : undefined,
  );

  const name = read.text('name', { label: 'Name', min: 1, max: NAME_MAX, required: true });
  const kind = read.choice('kind', 'Kind', LOCATION_KINDS, true);
  const parentId = read.text('parentId', {
    label: 'Parent location',
    min: 1,
    max: ID_MAX,
    trim: false,
  });
  const timeZone = readTimeZone(read, true);
  const calendar = readCalendar(read);

  if (kind === 'site' && read.has('parentId')) {
    problems.add(read.path('parentId'), 'not-allowed', 'A site has no parent location.');
  } else if (kind !== undefined && kind !== 'site' && !read.has('parentId')) {
    problems.add(
      read.path('parentId'),
      'required',
      `${capitalise(withArticle(kind))} must be inside ${withArticle(PARENT_KIND[kind] ?? 'site')}: choose its parent location.`,
    );
  }

  const finish = (parent: ParentLocation | undefined, looked: boolean): NewLocationInput => {
    if (looked && parentId !== undefined) {
      checkParent(parentId, parent, kind, read.path('parentId'), problems);
    }
    if (problems.size > 0 || name === undefined || kind === undefined) throw problems.toError();
    const clean: NewLocationInput = { name, kind };
    if (parentId !== undefined) clean.parentId = parentId;
    if (timeZone !== undefined) clean.timeZone = timeZone;
    if (calendar !== undefined) clean.calendar = calendar;
    return clean;
  };

  // Look the parent up only when the id itself is acceptable and a parent is expected.
  if (parentId === undefined || kind === 'site') return finish(undefined, false);
  const found = parentOf(parentId);
  if (isPromiseLike(found)) return Promise.resolve(found).then((parent) => finish(parent, true));
  return finish(found, true);
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function checkParent(
  parentId: string,
  parent: ParentLocation | undefined,
  kind: LocationKind | undefined,
  field: string,
  problems: ProblemCollector,
): void {
  if (parent === undefined) {
    problems.add(field, 'unknown-reference', `Parent location "${parentId}" does not exist.`);
    return;
  }
  if (kind === undefined) return;
  const expected = PARENT_KIND[kind];
  if (expected !== undefined && parent.kind !== expected) {
    problems.add(
      field,
      'not-allowed',
      `${capitalise(withArticle(kind))} must be inside ${withArticle(expected)}, not inside ${withArticle(parent.kind)}.`,
    );
  }
}

/**
 * Validates an edit of a location: its name, time zone and calendar. A time zone or calendar
 * given as null is cleared, so that the location takes its parent's again.
 */
export function validateLocationPatch(patch: unknown): LocationPatch {
  const problems = new ProblemCollector();
  const read = readObject(patch, '', 'A location edit', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(PATCH_KEYS, (key) => {
    if (key === 'kind' || key === 'parentId') return `A location's ${key} cannot be changed.`;
    if (key === 'id' || key === 'updatedAt') return `"${key}" is kept by the app.`;
    return undefined;
  });
  const name = read.text('name', { label: 'Name', min: 1, max: NAME_MAX });
  const clearsTimeZone = read.value('timeZone') === null;
  const clearsCalendar = read.value('calendar') === null;
  const timeZone = clearsTimeZone ? undefined : readTimeZone(read, false);
  const calendar = clearsCalendar ? undefined : readCalendar(read);
  problems.throwIfAny();
  const clean: LocationPatch = {};
  if (name !== undefined) clean.name = name;
  if (clearsTimeZone) clean.timeZone = null;
  else if (timeZone !== undefined) clean.timeZone = timeZone;
  if (clearsCalendar) clean.calendar = null;
  else if (calendar !== undefined) clean.calendar = calendar;
  return clean;
}

/**
 * The IANA name of a time zone Intl knows, in its canonical spelling when only the letter
 * case differs ("europe/berlin" → "Europe/Berlin"); undefined when it is not one.
 * Offsets such as "+01:00" are refused: they know nothing of daylight saving time.
 */
export function normaliseTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

/** A time zone; blank text counts as absent when `blankIsAbsent` (a form's empty choice). */
function readTimeZone(read: FieldReader, blankIsAbsent: boolean): string | undefined {
  const text = read.text('timeZone', {
    label: 'Time zone',
    min: blankIsAbsent ? 0 : 1,
    max: TIME_ZONE_MAX,
  });
  if (text === undefined || text === '') return undefined;
  const zone = normaliseTimeZone(text);
  if (zone === undefined) {
    read.problems.add(
      read.path('timeZone'),
      'invalid-format',
      `Time zone "${text}" is not a known IANA time zone such as Europe/Berlin or America/Chicago.`,
    );
  }
  return zone;
}

function readCalendar(read: FieldReader): BusinessCalendar | undefined {
  const value = read.value('calendar');
  if (value === undefined) return undefined;
  const problems = read.problems;
  const before = problems.size;
  const calendar = readObject(value, read.path('calendar'), 'The business calendar', problems);
  if (!calendar) return undefined;
  calendar.refuseUnknown(['weekly', 'holidays']);
  const weekly = readWeekly(calendar);
  const holidays = readHolidays(calendar);
  if (problems.size > before || weekly === undefined || holidays === undefined) return undefined;
  return { weekly, holidays };
}

function formatMinute(minute: number): string {
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  const minutes = String(minute % 60).padStart(2, '0');
  return `${hours}:${minutes}`;
}

/** Weekly windows: valid days and minutes, start before end, no overlaps; sorted. */
function readWeekly(calendar: FieldReader): BusinessHoursWindow[] | undefined {
  const list = calendar.list('weekly', 'Weekly business hours', {
    max: WEEKLY_WINDOWS_MAX,
    required: true,
  });
  if (list === undefined) return undefined;
  const problems = calendar.problems;
  const windows: { window: BusinessHoursWindow; field: string }[] = [];
  list.forEach((entry, index) => {
    const field = `${calendar.path('weekly')}[${index}]`;
    const read = readObject(entry, field, 'A business-hours window', problems);
    if (!read) return;
    read.refuseUnknown(['day', 'startMinute', 'endMinute']);
    const day = read.integer('day', 'Day', 0, 6, true);
    const start = read.integer('startMinute', 'Start minute', 0, MINUTES_PER_DAY, true);
    const end = read.integer('endMinute', 'End minute', 0, MINUTES_PER_DAY, true);
    if (start === undefined || end === undefined) return;
    if (start >= end) {
      problems.add(
        read.path('endMinute'),
        'out-of-range',
        `Business hours must end after they start (${formatMinute(start)}–${formatMinute(end)}).`,
      );
      return;
    }
    if (day !== undefined) {
      windows.push({ window: { day: day as Weekday, startMinute: start, endMinute: end }, field });
    }
  });
  windows.sort(
    (a, b) => a.window.day - b.window.day || a.window.startMinute - b.window.startMinute,
  );
  for (let i = 1; i < windows.length; i++) {
    const previous = windows[i - 1]?.window;
    const current = windows[i];
    if (!previous || !current) continue;
    const { window } = current;
    if (previous.day === window.day && window.startMinute < previous.endMinute) {
      problems.add(
        current.field,
        'not-allowed',
        `Business hours on ${WEEKDAY_NAMES[window.day]} overlap: ${formatMinute(previous.startMinute)}–${formatMinute(previous.endMinute)} and ${formatMinute(window.startMinute)}–${formatMinute(window.endMinute)}.`,
      );
    }
  }
  return windows.map((w) => w.window);
}

/** True for a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Holidays: real dates YYYY-MM-DD; duplicates dropped, sorted. */
function readHolidays(calendar: FieldReader): string[] | undefined {
  const list = calendar.list('holidays', 'Holidays', { max: HOLIDAYS_MAX, required: true });
  if (list === undefined) return undefined;
  const problems = calendar.problems;
  const dates = new Set<string>();
  list.forEach((entry, index) => {
    const field = `${calendar.path('holidays')}[${index}]`;
    if (typeof entry !== 'string' || !isCalendarDate(entry)) {
      problems.add(
        field,
        'invalid-format',
        typeof entry === 'string'
          ? `Holiday "${entry}" must be a real date written YYYY-MM-DD.`
          : `A holiday must be a date written YYYY-MM-DD (it is ${describeValue(entry)}).`,
      );
      return;
    }
    dates.add(entry);
  });
  return [...dates].sort();
}
