import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, retryAfterMs, WakeUp } from './backoff';
import { platformTimers } from './platform';

const policy = fc.record({
  initialMs: fc.integer({ min: 1, max: 10_000 }),
  maxMs: fc.integer({ min: 1, max: 600_000 }),
  multiplier: fc.double({ min: 1, max: 4, noNaN: true }),
});

describe('backoffDelay', () => {
  it('waits between half and all of a ceiling that grows with each attempt up to the cap', () => {
    fc.assert(
      fc.property(
        policy,
        fc.nat({ max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (p, attempt, random) => {
          const ceiling = Math.min(p.maxMs, p.initialMs * p.multiplier ** attempt);
          const delay = backoffDelay(attempt, p, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
          expect(delay).toBeLessThanOrEqual(p.maxMs);
        },
      ),
    );
  });

  it('never waits less for a later attempt with the same draw', () => {
    fc.assert(
      fc.property(
        policy,
        fc.nat({ max: 60 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (p, attempt, r) => {
          expect(backoffDelay(attempt + 1, p, () => r)).toBeGreaterThanOrEqual(
            backoffDelay(attempt, p, () => r),
          );
        },
      ),
    );
  });

  it('spreads clients that failed together', () => {
    const draws = [0, 0.25, 0.5, 0.75, 0.999].map((r) => backoffDelay(3, DEFAULT_BACKOFF, () => r));
    expect(new Set(draws).size).toBe(draws.length);
    expect(draws[0]).toBe(4_000);
    expect(draws.at(-1)).toBeLessThanOrEqual(8_000);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('7', 0)).toBe(7_000);
    expect(retryAfterMs(' 0 ', 0)).toBe(0);
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('WakeUp', () => {
  it('ends a sleep when its time is up', async () => {
    const wake = new WakeUp(platformTimers());
    await expect(wake.sleep(1)).resolves.toBe('elapsed');
    expect(wake.sleeping).toBe(0);
  });

  it('ends every sleep at once, even endless ones, when woken', async () => {
    const wake = new WakeUp(platformTimers());
    const sleeps = [wake.sleep(Number.POSITIVE_INFINITY), wake.sleep(3_600_000, 'parent')];
    expect(wake.sleeping).toBe(2);
    wake.wakeAll();
    await expect(Promise.all(sleeps)).resolves.toEqual(['woken', 'woken']);
    expect(wake.sleeping).toBe(0);
  });

  it('wakes only the sleeps on a topic when one is named', async () => {
    const wake = new WakeUp(platformTimers());
    const other = wake.sleep(Number.POSITIVE_INFINITY);
    const onTopic = wake.sleep(Number.POSITIVE_INFINITY, 'parent');
    wake.wakeAll('parent');
    await expect(onTopic).resolves.toBe('woken');
    expect(wake.sleeping).toBe(1);
    wake.wakeAll();
    await expect(other).resolves.toBe('woken');
  });
});
