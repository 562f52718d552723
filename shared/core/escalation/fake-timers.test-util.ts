/**
 * Timers on a fake clock, for the scheduler's tests: `setTimeout` only records; time moves
 * when the test says so, and each timer then runs at its own instant, in order. A suspended
 * machine is the clock moving without the timers running (`jump`), as a laptop lid does.
 */
import type { FakeClock } from '../../../test-support/fake-clock';
import type { TimerHandle, Timers } from './timers';

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

export interface FakeTimers extends Timers {
  /** The instants of the timers not yet run, earliest first. */
  pending(): number[];
  /**
   * Moves the clock to `time`, running every timer due by then at its own instant and
   * calling `settle` after each (so the scheduler finishes what the timer started).
   */
  runUntil(time: number, settle?: () => Promise<void>): Promise<number>;
  /** Moves the clock without running any timer (the machine was asleep). */
  jump(ms: number): void;
  /** Runs the timers that are due now (the machine woke up and its timers fire late). */
  runDue(settle?: () => Promise<void>): Promise<number>;
}

export function fakeTimers(clock: FakeClock): FakeTimers {
  let nextId = 1;
  const timers = new Map<number, PendingTimer>();

  function earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of timers.values()) {
      if (
        best === undefined ||
        timer.at < best.at ||
        (timer.at === best.at && timer.id < best.id)
      ) {
        best = timer;
      }
    }
    return best;
  }

  async function runWhile(
    limit: number,
    settle: (() => Promise<void>) | undefined,
  ): Promise<number> {
    let ran = 0;
    for (;;) {
      const timer = earliest();
      if (timer === undefined || timer.at > limit) return ran;
      timers.delete(timer.id);
      if (timer.at > clock.now()) clock.set(timer.at);
      timer.callback();
      ran++;
      await settle?.();
    }
  }

  return {
    setTimeout(callback: () => void, ms: number): TimerHandle {
      const id = nextId++;
      timers.set(id, { id, at: clock.now() + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle: TimerHandle): void {
      timers.delete(handle as number);
    },
    pending: () => [...timers.values()].map((t) => t.at).sort((a, b) => a - b),
    async runUntil(time, settle) {
      const ran = await runWhile(time, settle);
      if (time > clock.now()) clock.set(time);
      return ran;
    },
    jump(ms) {
      clock.advance(ms);
    },
    runDue(settle) {
      return runWhile(clock.now(), settle);
    },
  };
}
