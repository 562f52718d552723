import { Agent, get as httpGet } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPLICATED_COLLECTIONS, RESYNC } from '../../shared/sync/protocol';
import type { SyncApp } from '../http/app';
import {
  area,
  comment,
  createTestApp,
  fresh,
  issue,
  signedIn,
  site,
  testConfig,
  workflow,
  type SignedIn,
} from '../http/test-app.test-util';
import type { Database } from '../store/database';
import { BACKENDS, postgresBackend, type TestBackend } from '../store/test-backends.test-util';
import {
  openStream,
  openTaggedStream,
  type TaggedEvent,
  type TestStream,
} from './sse-client.test-util';

async function listen(sync: SyncApp): Promise<string> {
  return sync.app.listen({ host: '127.0.0.1', port: 0 });
}

async function push(
  base: string,
  who: SignedIn,
  collection: string,
  rows: unknown,
): Promise<unknown[]> {
  const response = await fetch(`${base}/sync/${collection}/push`, {
    method: 'POST',
    headers: { ...who.headers, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as unknown[];
}

function idsOf(event: Awaited<ReturnType<TestStream['next']>>): string[] {
  if (event === RESYNC) throw new Error('expected changes, got RESYNC');
  return event.documents.map((doc) => String(doc.id));
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`change stream on ${kind.name}`, () => {
    let backend: TestBackend;
    let sync: SyncApp;
    let base: string;
    let admin: SignedIn;
    let north: SignedIn;
    const streams: { close(): void }[] = [];

    async function stream(collection: string, who?: SignedIn): Promise<TestStream> {
      const opened = await openStream(`${base}/sync/${collection}/stream`, who?.token);
      streams.push(opened);
      return opened;
    }

    beforeAll(async () => {
      backend = await kind.create();
      sync = await createTestApp(backend.db, testConfig({ heartbeatMs: 100 }));
      base = await listen(sync);
    }, 60_000);
    afterAll(async () => {
      for (const opened of streams) opened.close();
      await sync?.app.close();
      await backend?.dispose();
    });
    beforeEach(async () => {
      for (const opened of streams.splice(0)) opened.close();
      await backend.reset();
      admin = await signedIn(sync, backend.db, 'admin');
      north = await signedIn(sync, backend.db, 'technician', ['north']);
      await push(base, admin, 'locations', fresh(site('north'), site('south')));
    });

    it("says RESYNC first, then delivers changes of the user's sites as they are pushed", async () => {
      const changes = await stream('issues', north);
      expect(changes.status).toBe(200);
      expect(await changes.next()).toBe(RESYNC);

      await push(base, admin, 'issues', fresh(issue('n1', 'north')));
      const first = await changes.next();
      expect(idsOf(first)).toEqual(['n1']);
      expect(first).toMatchObject({
        checkpoint: { id: 'n1', updatedAt: expect.any(Number) as unknown },
      });

      await push(base, admin, 'issues', fresh(issue('s1', 'south')));
      await push(base, admin, 'issues', fresh(issue('n2', 'north')));
      expect(idsOf(await changes.next())).toEqual(['n2']);
    });

    it('carries every collection asked for in one stream, each event naming its collection', async () => {
      const changes = await openTaggedStream(
        `${base}/sync/stream?collections=issues,comments,locations`,
        north.token,
      );
      streams.push(changes);
      expect(changes.status).toBe(200);
      const resyncs: TaggedEvent[] = [];
      for (let i = 0; i < 3; i += 1) resyncs.push(await changes.next());
      expect(resyncs).toEqual(
        ['issues', 'comments', 'locations'].map((collection) => ({ collection, event: RESYNC })),
      );

      await push(base, admin, 'issues', fresh(issue('s1', 'south')));
      await push(base, admin, 'issues', fresh(issue('n1', 'north')));
      const issues = await changes.next();
      expect(issues.collection).toBe('issues');
      expect(idsOf(issues.event)).toEqual(['n1']);
      expect(issues.event).toMatchObject({ checkpoint: { id: 'n1' } });

      await push(base, admin, 'comments', fresh(comment('c1', 'n1')));
      await push(base, admin, 'workflows', fresh(workflow('w1')));
      const comments = await changes.next();
      expect(comments.collection).toBe('comments');
      expect(idsOf(comments.event)).toEqual(['c1']);

      // Workflows were not asked for: the next event is the new location.
      await push(base, admin, 'locations', fresh(area('north-hall', 'north')));
      const locations = await changes.next();
      expect(locations.collection).toBe('locations');
      expect(idsOf(locations.event)).toEqual(['north-hall']);
    });

    it('carries every replicated collection when none are named, and refuses unknown ones', async () => {
      const all = await openTaggedStream(`${base}/sync/stream`, north.token);
      streams.push(all);
      const resynced: string[] = [];
      for (let i = 0; i < REPLICATED_COLLECTIONS.length; i += 1) {
        const next = await all.next();
        expect(next.event).toBe(RESYNC);
        resynced.push(next.collection);
      }
      expect(resynced).toEqual([...REPLICATED_COLLECTIONS]);

      const unknown = await openTaggedStream(
        `${base}/sync/stream?collections=issues,nope`,
        north.token,
      );
      streams.push(unknown);
      expect(unknown.status).toBe(400);
      const refused = await openTaggedStream(`${base}/sync/stream`);
      streams.push(refused);
      expect(refused.status).toBe(401);
    });

    it('says RESYNC again when the client reconnects', async () => {
      const first = await stream('issues', north);
      expect(await first.next()).toBe(RESYNC);
      first.close();
      const second = await stream('issues', north);
      expect(await second.next()).toBe(RESYNC);
      await push(base, north, 'issues', fresh(issue('n1', 'north')));
      expect(idsOf(await second.next())).toEqual(['n1']);
    });

    it('sends heartbeats, and ends the stream once its device is revoked', async () => {
      const changes = await stream('issues', north);
      expect(await changes.next()).toBe(RESYNC);
      await changes.heartbeat();
      const revoke = await sync.app.inject({
        method: 'POST',
        url: `/admin/devices/${north.deviceId}/revoke`,
        headers: admin.headers,
      });
      expect(revoke.statusCode).toBe(204);
      await changes.ended;
    });

    it('takes the token from the query for EventSource clients, and refuses none', async () => {
      const refused = await stream('issues');
      expect(refused.status).toBe(401);
      const viaQuery = await openStream(
        `${base}/sync/issues/stream?access_token=${encodeURIComponent(north.token)}`,
      );
      streams.push(viaQuery);
      expect(viaQuery.status).toBe(200);
      expect(await viaQuery.next()).toBe(RESYNC);
    });
  });
}

describe('shutdown', () => {
  it('ends open streams and closes', async () => {
    const backend = await BACKENDS[0]!.create();
    const sync = await createTestApp(backend.db);
    try {
      const base = await listen(sync);
      const admin = await signedIn(sync, backend.db, 'admin');
      const changes = await openStream(`${base}/sync/issues/stream`, admin.token);
      expect(await changes.next()).toBe(RESYNC);
      await sync.app.close();
      await changes.ended;
      expect(sync.hub.subscriberCount).toBe(0);
    } finally {
      await sync.app.close();
      await backend.dispose();
    }
  });

  for (const kind of BACKENDS) {
    it.runIf(kind.available)(
      `on ${kind.name}, closes with an open stream, a client reconnecting into the shutdown, an idle keep-alive socket and a silent connection`,
      async () => {
        const backend = await kind.create();
        const sync = await createTestApp(backend.db);
        // Keep-alive agents: their sockets stay open between requests, as browsers' do.
        const agent = new Agent({ keepAlive: true });
        const idleAgent = new Agent({ keepAlive: true });
        const sockets: Socket[] = [];
        let hold: { release(): Promise<void> } | undefined;
        try {
          const base = await listen(sync);
          const admin = await signedIn(sync, backend.db, 'admin');
          const newcomer = await signedIn(sync, backend.db, 'admin');
          const streamUrl = `${base}/sync/issues/stream`;

          const idle = await request(idleAgent, `${base}/health`);
          expect(idle.status).toBe(200);
          await idle.ended;
          // A connection a client's pool opened ahead and has not sent anything on.
          const silent = await connected(new URL(base));
          sockets.push(silent);
          const open = await request(agent, streamUrl, admin.token);
          expect(open.status).toBe(200);
          await open.received('"RESYNC"');

          // A stream request that arrived before the shutdown began and is still being
          // authenticated when it begins: its device's first request, so its session is
          // read, held up by a lock on the tokens.
          hold = await holdTable(backend.db, 'tokens');
          const arrived = new Promise<void>((resolve) => sync.app.server.once('request', resolve));
          const reconnect = request(agent, streamUrl, newcomer.token);
          await arrived;

          const closed = sync.app.close();
          await open.ended;
          // The client of the ended stream reconnects at once: refused, or no longer accepted.
          const again = await request(agent, streamUrl, admin.token).catch(
            (error: NodeJS.ErrnoException) => error.code,
          );
          expect([503, 'ECONNREFUSED', 'ECONNRESET']).toContain(
            typeof again === 'object' ? again.status : again,
          );
          await hold.release();

          await closed;
          const late = await reconnect;
          expect(late.status).toBe(503);
          await late.ended;
          expect(sync.hub.subscriberCount).toBe(0);
        } finally {
          await hold?.release();
          agent.destroy();
          idleAgent.destroy();
          for (const socket of sockets) socket.destroy();
          await sync.app.close();
          await backend.dispose();
        }
      },
    );
  }
});

interface RawResponse {
  status: number;
  /** Resolves once the body so far contains `text`. */
  received(text: string): Promise<void>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
}

/** A GET over Node's own client on `agent`, so the test decides which sockets stay open. */
function request(agent: Agent, url: string, token?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpGet(
      url,
      { agent, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (response) => {
        let body = '';
        const waiting: { text: string; resolve: () => void }[] = [];
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
          for (const wait of waiting.filter((w) => body.includes(w.text))) {
            waiting.splice(waiting.indexOf(wait), 1);
            wait.resolve();
          }
        });
        const ended = new Promise<void>((done) => {
          response.on('end', done);
          response.on('close', done);
        });
        resolve({
          status: response.statusCode ?? 0,
          received: (text) =>
            body.includes(text)
              ? Promise.resolve()
              : new Promise<void>((done) => waiting.push({ text, resolve: done })),
          ended,
        });
      },
    );
    outgoing.on('error', reject);
  });
}

function connected(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Locks a table in a transaction until `release` (PGlite: the whole database waits). */
async function holdTable(db: Database, table: string): Promise<{ release(): Promise<void> }> {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = (): void => {};
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = db.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    locked();
    await released;
  });
  await Promise.race([isLocked, done]);
  let releasing: Promise<void> | undefined;
  return {
    release() {
      release();
      return (releasing ??= done);
    },
  };
}

describe.runIf(postgresBackend.available)('two server instances on one PostgreSQL', () => {
  let backend: TestBackend;
  let second: Database;
  const apps: SyncApp[] = [];

  beforeAll(async () => {
    backend = await postgresBackend.create();
    second = await backend.openAnother();
  }, 60_000);
  afterAll(async () => {
    for (const sync of apps) await sync.app.close();
    await backend?.dispose();
  });

  it('delivers a change pushed through one to a client streaming from the other', async () => {
    const one = await createTestApp(backend.db);
    const other = await createTestApp(second);
    apps.push(one, other);
    const [baseOne, baseOther] = [await listen(one), await listen(other)];
    const admin = await signedIn(one, backend.db, 'admin');
    const north = await signedIn(other, second, 'technician', ['north']);
    await push(baseOne, admin, 'locations', fresh(site('north')));

    const changes = await openStream(`${baseOther}/sync/issues/stream`, north.token);
    try {
      expect(await changes.next()).toBe(RESYNC);
      await push(baseOne, admin, 'issues', fresh(issue('n1', 'north')));
      expect(idsOf(await changes.next())).toEqual(['n1']);
    } finally {
      changes.close();
    }
  });
});
