/**
 * The server against RxDB's own replication client, as the app will use it:
 * replicateRxCollection with fetch for pull and push and the event stream for live changes.
 */
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue, Location } from '../../shared/domain';
import { COLLECTIONS } from '../../shared/schemas';
import {
  pullQuery,
  type PullResponse,
  type PushRow,
  type StreamEvent,
  type SyncCheckpoint,
} from '../../shared/sync/protocol';
import type { SyncApp } from '../http/app';
import { createTestApp, issue, signedIn, site, type SignedIn } from '../http/test-app.test-util';
import { pgliteBackend, type TestBackend } from '../store/test-backends.test-util';
import { openStream, type TestStream } from './sse-client.test-util';

interface Client {
  db: RxDatabase<{ issues: RxCollection<Issue>; locations: RxCollection<Location> }>;
  replications: RxReplicationState<unknown, SyncCheckpoint>[];
  streams: TestStream[];
}

let clientCount = 0;

async function startClient(base: string, who: SignedIn): Promise<Client> {
  clientCount += 1;
  const db = await createRxDatabase<Client['db'] extends RxDatabase<infer C> ? C : never>({
    name: `client${clientCount}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    multiInstance: false,
  });
  await db.addCollections({ issues: COLLECTIONS.issues, locations: COLLECTIONS.locations });
  const client: Client = { db, replications: [], streams: [] };
  for (const name of ['locations', 'issues'] as const) {
    const events = new Subject<StreamEvent<unknown>>();
    const stream = await openStream(`${base}/sync/${name}/stream`, who.token);
    client.streams.push(stream);
    void (async () => {
      for (;;) {
        try {
          events.next(await stream.next(60_000));
        } catch {
          return;
        }
      }
    })();
    const replication = replicateRxCollection<unknown, SyncCheckpoint>({
      collection: db[name] as RxCollection<unknown>,
      replicationIdentifier: `sync-${base}-${name}`,
      live: true,
      retryTime: 100,
      pull: {
        batchSize: 2,
        stream$: events.asObservable(),
        async handler(checkpoint, batchSize) {
          const response = await fetch(
            `${base}/sync/${name}/pull?${pullQuery(checkpoint ?? null, batchSize)}`,
            { headers: who.headers },
          );
          if (!response.ok) throw new Error(await response.text());
          return (await response.json()) as never;
        },
      },
      push: {
        batchSize: 2,
        async handler(rows: PushRow<unknown>[]) {
          const response = await fetch(`${base}/sync/${name}/push`, {
            method: 'POST',
            headers: { ...who.headers, 'content-type': 'application/json' },
            body: JSON.stringify(rows),
          });
          if (!response.ok) throw new Error(await response.text());
          return (await response.json()) as never;
        },
      },
    });
    client.replications.push(replication);
  }
  return client;
}

async function stopClient(client: Client): Promise<void> {
  for (const stream of client.streams) stream.close();
  for (const replication of client.replications) await replication.cancel();
  await client.db.remove();
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Never happened: ${what}`);
}

describe('RxDB replication clients against the server', () => {
  let backend: TestBackend;
  let sync: SyncApp;
  let base: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    backend = await pgliteBackend.create();
    sync = await createTestApp(backend.db);
    base = await sync.app.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) await stopClient(client);
    await sync?.app.close();
    await backend?.dispose();
  });

  it('share documents live and converge after a conflicting edit', async () => {
    const admin = await signedIn(sync, backend.db, 'admin');
    const technician = await signedIn(sync, backend.db, 'technician', ['plant']);
    const a = await startClient(base, admin);
    const b = await startClient(base, technician);
    clients.push(a, b);

    const { _deleted: _s, ...plant } = site('plant');
    await a.db.locations.insert(plant as unknown as Location);
    const issues = ['i1', 'i2', 'i3'].map((id) => {
      const { _deleted, ...body } = issue(id, 'plant');
      return body as unknown as Issue;
    });
    await a.db.issues.bulkInsert(issues);
    for (const replication of a.replications) await replication.awaitInSync();
    await eventually(async () => (await b.db.issues.count().exec()) === 3, 'B receives the issues');

    // B edits i1 offline while A's edit of the same state reaches the server first.
    for (const replication of b.replications) await replication.pause();
    await (await b.db.issues.findOne('i1').exec())!.incrementalPatch({ priority: 'Low' });
    await (await a.db.issues.findOne('i1').exec())!.incrementalPatch({ title: 'From A' });
    for (const replication of a.replications) await replication.awaitInSync();
    for (const replication of b.replications) await replication.start();

    // The server answers B's push with its state; RxDB's default handler keeps it.
    await eventually(async () => {
      const [fromA, fromB] = [
        await a.db.issues.findOne('i1').exec(),
        await b.db.issues.findOne('i1').exec(),
      ];
      return fromB?.title === 'From A' && fromA?.priority === fromB.priority;
    }, 'A and B agree on i1');
    const metrics = await sync.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/sync_push_conflicts_total\{collection="issues"\} [1-9]/);
    const settled = (await b.db.issues.findOne('i1').exec())!;

    const pulled = await sync.app.inject({
      method: 'GET',
      url: '/sync/issues/pull?limit=10',
      headers: admin.headers,
    });
    const server = pulled.json<PullResponse<Issue>>().documents.find((doc) => doc.id === 'i1');
    expect(server).toMatchObject({ title: settled.title, priority: settled.priority });
  });
});
