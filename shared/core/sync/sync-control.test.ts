/**
 * The app core replicating with the real sync server (sync-server) over loopback, on PGlite
 * and, when reachable, on PostgreSQL.
 */
import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeUser, createUser } from '../../../sync-server/auth/users';
import { testConfig } from '../../../sync-server/http/test-app.test-util';
import { storeLocations } from '../../../test-support/locations';
import { BACKENDS } from '../../../sync-server/store/test-backends.test-util';
import type { Issue, Location } from '../../domain';
import { REPLICATED_COLLECTIONS } from '../../sync/protocol';
import type { FetchLike } from './platform';
import { signOut } from './sign-in';
import type { SyncStatus } from './sync-status';
import {
  documentsOf,
  editOnServer,
  eventually,
  FAST_TUNING,
  openDevice,
  pushAs,
  serverDocuments,
  startTestServer,
  TestNetwork,
  type TestDevice,
  type TestServer,
} from './sync.test-util';

/** Backoff waits of an hour: only a wake-up can end them within a test. */
const HOUR_LONG_WAITS = {
  ...FAST_TUNING,
  backoff: { initialMs: 3_600_000, maxMs: 3_600_000, multiplier: 1 },
};

function statusWhere(
  device: TestDevice,
  test: (status: SyncStatus) => boolean,
): Promise<SyncStatus> {
  return firstValueFrom(device.core.sync.status$.pipe(filter(test)));
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`replication with the sync server on ${kind.name}`, () => {
    let server: TestServer;
    const devices: TestDevice[] = [];

    async function device(...args: Parameters<typeof openDevice>): Promise<TestDevice> {
      const opened = await openDevice(...args);
      devices.push(opened);
      return opened;
    }

    beforeAll(async () => {
      server = await startTestServer(kind);
    }, 60_000);
    afterEach(async () => {
      for (const opened of devices.splice(0)) await opened.close();
      await server.backend.reset();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('sends local changes and receives the team’s, live', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const plant = await a.core.commands.createLocation({ name: 'Plant A', kind: 'site' });
      const issue = await a.core.commands.createIssue({
        title: 'Conveyor jam',
        type: 'breakdown',
        priority: 'High',
        severity: 3,
        locationId: plant.id,
      });
      await a.core.commands.addComment(issue.id, 'Belt stopped at the infeed.');
      await a.core.sync.awaitInSync();
      for (const collection of ['locations', 'issues', 'comments', 'issue_events'] as const) {
        expect(await serverDocuments(server, admin.token, collection)).toEqual(
          await documentsOf(a.core, collection),
        );
      }
      const synced = await statusWhere(a, (s) => s.lastSyncAt !== null && !s.syncing);
      expect(synced).toMatchObject({
        state: 'online',
        pendingChanges: 0,
        lastError: null,
        serverUrl: server.url,
        user: admin.user,
      });

      // Another device of the team changes the issue: the stream brings it, no pull asked.
      const other = await server.signIn('supervisor', [plant.id]);
      await editOnServer(server, other, 'issues', issue.id, (doc) => ({
        ...doc,
        assignee: 'tina',
        version: Number(doc.version) + 1,
      }));
      await eventually(
        async () => (await a.core.db.issues.findOne(issue.id).exec())?.assignee === 'tina',
        'the other device’s edit arrives',
      );
    });

    it('pushes an issue before its comments and history, so none is refused for a missing parent', async () => {
      const admin = await server.signIn('admin');
      const network = new TestNetwork();
      const a = await device(admin, { network, start: false });
      const plant = await a.core.commands.createLocation({ name: 'Plant A', kind: 'site' });
      const issue = await a.core.commands.createIssue({
        title: 'Conveyor jam',
        type: 'breakdown',
        priority: 'High',
        severity: 3,
        locationId: plant.id,
      });
      const comment = await a.core.commands.addComment(issue.id, 'Belt stopped at the infeed.');
      // The issue's push is held back until a comment or event push goes out (or a moment
      // passed): a client that does not keep the order lets them overtake the issue.
      let childPushed = (): void => {};
      const child = new Promise<void>((resolve) => (childPushed = resolve));
      network.beforePush = (collection) => {
        if (collection === 'comments' || collection === 'issue_events') childPushed();
        if (collection !== 'issues') return undefined;
        return Promise.race([child, new Promise<void>((resolve) => setTimeout(resolve, 300))]);
      };
      await a.start();
      await a.core.sync.awaitInSync();

      expect((await serverDocuments(server, admin.token, 'comments')).map((c) => c.id)).toEqual([
        comment.id,
      ]);
      expect(await serverDocuments(server, admin.token, 'issue_events')).toHaveLength(2);
      const order = network.pushes.map((push) => push.collection);
      expect(order.indexOf('issues')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('comments')).toBeGreaterThan(order.lastIndexOf('issues'));
      expect(order.indexOf('issue_events')).toBeGreaterThan(order.lastIndexOf('issues'));
      expect(network.pushes.filter((push) => push.status !== 200)).toEqual([]);
      expect(a.core.sync.status().lastError).toBeNull();
    });

    async function siteWithIssue(at: TestDevice): Promise<{ plant: Location; issue: Issue }> {
      const plant = await at.core.commands.createLocation({ name: 'Plant A', kind: 'site' });
      const issue = await at.core.commands.createIssue({
        title: 'Conveyor jam',
        type: 'breakdown',
        priority: 'Medium',
        severity: 2,
        locationId: plant.id,
      });
      await at.core.sync.awaitInSync();
      return { plant, issue };
    }

    it('keeps changes while offline, counts them, and sends them the moment the network returns', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin, { tuning: HOUR_LONG_WAITS });
      const { plant } = await siteWithIssue(a);

      a.network.cut(true);
      await statusWhere(a, (s) => s.state === 'offline');
      const issue = await a.core.commands.createIssue({
        title: 'Hydraulic leak',
        type: 'safety',
        priority: 'High',
        severity: 4,
        locationId: plant.id,
      });
      await a.core.commands.addComment(issue.id, 'Oil under press 2.');
      // The issue, the comment, and two history entries (created, commented).
      const waiting = await statusWhere(a, (s) => s.pendingChanges === 4);
      expect(waiting.state).toBe('offline');
      const onServer = await serverDocuments(server, admin.token, 'issues');
      expect(onServer.map((doc) => doc.title)).toEqual(['Conveyor jam']);

      // Every request now waits an hour or for the platform's word that the network is back.
      a.network.heal();
      await a.core.sync.awaitInSync();
      expect((await serverDocuments(server, admin.token, 'issues')).length).toBe(2);
      expect(await serverDocuments(server, admin.token, 'comments')).toEqual(
        await documentsOf(a.core, 'comments'),
      );
      const synced = await statusWhere(a, (s) => s.pendingChanges === 0 && !s.syncing);
      expect(synced.state).toBe('online');
    });

    it('notices an outage the platform does not report, and recovers from it', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const { issue } = await siteWithIssue(a);
      a.network.cut(false);
      await a.core.commands.updateIssue(issue.id, { priority: 'Critical' });
      const offline = await statusWhere(a, (s) => s.state === 'offline' && s.pendingChanges > 0);
      expect(offline.lastError).toMatchObject({ code: 'network' });
      a.network.heal();
      await a.core.sync.awaitInSync();
      const [stored] = await serverDocuments(server, admin.token, 'issues');
      expect(stored?.priority).toBe('Critical');
      expect((await statusWhere(a, (s) => s.state === 'online')).pendingChanges).toBe(0);
    });

    it('reconnects its live streams when the server restarts', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const { issue } = await siteWithIssue(a);
      await server.restart();
      await editOnServer(server, admin, 'issues', issue.id, (doc) => ({
        ...doc,
        title: 'Edited after the restart',
        version: Number(doc.version) + 1,
      }));
      await eventually(
        async () =>
          (await a.core.db.issues.findOne(issue.id).exec())?.title === 'Edited after the restart',
        'the edit made after the restart arrives without asking',
      );
    });

    it('merges concurrent edits of an issue and keeps the losing value in its history', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const { issue } = await siteWithIssue(a);

      a.network.cut(true);
      await a.core.commands.updateIssue(issue.id, { title: 'Belt torn', priority: 'Critical' });
      const other = await server.signIn('admin');
      await editOnServer(server, other, 'issues', issue.id, (doc) => ({
        ...doc,
        title: 'Belt slipping',
        version: Number(doc.version) + 1,
        updatedBy: other.user.id,
        updatedOnDevice: other.deviceId,
      }));
      a.network.heal();
      await a.core.sync.awaitInSync();

      // The server's title was acknowledged first and stays; the priority only A changed.
      const merged = (await serverDocuments(server, admin.token, 'issues'))[0];
      expect(merged).toMatchObject({ title: 'Belt slipping', priority: 'Critical' });
      expect(await documentsOf(a.core, 'issues')).toEqual([merged]);
      const conflicts = (await serverDocuments(server, admin.token, 'issue_events')).filter(
        (event) => event.kind === 'conflict-resolved',
      );
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        issueId: issue.id,
        deviceId: admin.deviceId,
        changes: [{ field: 'title', from: 'Belt torn', to: 'Belt slipping' }],
      });
    });

    it('replicates locations and workflows pull-only for technicians', async () => {
      const admin = await server.signIn('admin');
      const plant = { id: 'plant', name: 'Plant A', kind: 'site', updatedAt: 1 };
      await pushAs(server, admin, 'locations', [
        { newDocumentState: { ...plant, _deleted: false } },
      ]);
      const tech = await device(await server.signIn('technician', [plant.id]));
      await eventually(
        async () => (await tech.core.db.locations.count().exec()) === 1,
        'the technician receives the site',
      );
      await expect(
        tech.core.commands.createLocation({ name: 'Shed', kind: 'site' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      // One made on this device before the technician signed in stays on the device.
      const [local] = await storeLocations(tech.core.db, { name: 'Shed', kind: 'site' });
      const issue = await tech.core.commands.createIssue({
        title: 'Guard rail loose',
        type: 'safety',
        priority: 'High',
        severity: 4,
        locationId: plant.id,
      });
      await tech.core.sync.awaitInSync();

      const locations = await serverDocuments(server, admin.token, 'locations');
      expect(locations.map((l) => l.id)).toEqual([plant.id]);
      expect(locations.map((l) => l.id)).not.toContain(local!.id);
      const issues = await serverDocuments(server, admin.token, 'issues');
      expect(issues.map((i) => i.id)).toEqual([issue.id]);
      const status = await statusWhere(tech, (s) => s.pendingChanges === 0 && !s.syncing);
      expect(status.lastError).toBeNull();
    });

    it('pulls the people of the user’s sites, live, and pushes none', async () => {
      const admin = await server.signIn('admin');
      const tech = await device(await server.signIn('technician', ['north']));
      const colleague = await createUser(server.backend.db, {
        name: 'dana',
        displayName: 'Dana Smith',
        password: 'a long test password',
        role: 'technician',
        sites: ['north'],
      });
      await createUser(server.backend.db, {
        name: 'sam',
        password: 'a long test password',
        role: 'technician',
        sites: ['south'],
      });
      const nameOf = async (id: string) => (await tech.core.db.people.findOne(id).exec())?.name;
      await eventually(
        async () => (await nameOf(colleague.id)) === 'Dana Smith',
        'the technician receives their colleague',
      );
      await changeUser(server.backend.db, colleague.id, { displayName: 'Dana Smith-Jones' });
      await eventually(
        async () => (await nameOf(colleague.id)) === 'Dana Smith-Jones',
        'the rename arrives on the stream',
      );
      await changeUser(server.backend.db, colleague.id, { disabled: true });
      await eventually(
        async () => (await tech.core.db.people.findOne(colleague.id).exec())?.active === false,
        'the disabling arrives on the stream',
      );
      expect(await nameOf(colleague.id)).toBe('Dana Smith-Jones');
      await tech.core.sync.awaitInSync();
      const people = await tech.core.db.people.find().exec();
      // The admin (every site), the colleague of the north site and the technician themselves;
      // never the south's.
      expect(people.map((person) => person.userName).sort()).toEqual(
        [admin.user.name, 'dana', tech.session.user.name].sort(),
      );
      expect(await serverDocuments(server, admin.token, 'people')).toHaveLength(4);
      const status = await statusWhere(tech, (s) => s.pendingChanges === 0 && !s.syncing);
      expect(status.lastError).toBeNull();
    });

    it('follows every collection, the people too, over one live stream', async () => {
      const tech = await device(await server.signIn('technician', ['north']));
      const colleague = await createUser(server.backend.db, {
        name: 'dana',
        displayName: 'Dana Smith',
        password: 'a long test password',
        role: 'technician',
        sites: ['north'],
      });
      const nameOf = async (id: string) => (await tech.core.db.people.findOne(id).exec())?.name;
      await eventually(
        async () => (await nameOf(colleague.id)) === 'Dana Smith',
        'the colleague arrives',
      );
      await changeUser(server.backend.db, colleague.id, { displayName: 'Dana Smith-Jones' });
      await eventually(
        async () => (await nameOf(colleague.id)) === 'Dana Smith-Jones',
        'the rename arrives',
      );
      // One connection held open for all of them (a browser has six to the server).
      const streams = tech.network.urls.filter((url) => new URL(url).pathname.endsWith('/stream'));
      expect(streams.length).toBeGreaterThan(0);
      for (const url of streams) {
        const address = new URL(url);
        expect(address.pathname).toBe('/sync/stream');
        expect(address.searchParams.get('collections')?.split(',').sort()).toEqual(
          [...REPLICATED_COLLECTIONS].sort(),
        );
      }
    });

    it('halts when the server no longer accepts the token', async () => {
      const session = await server.signIn('admin');
      const a = await device(session);
      await siteWithIssue(a);
      await signOut(globalThis.fetch as unknown as FetchLike, session);
      a.core.sync.syncNow();
      const halted = await statusWhere(a, (s) => s.state === 'unauthorized');
      expect(halted.lastError).toMatchObject({ code: 'unauthenticated' });
    });

    it('counts changes made before a restart of the app as pending', async () => {
      const storage = getRxStorageMemory();
      const databaseName = `restarted${process.pid}`;
      const session = await server.signIn('admin');
      const first = await device(session, { storage, databaseName });
      const { issue } = await siteWithIssue(first);
      first.network.cut(true);
      await first.core.commands.updateIssue(issue.id, { title: 'Edited before the restart' });
      await first.close();

      const network = new (first.network.constructor as new () => typeof first.network)();
      network.cut(true);
      const second = await device(session, { storage, databaseName, network });
      const waiting = await statusWhere(second, (s) => s.pendingChanges === 2);
      expect(waiting.state).toBe('offline');
      network.heal();
      await second.core.sync.awaitInSync();
      const [stored] = await serverDocuments(server, session.token, 'issues');
      expect(stored?.title).toBe('Edited before the restart');
    });

    it('fits a server with small limits: splits pushes, gathers short pages, asks who it is', async () => {
      const small = await startTestServer(
        kind,
        testConfig({ limits: { pushRows: 3, maxPullLimit: 5, defaultPullLimit: 5 } }),
      );
      try {
        const admin = await small.signIn('admin');
        const a = await openDevice(admin);
        let pushed: Record<string, unknown>[];
        try {
          const plant = await a.core.commands.createLocation({ name: 'Plant A', kind: 'site' });
          for (let i = 0; i < 10; i += 1) {
            await a.core.commands.createIssue({
              title: `Issue ${i}`,
              type: 'breakdown',
              priority: 'Low',
              severity: 1,
              locationId: plant.id,
            });
          }
          await a.core.sync.awaitInSync();
          pushed = await documentsOf(a.core, 'issues');
          expect(await serverDocuments(small, admin.token, 'issues')).toEqual(pushed);
          // Splitting handles a batch too large: nothing to show the user.
          expect(a.core.sync.status().lastError?.code).not.toBe('too-large');
        } finally {
          await a.close();
        }

        // A new device pulls 1,000 per request; this server answers 5 at most.
        const other = await small.signIn('admin');
        const b = await openDevice(other, { start: false });
        try {
          await b.core.sync.start({ serverUrl: small.url, token: other.token });
          await b.core.sync.awaitInSync();
          expect(await documentsOf(b.core, 'issues')).toEqual(pushed);
          expect((await documentsOf(b.core, 'issue_events')).length).toBe(10);
          expect(b.core.sync.status().user).toEqual(other.user);
        } finally {
          await b.close();
        }
      } finally {
        await small.close();
      }
    }, 60_000);
  });
}
