/**
 * The timer the escalation scheduler sleeps on, injected through the core's options so that
 * tests and benchmarks can run it on a fake clock. The default is the platform's own.
 */

/** Whatever the platform's setTimeout returns (a number in browsers, an object in Node). */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** shared/ is compiled without DOM or Node types: the two functions every platform has. */
interface HostTimers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The platform's timers (Node, Electron, browsers), looked up when called. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => (globalThis as unknown as HostTimers).setTimeout(callback, ms),
  clearTimeout: (handle) => (globalThis as unknown as HostTimers).clearTimeout(handle),
};
