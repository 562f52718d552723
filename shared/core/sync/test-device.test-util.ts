/**
 * A test device: an app core on the memory storage replicating over a network that tests can
 * cut, heal and make lose answers. Free of the server's modules, so a worker thread can run
 * one device (RxDB allows only so many collections per JavaScript realm).
 */
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { BehaviorSubject } from 'rxjs';
import type { ReplicatedCollection, SyncUser } from '../../sync/protocol';
import { createAppCore, type AppCore, type Clock } from '../app-core';
import type { FetchInit, FetchLike, FetchResponseLike } from './platform';
import type { SyncSession } from './sign-in';
import type { SyncTuning } from './sync-control';

/** Backoff and counts small enough for tests to move quickly. */
export const FAST_TUNING: SyncTuning = {
  backoff: { initialMs: 20, maxMs: 200, multiplier: 2 },
  streamIdleMs: 3_000,
  pendingRecountMs: 10,
};

function networkError(): Error {
  return new TypeError('fetch failed');
}

/**
 * A device's network: the platform's fetch, which fails while the device is cut off (and
 * ends what was in flight when the cut came), may lose the answers of pushes the server
 * committed, and counts requests. `online$` is what the platform reports.
 */
export class TestNetwork {
  private connected = true;
  private readonly inFlight = new Set<{ abort(): void }>();
  readonly online$ = new BehaviorSubject<boolean>(true);
  /** Chance (0..1) that a push's answer is lost after the server handled it. */
  loseAnswers = 0;
  random: () => number = Math.random;
  requests = 0;
  failures = 0;
  /** The address of every request, in the order they were sent. */
  readonly urls: string[] = [];
  /** The path of every request, in order. */
  get paths(): string[] {
    return this.urls.map((url) => new URL(url).pathname);
  }
  /** Called when a push request is sent (before its answer). */
  onPush?: () => void;
  /** Awaited before a push of the collection is sent, e.g. to hold one collection back. */
  beforePush?: (collection: string) => Promise<void> | undefined;
  /** Every push answered, in the order of the answers. */
  readonly pushes: { collection: string; status: number }[] = [];

  get isConnected(): boolean {
    return this.connected;
  }

  /** Cuts the device off; `tellPlatform` also makes the platform report offline. */
  cut(tellPlatform: boolean): void {
    this.connected = false;
    if (tellPlatform) this.online$.next(false);
    for (const request of [...this.inFlight]) request.abort();
  }

  heal(): void {
    this.connected = true;
    if (!this.online$.getValue()) this.online$.next(true);
  }

  readonly fetch: FetchLike = async (url: string, init: FetchInit = {}) => {
    this.requests += 1;
    this.urls.push(url);
    if (!this.connected) {
      this.failures += 1;
      throw networkError();
    }
    const isStream = new URL(url).pathname.endsWith('/stream');
    const controller = new AbortController();
    const outer = init.signal;
    const entry = {
      abort: (): void => {
        controller.abort();
        this.inFlight.delete(entry);
      },
    };
    outer?.addEventListener('abort', entry.abort);
    if (outer?.aborted) controller.abort();
    this.inFlight.add(entry);
    const isPush = url.endsWith('/push');
    const collection = isPush ? (/\/sync\/([^/]+)\/push$/.exec(url)?.[1] ?? '') : '';
    try {
      if (isPush) {
        await this.beforePush?.(collection);
        this.onPush?.();
      }
      const response: FetchResponseLike = await fetch(url, {
        ...init,
        signal: controller.signal,
      });
      if (isPush) this.pushes.push({ collection, status: response.status });
      if (isPush && this.loseAnswers > 0 && this.random() < this.loseAnswers) {
        await response.text();
        throw networkError();
      }
      return response;
    } catch (error) {
      this.failures += 1;
      throw error;
    } finally {
      // A stream's body is read later: it stays cut-able until its reader aborts it.
      if (!isStream) {
        this.inFlight.delete(entry);
        outer?.removeEventListener('abort', entry.abort);
      }
    }
  };
}

let databaseCount = 0;

export interface TestDevice {
  core: AppCore;
  network: TestNetwork;
  session: SyncSession;
  user: SyncUser;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** An app core on the memory storage, acting as the session's user, replicating with it. */
export async function openDevice(
  session: SyncSession,
  options: {
    tuning?: SyncTuning;
    network?: TestNetwork;
    start?: boolean;
    databaseName?: string;
    /** The core's clock (what its commands and its escalation scheduler take as now). */
    clock?: Clock;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    storage?: RxStorage<any, any>;
  } = {},
): Promise<TestDevice> {
  const network = options.network ?? new TestNetwork();
  databaseCount += 1;
  const core = await createAppCore({
    storage: options.storage ?? getRxStorageMemory(),
    actor: { userId: session.user.id, role: session.user.role, deviceId: session.deviceId },
    databaseName: options.databaseName ?? `device${process.pid}x${databaseCount}`,
    ...(options.clock !== undefined && { clock: options.clock }),
    sync: {
      platform: { fetch: network.fetch, online$: network.online$ },
      tuning: options.tuning ?? FAST_TUNING,
    },
  });
  const device: TestDevice = {
    core,
    network,
    session,
    user: session.user,
    start: () =>
      core.sync.start({ serverUrl: session.serverUrl, token: session.token, user: session.user }),
    close: () => core.close(),
  };
  if (options.start ?? true) await device.start();
  return device;
}

/** Polls `check` until it holds, for at most `attempts` × `everyMs`; a safety net, not a timing check. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  attempts = 400,
  everyMs = 25,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`Never happened: ${what}`);
}

/** A collection's documents as replicated (no storage fields), sorted by primary key. */
export async function documentsOf(
  core: AppCore,
  collection: ReplicatedCollection,
): Promise<Record<string, unknown>[]> {
  const docs = await core.db.collections[collection].find().exec();
  return docs
    .map((doc) => ({ key: doc.primary, data: doc.toJSON() }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ data }) => data);
}

/** Everything the server stores of a collection, read as an admin would pull it. */
