import type { Clock } from '../shared/core';

export interface FakeClock extends Clock {
  set(time: number): void;
  advance(ms: number): number;
}

export function fakeClock(start = Date.UTC(2026, 10, 2, 8, 0, 0)): FakeClock {
  let time = start;
  return {
    now: () => time,
    set: (t) => {
      time = t;
    },
    advance: (ms) => (time += ms),
  };
}
