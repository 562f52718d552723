import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WakeQueue, type WakeEntry } from './wake-queue';

type Operation =
  | { kind: 'build'; entries: [string, number][] }
  | { kind: 'adopt'; entries: [string, number][] }
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
  fc.record({
    kind: fc.constant('adopt' as const),
    entries: fc.uniqueArray(fc.tuple(key, time), { maxLength: 8, selector: ([k]) => k }),
  }),
  fc.record({ kind: fc.constant('set' as const), key, time }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('pop' as const), now: time }),
);

describe('the wake-up queue', () => {
  it('behaves like a sorted list of (time, key) under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const queue = new WakeQueue<WakeEntry>();
        const entries = new Map<string, WakeEntry>();
        const entry = (k: string): WakeEntry => {
          let known = entries.get(k);
          if (known === undefined) entries.set(k, (known = { id: k, wakeIndex: -1 }));
          return known;
        };
        const model = new Map<string, number>();
        const sorted = () =>
          [...model.entries()].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
        for (const op of operations) {
          if (op.kind === 'build') {
            queue.build(
              op.entries.map(([k]) => entry(k)),
              op.entries.map(([, t]) => t),
            );
            model.clear();
            for (const [k, t] of op.entries) model.set(k, t);
          } else if (op.kind === 'adopt') {
            // As a full evaluation hands them over: each once, its place written beforehand.
            const adopted = op.entries.map(([k]) => entry(k));
            adopted.forEach((e, i) => (e.wakeIndex = i));
            queue.adopt(
              adopted,
              op.entries.map(([, t]) => t),
            );
            model.clear();
            for (const [k, t] of op.entries) model.set(k, t);
          } else if (op.kind === 'set') {
            queue.set(entry(op.key), op.time);
            model.set(op.key, op.time);
          } else if (op.kind === 'delete') {
            expect(queue.delete(entry(op.key))).toBe(model.delete(op.key));
          } else {
            const expected = sorted()
              .filter(([, t]) => t <= op.now)
              .map(([k]) => k);
            for (const k of expected) model.delete(k);
            expect(queue.popDue(op.now).map((e) => e.id)).toEqual(expected);
          }
          expect(queue.size).toBe(model.size);
          expect(queue.peekTime()).toBe(sorted()[0]?.[1] ?? Infinity);
          expect(queue.peek()?.id).toBe(sorted()[0]?.[0]);
          for (const [k, t] of model) expect(queue.timeOf(entry(k))).toBe(t);
          for (const [k, e] of entries) expect(queue.has(e)).toBe(model.has(k));
        }
      }),
    );
  });

  it('treats a time that is not finite as no wake-up', () => {
    const queue = new WakeQueue<WakeEntry>();
    const a = { id: 'a', wakeIndex: -1 };
    queue.set(a, 5);
    queue.set(a, Infinity);
    expect(queue.has(a)).toBe(false);
    expect(queue.peekTime()).toBe(Infinity);
    queue.build([a, a], [3, Infinity]);
    expect(queue.has(a)).toBe(false);
  });

  it('keeps an entry in one queue at a time', () => {
    const first = new WakeQueue<WakeEntry>();
    const second = new WakeQueue<WakeEntry>();
    const a = { id: 'a', wakeIndex: -1 };
    const b = { id: 'b', wakeIndex: -1 };
    first.set(a, 5);
    second.set(b, 1);
    expect(second.has(a)).toBe(false);
    expect(second.timeOf(a)).toBeUndefined();
    first.clear();
    expect(first.has(a)).toBe(false);
    expect(a.wakeIndex).toBe(-1);
  });
});
