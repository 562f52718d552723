/**
 * The real sync server (sync-server) on a loopback port, app cores that replicate with it,
 * and a network between them that tests can cut, heal and make lose answers.
 */
import { BehaviorSubject } from 'rxjs';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Role } from '../../domain';
import { createUser } from '../../../sync-server/auth/users';
import type { ServerConfig } from '../../../sync-server/config';
import type { SyncApp } from '../../../sync-server/http/app';
import { createTestApp, testConfig } from '../../../sync-server/http/test-app.test-util';
import type { BackendKind, TestBackend } from '../../../sync-server/store/test-backends.test-util';
import type { SyncUser } from '../../sync/protocol';
import { createAppCore, type AppCore } from '../app-core';
import type { FetchInit, FetchLike, FetchResponseLike } from './platform';
import { signIn, type SyncSession } from './sign-in';
import type { SyncTuning } from './sync-control';

export const TEST_PASSWORD = 'a long test password';

/** Backoff and counts small enough for tests to move quickly. */
export const FAST_TUNING: SyncTuning = {
  backoff: { initialMs: 20, maxMs: 200, multiplier: 2 },
  streamIdleMs: 3_000,
  pendingRecountMs: 10,
};

export interface TestServer {
  readonly url: string;
  readonly backend: TestBackend;
  readonly app: SyncApp;
  /** Creates a user and signs them in on a new device, over HTTP as the app does. */
  signIn(role: Role, sites?: string[], deviceName?: string): Promise<SyncSession>;
  /** Stops answering (connections refused) until `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Closes the server (streams end, requests in flight finish) and starts it again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let userCount = 0;

export async function startTestServer(
  kind: BackendKind,
  config: ServerConfig = testConfig(),
): Promise<TestServer> {
  const backend = await kind.create();
  let app = await createTestApp(backend.db, config);
  const url = await app.app.listen({ host: '127.0.0.1', port: 0 });
  const port = Number(new URL(url).port);
  let running = true;

  const server: TestServer = {
    url,
    backend,
    get app() {
      return app;
    },
    async signIn(role, sites = [], deviceName = 'test device') {
      userCount += 1;
      const userName = `${role}${userCount}`;
      await createUser(backend.db, { name: userName, password: TEST_PASSWORD, role, sites });
      return signIn(globalThis.fetch as unknown as FetchLike, {
        serverUrl: url,
        userName,
        password: TEST_PASSWORD,
        deviceName,
      });
    },
    async pause() {
      if (!running) return;
      running = false;
      await app.app.close();
    },
    async resume() {
      if (running) return;
      app = await createTestApp(backend.db, config);
      await app.app.listen({ host: '127.0.0.1', port });
      running = true;
    },
    async restart() {
      await server.pause();
      await server.resume();
    },
    async close() {
      if (running) await app.app.close();
      running = false;
      await backend.dispose();
    },
  };
  return server;
}

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
  /** Called when a push request is sent (before its answer). */
  onPush?: () => void;

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
    if (!this.connected) {
      this.failures += 1;
      throw networkError();
    }
    const isStream = url.endsWith('/stream');
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
    try {
      if (isPush) this.onPush?.();
      const response: FetchResponseLike = await fetch(url, {
        ...init,
        signal: controller.signal,
      });
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

/** A collection's documents as replicated (no storage fields), sorted by id. */
export async function documentsOf(
  core: AppCore,
  collection: 'issues' | 'comments' | 'issue_events' | 'workflows' | 'locations',
): Promise<Record<string, unknown>[]> {
  const docs = await core.db.collections[collection].find().exec();
  return docs
    .map((doc) => doc.toJSON() as Record<string, unknown>)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Everything the server stores of a collection, read as an admin would pull it. */
export async function serverDocuments(
  server: TestServer,
  token: string,
  collection: string,
): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let query = 'limit=1000';
  for (;;) {
    const response = await fetch(`${server.url}/sync/${collection}/pull?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`pull failed: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as {
      documents: Record<string, unknown>[];
      checkpoint: { id: string; updatedAt: number } | null;
    };
    all.push(...page.documents);
    if (page.documents.length < 1000 || !page.checkpoint) break;
    query = `updatedAt=${page.checkpoint.updatedAt}&id=${encodeURIComponent(page.checkpoint.id)}&limit=1000`;
  }
  return all
    .filter((doc) => doc._deleted !== true)
    .map(({ _deleted, ...doc }) => doc)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Pushes rows as another device of `session` would; returns the server's conflicts. */
export async function pushAs(
  server: TestServer,
  session: SyncSession,
  collection: string,
  rows: {
    assumedMasterState?: Record<string, unknown>;
    newDocumentState: Record<string, unknown>;
  }[],
): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${server.url}/sync/${collection}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  if (!response.ok) throw new Error(`push failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>[];
}

/** Changes one stored document as another device would: based on the server's state. */
export async function editOnServer(
  server: TestServer,
  session: SyncSession,
  collection: string,
  id: string,
  change: (doc: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const current = (await serverDocuments(server, session.token, collection)).find(
    (doc) => doc.id === id,
  );
  if (!current) throw new Error(`${collection} ${id} is not on the server`);
  const assumedMasterState = { ...current, _deleted: false };
  const conflicts = await pushAs(server, session, collection, [
    { assumedMasterState, newDocumentState: { ...change(current), _deleted: false } },
  ]);
  if (conflicts.length > 0) throw new Error(`the edit of ${id} conflicted`);
}
