/**
 * The real sync server (sync-server) on a loopback port, and helpers that read and change
 * what it stores as other devices of the team would. Test devices: test-device.test-util.ts.
 */
import type { Role } from '../../domain';
import { createUser } from '../../../sync-server/auth/users';
import type { ServerConfig } from '../../../sync-server/config';
import type { SyncApp } from '../../../sync-server/http/app';
import { createTestApp, testConfig } from '../../../sync-server/http/test-app.test-util';
import type { BackendKind, TestBackend } from '../../../sync-server/store/test-backends.test-util';
import type { FetchLike } from './platform';
import { signIn, type SyncSession } from './sign-in';

export * from './test-device.test-util';

export const TEST_PASSWORD = 'a long test password';

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
    if (page.documents.length === 0 || !page.checkpoint) break;
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
