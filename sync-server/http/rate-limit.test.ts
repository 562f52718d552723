import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows the limit per key and window, then tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    now += 45_000;
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 15 });
    now += 15_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('does not limit when the limit is zero', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i += 1) expect(limiter.take('a').allowed).toBe(true);
  });
});
