/**
 * A user whose sites or role change: pulls from a checkpoint of the old scope start again
 * from the beginning (from the kept changes on PGlite and from the database alike), the
 * user's open streams are moved to the new sites and told RESYNC, on every instance, and
 * other users notice nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESYNC, type PullResponse, type SyncCheckpoint } from '../../shared/sync/protocol';
import { changeUser } from '../auth/users';
import type { SyncApp } from '../http/app';
import {
  createTestApp,
  fresh,
  issue,
  signedIn,
  site,
  testConfig,
  type SignedIn,
} from '../http/test-app.test-util';
import { getUser } from '../store/accounts';
import type { Database } from '../store/database';
import { BACKENDS, postgresBackend, type TestBackend } from '../store/test-backends.test-util';
import { openStream, openTaggedStream, type TestStream } from './sse-client.test-util';

type Page = PullResponse<Record<string, unknown>>;

async function push(base: string, who: SignedIn, collection: string, rows: unknown): Promise<void> {
  const response = await fetch(`${base}/sync/${collection}/push`, {
    method: 'POST',
    headers: { ...who.headers, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual([]);
}

async function pull(
  base: string,
  who: SignedIn,
  collection: string,
  checkpoint: SyncCheckpoint | null,
  sendScope = true,
): Promise<Page> {
  const query = checkpoint
    ? `updatedAt=${checkpoint.updatedAt}&id=${encodeURIComponent(checkpoint.id)}` +
      (sendScope && checkpoint.scope !== undefined ? `&scope=${checkpoint.scope}` : '')
    : '';
  const response = await fetch(`${base}/sync/${collection}/pull?${query}&limit=1000`, {
    headers: who.headers,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

function ids(page: Page): string[] {
  return page.documents.map((doc) => String(doc.id)).sort();
}

function idsOf(event: Awaited<ReturnType<TestStream['next']>>): string[] {
  if (event === RESYNC) throw new Error('expected changes, got RESYNC');
  return event.documents.map((doc) => String(doc.id));
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`a user's scope changing on ${kind.name}`, () => {
    let backend: TestBackend;
    let sync: SyncApp;
    let base: string;
    let admin: SignedIn;
    let tech: SignedIn;
    const streams: { close(): void }[] = [];

    async function stream(collection: string, who: SignedIn): Promise<TestStream> {
      const opened = await openStream(`${base}/sync/${collection}/stream`, who.token);
      streams.push(opened);
      expect(await opened.next()).toBe(RESYNC);
      return opened;
    }

    beforeAll(async () => {
      backend = await kind.create();
      sync = await createTestApp(backend.db, testConfig({ heartbeatMs: 100 }));
      base = await sync.app.listen({ host: '127.0.0.1', port: 0 });
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
      tech = await signedIn(sync, backend.db, 'technician', ['north']);
      await push(base, admin, 'locations', fresh(site('north'), site('south')));
      // South's issues are older than everything the technician pulls below.
      await push(base, admin, 'issues', fresh(issue('s1', 'south'), issue('s2', 'south')));
      await push(base, admin, 'issues', fresh(issue('n1', 'north')));
    });

    for (const streaming of [false, true]) {
      it(`answers a pull from a checkpoint of the old scope from the beginning${streaming ? ', also from the changes kept for streams' : ''}`, async () => {
        // With a stream open, PGlite's change hub keeps the changes and answers pulls itself.
        if (streaming) await stream('issues', admin);
        const before = await pull(base, tech, 'issues', null);
        expect(ids(before)).toEqual(['n1']);
        expect(before.checkpoint).toMatchObject({ id: 'n1', scope: 1 });

        await changeUser(backend.db, tech.userId, { addSites: ['south'] });
        const after = await pull(base, tech, 'issues', before.checkpoint);
        expect(ids(after)).toEqual(['n1', 's1', 's2']);
        expect(after.checkpoint?.scope).toBe(2);
        // From the new checkpoint on, only what changes next.
        expect((await pull(base, tech, 'issues', after.checkpoint)).documents).toEqual([]);
        await push(base, admin, 'issues', fresh(issue('s3', 'south')));
        expect(ids(await pull(base, tech, 'issues', after.checkpoint))).toEqual(['s3']);
      });
    }

    it('raises the scope version only when the sites or the role change', async () => {
      const version = async () => (await getUser(backend.db, tech.userId))!.scopeVersion;
      expect(await version()).toBe(1);
      await changeUser(backend.db, tech.userId, { displayName: 'Tina', sites: ['north'] });
      await changeUser(backend.db, tech.userId, { addSites: ['north'], removeSites: ['east'] });
      expect(await version()).toBe(1);
      await changeUser(backend.db, tech.userId, { role: 'supervisor' });
      expect(await version()).toBe(2);
      await changeUser(backend.db, tech.userId, { sites: ['north', 'south'] });
      expect(await version()).toBe(3);
      await changeUser(backend.db, tech.userId, { removeSites: ['north'] });
      expect((await getUser(backend.db, tech.userId))!).toMatchObject({
        sites: ['south'],
        scopeVersion: 4,
      });
    });

    it('keeps answering a client that sends no scope version from its checkpoint', async () => {
      const before = await pull(base, tech, 'issues', null);
      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      const after = await pull(base, tech, 'issues', before.checkpoint, false);
      expect(after.documents).toEqual([]);
    });

    it('brings the people a new site shares with the user', async () => {
      const south = await signedIn(sync, backend.db, 'technician', ['south']);
      const before = await pull(base, tech, 'people', null);
      expect(ids(before)).not.toContain(south.userId);
      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      expect(ids(await pull(base, tech, 'people', before.checkpoint))).toContain(south.userId);
    });

    it("moves the user's open streams to the new sites and tells them RESYNC; other users' streams notice nothing", async () => {
      const techIssues = await stream('issues', tech);
      const techComments = await stream('comments', tech);
      const other = await signedIn(sync, backend.db, 'technician', ['north']);
      const otherIssues = await stream('issues', other);

      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      expect(await techIssues.next()).toBe(RESYNC);
      expect(await techComments.next()).toBe(RESYNC);

      await push(base, admin, 'issues', fresh(issue('s3', 'south'), issue('n2', 'north')));
      expect(idsOf(await techIssues.next())).toEqual(['s3', 'n2']);
      // The other technician's first event is the change of their site: no RESYNC came.
      expect(idsOf(await otherIssues.next())).toEqual(['n2']);
    });

    it("tells the user's shared stream RESYNC for each of its collections, then delivers the new sites' changes", async () => {
      const shared = await openTaggedStream(
        `${base}/sync/stream?collections=issues,people`,
        tech.token,
      );
      streams.push(shared);
      for (const collection of ['issues', 'people']) {
        expect(await shared.next()).toEqual({ collection, event: RESYNC });
      }

      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      // The change of the user's own person comes too; the RESYNCs come in the stream's order.
      const resynced: string[] = [];
      while (resynced.length < 2) {
        const next = await shared.next();
        if (next.event === RESYNC) resynced.push(next.collection);
        else expect(next.collection).toBe('people');
      }
      expect(resynced).toEqual(['issues', 'people']);

      await push(base, admin, 'issues', fresh(issue('s3', 'south')));
      let issues = await shared.next();
      while (issues.collection !== 'issues') issues = await shared.next();
      expect(idsOf(issues.event)).toEqual(['s3']);
    });

    it('stops delivering the documents of a site taken away, live and to pulls', async () => {
      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      const techIssues = await stream('issues', tech);
      const before = await pull(base, tech, 'issues', null);
      expect(ids(before)).toEqual(['n1', 's1', 's2']);

      await changeUser(backend.db, tech.userId, { removeSites: ['south'] });
      expect(await techIssues.next()).toBe(RESYNC);
      await push(base, admin, 'issues', fresh(issue('s3', 'south')));
      await push(base, admin, 'issues', fresh(issue('n2', 'north')));
      expect(idsOf(await techIssues.next())).toEqual(['n2']);
      expect(ids(await pull(base, tech, 'issues', before.checkpoint))).toEqual(['n1', 'n2']);
    });

    it('brings a stream opened just before a change of scope to the new scope', async () => {
      // The stream's session is read with the old scope; the change commits before the stream
      // is registered, as the change's notice may be handled first.
      const principal = { userId: tech.userId, scopeVersion: 1 };
      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      const sent: string[] = [];
      const subscriber = { scope: { allSites: false as const, sites: ['north'] }, deliver() {} };
      const remove = sync.scopes.add({
        ...principal,
        subscribers: [subscriber],
        resync: () => sent.push(RESYNC),
        close() {},
      });
      try {
        // PostgreSQL's notice may come after the registration: then it moves the stream.
        for (let wait = 0; sent.length === 0 && wait < 200; wait += 1) {
          await sync.scopes.settled();
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(sent).toEqual([RESYNC]);
        expect(subscriber.scope).toEqual({ allSites: false, sites: ['north', 'south'] });
      } finally {
        remove();
      }
    });
  });
}

describe.runIf(postgresBackend.available)('a scope change on PostgreSQL instances', () => {
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

  it('reaches the streams of the user on another instance', async () => {
    const one = await createTestApp(backend.db);
    const other = await createTestApp(second);
    apps.push(one, other);
    const baseOne = await one.app.listen({ host: '127.0.0.1', port: 0 });
    const baseOther = await other.app.listen({ host: '127.0.0.1', port: 0 });
    const admin = await signedIn(one, backend.db, 'admin');
    const tech = await signedIn(other, second, 'technician', ['north']);
    await push(baseOne, admin, 'locations', fresh(site('north'), site('south')));

    const changes = await openStream(`${baseOther}/sync/issues/stream`, tech.token);
    try {
      expect(await changes.next()).toBe(RESYNC);
      await changeUser(backend.db, tech.userId, { addSites: ['south'] });
      expect(await changes.next()).toBe(RESYNC);
      await push(baseOne, admin, 'issues', fresh(issue('s1', 'south')));
      expect(idsOf(await changes.next())).toEqual(['s1']);
    } finally {
      changes.close();
    }
  });
});
