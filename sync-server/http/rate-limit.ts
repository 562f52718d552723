/**
 * Request rate limits: a fixed one-minute window of counters per key (a token, or an
 * address without one). The whole table is dropped when the window turns, so memory stays
 * bounded by the keys seen in one minute.
 */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window turns (for Retry-After). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private counts = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly limitPerWindow: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  take(key: string): RateDecision {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.counts = new Map();
      this.windowStart = now - ((now - this.windowStart) % this.windowMs);
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return {
      allowed: this.limitPerWindow === 0 || count <= this.limitPerWindow,
      retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)),
    };
  }
}
