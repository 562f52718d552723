import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  instantOfWallTime,
  isKnownTimeZone,
  localWallTime,
  wallTime,
  zoneOffset,
} from './time-zone';

const HOUR = 3_600_000;

describe('time zones', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localWallTime('Mars/Olympus', 0)).toThrow(RangeError);
  });

  it('reads the wall clock and the offset, summer and winter', () => {
    const summer = Date.UTC(2026, 6, 1, 10, 0, 0, 250);
    expect(localWallTime('Europe/Berlin', summer)).toBe(Date.UTC(2026, 6, 1, 12, 0, 0, 250));
    expect(zoneOffset('Europe/Berlin', Date.UTC(2026, 0, 15))).toBe(HOUR);
    expect(zoneOffset('America/New_York', Date.UTC(2026, 0, 15))).toBe(-5 * HOUR);
    expect(zoneOffset('Asia/Kolkata', Date.UTC(2026, 0, 15))).toBe(5.5 * HOUR);
  });

  it('handles years before 1 AD and day overflow in wall times', () => {
    expect(wallTime(2026, 1, 32)).toBe(Date.UTC(2026, 1, 1));
    expect(wallTime(99, 1, 1)).toBe(Date.parse('0099-01-01T00:00:00Z'));
    const ancient = wallTime(-50, 3, 1, 12);
    expect(localWallTime('UTC', ancient)).toBe(ancient);
  });

  it('resolves a spring-forward gap as the jump or shifted by the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST.
    const wall = wallTime(2026, 3, 29, 2, 30);
    expect(instantOfWallTime('Europe/Berlin', wall)).toBe(Date.UTC(2026, 2, 29, 1, 0));
    expect(instantOfWallTime('Europe/Berlin', wall, 'shift')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('takes the first of two instants in a fall-back overlap', () => {
    const wall = wallTime(2026, 10, 25, 2, 30);
    expect(instantOfWallTime('Europe/Berlin', wall)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(instantOfWallTime('America/New_York', wallTime(2026, 11, 1, 1, 30))).toBe(
      Date.UTC(2026, 10, 1, 5, 30),
    );
  });

  it('maps every instant back to itself through its wall time, unless it is the second of a repeated hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, at) => {
          const back = instantOfWallTime(zone, localWallTime(zone, at));
          expect(localWallTime(zone, back)).toBe(localWallTime(zone, at));
          expect(back).toBeLessThanOrEqual(at);
        },
      ),
    );
  });
});
