/**
 * Time zones through Intl alone: the wall clock of an instant in an IANA zone, and the
 * instant at which a zone's wall clock shows a given time. Wall times are expressed as
 * milliseconds read as if they were UTC ("2026-03-29 02:30" → Date.UTC(2026, 2, 29, 2, 30)).
 * One Intl.DateTimeFormat is created per zone, ever: this sits on hot paths (escalation
 * calendars, date queries).
 */

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when this runtime knows `timeZone` as an IANA zone (or "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A wall time from its parts (month 1–12); out-of-range parts roll over as in Date. */
export function wallTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The wall-clock time `timeZone` shows at instant `at`. Throws RangeError for an unknown zone. */
export function localWallTime(timeZone: string, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  let bc = false;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(whole)) {
    switch (part.type) {
      case 'era':
        bc = part.value === 'BC' || part.value === 'B';
        break;
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return wallTime(bc ? 1 - year : year, month, day, hour, minute, second) + (at - whole);
}

/** The zone's offset from UTC at `at`, in ms (Berlin in summer: +7 200 000). */
export function zoneOffset(timeZone: string, at: number): number {
  return localWallTime(timeZone, at) - at;
}

/**
 * What a wall time that does not exist (clocks set forward) maps to:
 * - 'jump': the instant of the jump, the first at which the clock shows that time or later
 *   (a business-hours window opening at 02:30 opens when the clock jumps to 03:00);
 * - 'shift': the time moved forward by the gap, as a person means it (02:30 → 03:30), the
 *   "compatible" choice of calendar libraries.
 */
export type GapChoice = 'jump' | 'shift';

/**
 * The instant at which `timeZone`'s wall clock shows `wall`. A time that occurs twice
 * (clocks set back) gives its first occurrence; one in a gap is resolved by `inGap`.
 */
export function instantOfWallTime(
  timeZone: string,
  wall: number,
  inGap: GapChoice = 'jump',
): number {
  const before = zoneOffset(timeZone, wall - DAY_MS);
  const after = zoneOffset(timeZone, wall + DAY_MS);
  const early = wall - before;
  if (before === after) return early;
  const late = wall - after;
  const earlyFits = zoneOffset(timeZone, early) === before;
  const lateFits = zoneOffset(timeZone, late) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  // In the gap, between `late` (still the old offset) and `early` (already the new one).
  if (inGap === 'shift') return Math.max(early, late);
  let low = Math.min(early, late);
  let high = Math.max(early, late);
  const lowOffset = zoneOffset(timeZone, low);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffset(timeZone, middle) === lowOffset) low = middle;
    else high = middle;
  }
  return high;
}
