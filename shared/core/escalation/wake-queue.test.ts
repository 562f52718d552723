import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WakeQueue } from './wake-queue';

type Operation =
  | { kind: 'build'; entries: [string, number][] }
  | { kind: 'set'; key: string; time: number }
  | { kind: 'delete'; key: string }
  | { kind: 'pop'; now: number };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const time = fc.integer({ min: 0, max: 50 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('build' as const),
    entries: fc.array(fc.tuple(key, time), { maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('set' as const), key, time }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('pop' as const), now: time }),
);

describe('the wake-up queue', () => {
  it('behaves like a sorted list of (time, key) under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const queue = new WakeQueue();
        const model = new Map<string, number>();
        const sorted = () =>
          [...model.entries()].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
        for (const op of operations) {
          if (op.kind === 'build') {
            queue.build(
              op.entries.map(([k]) => k),
              op.entries.map(([, t]) => t),
            );
            model.clear();
            for (const [k, t] of op.entries) model.set(k, t);
          } else if (op.kind === 'set') {
            queue.set(op.key, op.time);
            model.set(op.key, op.time);
          } else if (op.kind === 'delete') {
            expect(queue.delete(op.key)).toBe(model.delete(op.key));
          } else {
            const expected = sorted()
              .filter(([, t]) => t <= op.now)
              .map(([k]) => k);
            for (const k of expected) model.delete(k);
            expect(queue.popDue(op.now)).toEqual(expected);
          }
          expect(queue.size).toBe(model.size);
          expect(queue.peekTime()).toBe(sorted()[0]?.[1] ?? Infinity);
          expect(queue.peekKey()).toBe(sorted()[0]?.[0]);
          for (const [k, t] of model) expect(queue.timeOf(k)).toBe(t);
        }
      }),
    );
  });

  it('treats a time that is not finite as no wake-up', () => {
    const queue = new WakeQueue();
    queue.set('a', 5);
    queue.set('a', Infinity);
    expect(queue.has('a')).toBe(false);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
