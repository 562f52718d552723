/**
 * Waiting between attempts: capped exponential backoff with jitter, the server's Retry-After
 * honoured, and a wake-up call that ends every wait at once (the network came back, the
 * user asked to sync now, the client stops).
 */
import type { Timers } from './platform';

export interface BackoffPolicy {
  /** The ceiling of the first wait. */
  initialMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** How much the ceiling grows with every failed attempt. */
  multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, multiplier: 2 };

/**
 * The wait before retry number `attempt` (0 for the first retry): "equal jitter", half of the
 * ceiling fixed and half random, so clients that failed together spread out while none
 * retries at once. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const growth = policy.multiplier ** Math.max(0, attempt);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * growth);
  const half = ceiling / 2;
  return Math.round(half + Math.min(Math.max(random(), 0), 1) * half);
}

/**
 * A Retry-After header in milliseconds: delay-seconds or an HTTP date (relative to `now`).
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type WakeReason = 'elapsed' | 'woken';

/**
 * Sleeps that end when their time is up or when they are woken, whichever is first. A sleep
 * may carry a topic: `wakeAll(topic)` ends only the sleeps on that topic, `wakeAll()` every one.
 */
export class WakeUp {
  private readonly sleepers = new Map<() => void, string | undefined>();

  constructor(private readonly timers: Timers) {}

  /** Waits `ms` (forever for Infinity) or until woken. */
  sleep(ms: number, topic?: string): Promise<WakeReason> {
    return new Promise<WakeReason>((resolve) => {
      let handle: unknown;
      const wake = (): void => {
        this.sleepers.delete(wake);
        if (handle !== undefined) this.timers.clearTimeout(handle);
        resolve('woken');
      };
      this.sleepers.set(wake, topic);
      if (Number.isFinite(ms)) {
        handle = this.timers.setTimeout(
          () => {
            this.sleepers.delete(wake);
            resolve('elapsed');
          },
          Math.max(0, ms),
        );
      }
    });
  }

  /** Ends every sleep now, or every sleep on `topic`. */
  wakeAll(topic?: string): void {
    for (const [wake, on] of [...this.sleepers]) {
      if (topic === undefined || on === topic) wake();
    }
  }

  get sleeping(): number {
    return this.sleepers.size;
  }
}
