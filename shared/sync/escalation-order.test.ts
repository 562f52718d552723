/**
 * The order that decides which firing of a level stands: a total order, so the least state
 * is one and the same on every device and on the server, and the devices' conflict handler
 * and the server's rule together leave every device with it, in any order of pushes.
 */
import fc from 'fast-check';
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { createEscalationConflictHandler } from './conflict-handler';
import {
  compareEscalationStates,
  standingEscalation,
  type EscalationState,
} from './escalation-order';

type State = WithDeleted<EscalationState & { id: string; firedBy: string; dueAt: number }>;

const state: fc.Arbitrary<State> = fc.record({
  id: fc.constant('issue-1:critical-unacknowledged:1:1'),
  firedAt: fc.integer({ min: 0, max: 3 }),
  deviceId: fc.constantFrom('laptop', 'tablet'),
  firedBy: fc.constantFrom('tina', 'tom'),
  dueAt: fc.integer({ min: 0, max: 2 }),
  _deleted: fc.constant(false),
});

const handler: RxConflictHandler<State> = createEscalationConflictHandler<State>();

/** The server's rule (push-batch.ts): a pushed state replaces the stored one when it comes first. */
function serverTakes(stored: State | undefined, pushed: State): State {
  return stored && compareEscalationStates(stored, pushed) <= 0 ? stored : pushed;
}

describe('the standing firing of an escalation level', () => {
  it('is decided by a total order: earliest firing, then device, then the whole state', () => {
    fc.assert(
      fc.property(state, state, state, (a, b, c) => {
        const ab = Math.sign(compareEscalationStates(a, b));
        expect(ab + Math.sign(compareEscalationStates(b, a))).toBe(0);
        expect(compareEscalationStates(a, b) === 0).toBe(JSON.stringify(a) === JSON.stringify(b));
        if (compareEscalationStates(a, b) <= 0 && compareEscalationStates(b, c) <= 0) {
          expect(compareEscalationStates(a, c)).toBeLessThanOrEqual(0);
        }
        if (a.firedAt < b.firedAt) expect(standingEscalation(a, b)).toBe(a);
      }),
    );
  });

  it('leaves every device and the server with the least state, whatever order the pushes come in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(state, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (devices, order) => {
          // Each device holds its own firing, not yet pushed.
          const held: State[] = [...devices];
          const assumed: (State | undefined)[] = devices.map(() => undefined);
          let server: State | undefined;
          // Devices push in any order, some more than once; each then resolves as RxDB does.
          const turns = [...order.map((n) => n % devices.length), ...devices.keys()];
          for (const device of turns) {
            const local = held[device]!;
            if (assumed[device] !== undefined && handler.isEqual(local, assumed[device], 'test')) {
              continue;
            }
            const before = server;
            server = serverTakes(server, local);
            if (server === local && before !== local) {
              assumed[device] = local;
              continue;
            }
            // A conflict: the server's state is answered, the handler resolves it.
            const resolved = await handler.resolve(
              { newDocumentState: local, realMasterState: server, assumedMasterState: before },
              'test',
            );
            held[device] = resolved;
            assumed[device] = server;
          }
          // Then every device pulls what the server holds over its own unchanged state.
          for (const device of devices.keys()) {
            if (handler.isEqual(held[device]!, assumed[device]!, 'test')) held[device] = server!;
          }
          const least = [...devices].sort(compareEscalationStates)[0]!;
          expect(server).toEqual(least);
          for (const each of held) expect(each).toEqual(least);
        },
      ),
    );
  });
});
