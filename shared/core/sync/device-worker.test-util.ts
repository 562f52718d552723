/**
 * One test device in a worker thread (run with `--import tsx`): an app core with its own RxDB
 * (each realm may open only so many collections), replicating with the server over its own
 * test network, driven by messages from the test (remote-device.test-util.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { ReplicatedCollection } from '../../sync/protocol';
import type { AppCommands } from '../commands';
import type { SyncSession } from './sign-in';
import type { SyncTuning } from './sync-control';
import { documentsOf, openDevice, type TestDevice } from './test-device.test-util';

export const REPLICATED = ['issues', 'comments', 'issue_events', 'workflows', 'locations'] as const;
export type Snapshot = Record<(typeof REPLICATED)[number], Record<string, unknown>[]>;

/** A small seeded generator, so a run's lost answers follow its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

let device: TestDevice | undefined;
/** How far the device's clock is ahead of the real one (`shiftClock`). */
let clockOffsetMs = 0;
const clock = { now: () => Date.now() + clockOffsetMs };
/** The armed watch of `watchIssue`: resolves with the time the version arrived. */
let watched: Promise<number> | undefined;

/** Wall-clock time in ms with sub-ms precision, comparable across threads. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

function current(): TestDevice {
  if (!device) throw new Error('No device is open in this worker.');
  return device;
}

const handlers = {
  async open(session: SyncSession, tuning: SyncTuning): Promise<void> {
    if (device) await device.close();
    device = await openDevice(session, { tuning, clock });
    device.network.onPush = () => parentPort?.postMessage({ event: 'push' });
  },
  async close(): Promise<void> {
    const closing = device;
    device = undefined;
    await closing?.close();
  },
  cut(tellPlatform: boolean): void {
    current().network.cut(tellPlatform);
  },
  heal(): void {
    current().network.heal();
  },
  loseAnswers(chance: number, seed: number): void {
    const network = current().network;
    network.loseAnswers = chance;
    network.random = seeded(seed);
  },
  async command(name: keyof AppCommands, args: unknown[]): Promise<unknown> {
    const commands = current().core.commands as unknown as Record<
      string,
      (...values: unknown[]) => Promise<unknown>
    >;
    return commands[name]!(...args);
  },
  /** Moves the device's clock on by `ms` (time passing while the scheduler sleeps). */
  shiftClock(ms: number): void {
    clockOffsetMs += ms;
  },
  async startEscalation(): Promise<void> {
    const escalation = current().core.escalation;
    await escalation.start();
    await escalation.whenIdle();
  },
  /** Wakes the escalation scheduler (as after a sleep) and waits until it has fired what is due. */
  async wakeEscalation(): Promise<void> {
    const escalation = current().core.escalation;
    escalation.wake();
    await escalation.whenIdle();
  },
  async documents(collection: ReplicatedCollection): Promise<Record<string, unknown>[]> {
    return documentsOf(current().core, collection);
  },
  async issueIds(): Promise<string[]> {
    return (await documentsOf(current().core, 'issues')).map((doc) => String(doc.id));
  },
  async awaitInSync(): Promise<void> {
    await current().core.sync.awaitInSync();
  },
  async snapshot(): Promise<Snapshot> {
    const core = current().core;
    const entries = await Promise.all(
      REPLICATED.map(async (name) => [name, await documentsOf(core, name)] as const),
    );
    return Object.fromEntries(entries) as Snapshot;
  },
  /** Arms a watch for the issue reaching `version` (resolves at once if it has). */
  async watchIssue(issueId: string, version: number): Promise<void> {
    const issues = current().core.db.issues;
    watched = new Promise<number>((resolve) => {
      const subscription = issues.$.subscribe((event) => {
        if (event.documentId === issueId && event.documentData.version >= version) {
          const at = preciseNow();
          subscription.unsubscribe();
          resolve(at);
        }
      });
      void issues
        .findOne(issueId)
        .exec()
        .then((doc) => {
          if (doc && doc.version >= version) {
            subscription.unsubscribe();
            resolve(preciseNow());
          }
        });
    });
    // The subscription is in place once this returns.
    await Promise.resolve();
  },
  /** When the watched version arrived (preciseNow() time). */
  async watchedIssue(): Promise<number> {
    if (!watched) throw new Error('No watch is armed.');
    return watched;
  },
  status() {
    return current().core.sync.status();
  },
};

export type DeviceHandlers = typeof handlers;

export interface DeviceRequest {
  id: number;
  method: keyof DeviceHandlers;
  args: unknown[];
}

export type DeviceReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: unknown } };

parentPort?.on('message', (request: DeviceRequest) => {
  const handler = handlers[request.method] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => handler(...request.args))
    .then(
      (value) => parentPort?.postMessage({ id: request.id, ok: true, value } satisfies DeviceReply),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        parentPort?.postMessage({
          id: request.id,
          ok: false,
          error: {
            name: failure.name,
            message: failure.message,
            code: (failure as { code?: unknown }).code,
          },
        } satisfies DeviceReply);
      },
    );
});
