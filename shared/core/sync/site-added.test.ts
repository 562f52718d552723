/**
 * A site added to a user on the server (as the administration command does) while their
 * devices already hold checkpoints past the site's older documents, and a site taken away
 * while a device holds changes there: the app core replicating with the real sync server,
 * on PGlite and, when reachable, on PostgreSQL.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeUser } from '../../../sync-server/auth/users';
import { BACKENDS } from '../../../sync-server/store/test-backends.test-util';
import type { Issue, Location } from '../../domain';
import type { SyncSession } from './sign-in';
import {
  documentsOf,
  eventually,
  openDevice,
  serverDocuments,
  startTestServer,
  TestNetwork,
  type TestDevice,
  type TestServer,
} from './sync.test-util';

const ids = (docs: readonly { id?: unknown }[]): string[] =>
  docs.map((doc) => String(doc.id)).sort();

interface Plants {
  north: Location;
  south: Location;
  southArea: Location;
  northIssue: Issue;
  southIssue: Issue;
  southCommentId: string;
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`sites given to a user and taken away, on ${kind.name}`, () => {
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

    /** Two plants, each with an issue; the south one with an area, a comment and a transition. */
    async function twoPlants(): Promise<{ admin: SyncSession; plants: Plants }> {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const { commands } = a.core;
      const north = await commands.createLocation({ name: 'Plant A', kind: 'site' });
      const south = await commands.createLocation({ name: 'Plant B', kind: 'site' });
      const southArea = await commands.createLocation({
        name: 'Press shop',
        kind: 'area',
        parentId: south.id,
      });
      const issue = (title: string, locationId: string) =>
        commands.createIssue({
          title,
          type: 'breakdown',
          priority: 'High',
          severity: 3,
          locationId,
        });
      const southIssue = await issue('Press 2 leaking', southArea.id);
      const comment = await commands.addComment(southIssue.id, 'Oil under the press.');
      await commands.acknowledgeIssue(southIssue.id);
      const northIssue = await issue('Conveyor jam', north.id);
      await a.core.sync.awaitInSync();
      // RxDB opens only so many collections in one process: the devices under test need them.
      await a.close();
      devices.splice(devices.indexOf(a), 1);
      return {
        admin,
        plants: { north, south, southArea, northIssue, southIssue, southCommentId: comment.id },
      };
    }

    /** Cuts the device off and reports an issue in the south plant, with a comment. */
    async function reportOffline(at: TestDevice, plants: Plants) {
      at.network.cut(true);
      const stranded = await at.core.commands.createIssue({
        title: 'Oil on the floor',
        type: 'safety',
        priority: 'High',
        severity: 4,
        locationId: plants.southArea.id,
      });
      const comment = await at.core.commands.addComment(stranded.id, 'Absorbent laid.');
      return { stranded, comment };
    }

    /** What a device should hold of the south plant once it has the site. */
    async function expectSouthArrived(at: TestDevice, admin: SyncSession, plants: Plants) {
      expect(ids(await documentsOf(at.core, 'issues'))).toEqual(
        ids([plants.northIssue, plants.southIssue]),
      );
      expect(ids(await documentsOf(at.core, 'locations'))).toEqual(
        ids([plants.north, plants.south, plants.southArea]),
      );
      expect(ids(await documentsOf(at.core, 'comments'))).toEqual([plants.southCommentId]);
      // Every entry of both issues' history, each once.
      expect(await documentsOf(at.core, 'issue_events')).toEqual(
        await serverDocuments(server, admin.token, 'issue_events'),
      );
      const southIssue = (await documentsOf(at.core, 'issues')).find(
        (doc) => doc.id === plants.southIssue.id,
      );
      expect(southIssue).toEqual(
        (await serverDocuments(server, admin.token, 'issues')).find(
          (doc) => doc.id === plants.southIssue.id,
        ),
      );
    }

    // Other users' streams noticing nothing is proven at the server
    // (sync-server/replication/scope-change.test.ts): a second app core here would hold 16
    // collections in this realm, past RxDB's 13 without premium.
    it('delivers the older documents of the site to a streaming device, without a restart', async () => {
      const { admin, plants } = await twoPlants();
      const techSession = await server.signIn('technician', [plants.north.id]);
      const tech = await device(techSession);
      await tech.core.sync.awaitInSync();
      expect(ids(await documentsOf(tech.core, 'issues'))).toEqual([plants.northIssue.id]);
      expect(ids(await documentsOf(tech.core, 'comments'))).toEqual([]);
      const techMark = tech.network.urls.length;

      await changeUser(server.backend.db, techSession.user.id, { addSites: [plants.south.id] });
      // The stream's RESYNC makes the device pull; nothing else asks it to.
      await eventually(
        async () => (await tech.core.db.comments.count().exec()) === 1,
        'the comment of the older south issue arrives',
      );
      await tech.core.sync.awaitInSync();
      await expectSouthArrived(tech, admin, plants);
      expect(tech.network.urls.slice(techMark).some((url) => url.includes('/pull?'))).toBe(true);
      expect(tech.core.sync.status()).toMatchObject({ pendingChanges: 0, lastError: null });
      // The core learns the new site too, and lets the technician work there.
      await eventually(
        () => tech.core.actor.account?.sites.includes(plants.south.id) === true,
        'the core knows the user’s new site',
      );
      const reported = await tech.core.commands.createIssue({
        title: 'Oil on the floor',
        type: 'safety',
        priority: 'High',
        severity: 4,
        locationId: plants.southArea.id,
      });
      await tech.core.sync.awaitInSync();
      expect(ids(await serverDocuments(server, admin.token, 'issues'))).toContain(reported.id);
      expect(tech.network.pushes.filter((push) => push.status !== 200)).toEqual([]);
    });

    it('delivers them after a restart, keeping an edit made offline, with no conflict and no duplicate history', async () => {
      const { admin, plants } = await twoPlants();
      const techSession = await server.signIn('technician', [plants.north.id]);
      const storage = getRxStorageMemory();
      const databaseName = `site-added${kind.name}${process.pid}`;
      const first = await device(techSession, { storage, databaseName });
      await first.core.sync.awaitInSync();
      first.network.cut(true);
      await first.core.commands.updateIssue(plants.northIssue.id, { title: 'Conveyor belt torn' });
      await first.close();
      devices.splice(devices.indexOf(first), 1);

      await changeUser(server.backend.db, techSession.user.id, { addSites: [plants.south.id] });

      // The edit is held back until the pull from the beginning has brought the south plant.
      const network = new TestNetwork();
      let release = (): void => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      network.beforePush = (collection) => (collection === 'issues' ? released : undefined);
      const second = await device(techSession, { storage, databaseName, network });
      await eventually(
        async () => (await second.core.db.issues.findOne(plants.southIssue.id).exec()) !== null,
        'the older south issue arrives after the restart',
      );
      const held = await second.core.db.issues.findOne(plants.northIssue.id).exec();
      expect(held?.title).toBe('Conveyor belt torn');
      release();
      await second.core.sync.awaitInSync();

      await expectSouthArrived(second, admin, plants);
      const north = (await serverDocuments(server, admin.token, 'issues')).find(
        (doc) => doc.id === plants.northIssue.id,
      );
      expect(north).toMatchObject({ title: 'Conveyor belt torn', version: 2 });
      const history = await serverDocuments(server, admin.token, 'issue_events');
      expect(history.filter((entry) => entry.kind === 'conflict-resolved')).toEqual([]);
      expect(network.pushes.filter((push) => push.status !== 200)).toEqual([]);
      expect(second.core.sync.status()).toMatchObject({ pendingChanges: 0, lastError: null });
    });

    it('sets aside what the server refuses once a site is taken away, keeps it here, and sends the rest', async () => {
      const { admin, plants } = await twoPlants();
      const techSession = await server.signIn('technician', [plants.north.id, plants.south.id]);
      const tech = await device(techSession);
      await tech.core.sync.awaitInSync();

      const { stranded, comment } = await reportOffline(tech, plants);
      await tech.core.commands.updateIssue(plants.northIssue.id, { priority: 'Critical' });
      await changeUser(server.backend.db, techSession.user.id, { removeSites: [plants.south.id] });
      tech.network.heal();
      await tech.core.sync.awaitInSync();

      const status = tech.core.sync.status();
      expect(status.pendingChanges).toBe(0);
      expect(status.lastError).toMatchObject({ code: 'forbidden', operation: 'push' });
      expect(status.lastError?.message).toMatch(/It stays on this device/);
      const refused = status.refusedChanges.map((change) => [change.collection, change.documentId]);
      expect(refused).toContainEqual(['issues', stranded.id]);
      expect(refused).toContainEqual(['comments', comment.id]);
      // Each names the issue it concerns, for the status to link to.
      expect(
        status.refusedChanges.find((change) => change.documentId === stranded.id),
      ).toMatchObject({ issueId: stranded.id, title: 'Oil on the floor' });
      expect(
        status.refusedChanges.find((change) => change.documentId === comment.id),
      ).toMatchObject({ issueId: stranded.id });
      const strandedHistory = await tech.core.db.issue_events
        .find({ selector: { issueId: stranded.id } })
        .exec();
      for (const entry of strandedHistory)
        expect(refused).toContainEqual(['issue_events', entry.id]);
      expect(refused).toHaveLength(2 + strandedHistory.length);
      // Refused once each, not again and again.
      expect(tech.network.pushes.filter((push) => push.status === 403).length).toBeLessThanOrEqual(
        3,
      );

      // Nothing is lost here; the rest reached the server.
      expect((await tech.core.db.issues.findOne(stranded.id).exec())?.title).toBe(
        'Oil on the floor',
      );
      expect(await tech.core.db.comments.findOne(comment.id).exec()).not.toBeNull();
      const onServer = await serverDocuments(server, admin.token, 'issues');
      expect(ids(onServer)).not.toContain(stranded.id);
      expect(onServer.find((doc) => doc.id === plants.northIssue.id)).toMatchObject({
        priority: 'Critical',
      });
      expect(ids(await serverDocuments(server, admin.token, 'comments'))).not.toContain(comment.id);
    });

    it('lets a technician made a supervisor send the team’s setup at once, without signing in again', async () => {
      const { admin, plants } = await twoPlants();
      const techSession = await server.signIn('technician', [plants.north.id]);
      const tech = await device(techSession);
      await tech.core.sync.awaitInSync();

      await changeUser(server.backend.db, techSession.user.id, { role: 'supervisor' });
      await eventually(
        () => tech.core.actor.role === 'supervisor',
        'the core learns the new role from the server',
      );
      const area = await tech.core.commands.createLocation({
        name: 'Paint shop',
        kind: 'area',
        parentId: plants.north.id,
      });
      await eventually(
        async () => ids(await serverDocuments(server, admin.token, 'locations')).includes(area.id),
        'the new area reaches the server',
      );
      await tech.core.sync.awaitInSync();
      expect(tech.core.sync.status()).toMatchObject({
        state: 'online',
        pendingChanges: 0,
        lastError: null,
        user: { role: 'supervisor' },
      });
    });

    it('keeps what the server refused across a restart and sends it once the site is given back: new documents as they are, an edit merged with the server’s', async () => {
      const { admin, plants } = await twoPlants();
      const techSession = await server.signIn('technician', [plants.north.id, plants.south.id]);
      const storage = getRxStorageMemory();
      const databaseName = `refused${kind.name}${process.pid}`;
      const first = await device(techSession, { storage, databaseName });
      await first.core.sync.awaitInSync();

      // Offline: a new issue with a comment, and an edit of an issue the server has.
      const { stranded, comment } = await reportOffline(first, plants);
      await first.core.commands.updateIssue(plants.southIssue.id, {
        title: 'Press 2 leaking badly',
      });
      await changeUser(server.backend.db, techSession.user.id, { removeSites: [plants.south.id] });
      first.network.heal();
      await first.core.sync.awaitInSync();
      const refused = (at: TestDevice) =>
        at.core.sync
          .status()
          .refusedChanges.map((change) => `${change.collection} ${change.documentId}`)
          .sort();
      const refusedFirst = refused(first);
      expect(refusedFirst).toContain(`issues ${stranded.id}`);
      expect(refusedFirst).toContain(`issues ${plants.southIssue.id}`);
      expect(refusedFirst).toContain(`comments ${comment.id}`);
      await first.close();
      devices.splice(devices.indexOf(first), 1);

      // Meanwhile an admin raises the south issue's priority.
      const office = await device(admin);
      await office.core.sync.awaitInSync();
      await office.core.commands.updateIssue(plants.southIssue.id, { priority: 'Critical' });
      await office.core.sync.awaitInSync();
      await office.close();
      devices.splice(devices.indexOf(office), 1);

      // Restarted, still without the site: the refusals are still there, tried once more.
      const second = await device(techSession, { storage, databaseName });
      expect(refused(second)).toEqual(refusedFirst);
      await eventually(
        () => second.network.pushes.some((push) => push.status === 403),
        'the new issue is sent again and refused again',
      );
      await second.core.sync.awaitInSync();
      await eventually(
        () => refused(second).length === refusedFirst.length,
        'the refusals are kept again',
      );
      expect(refused(second)).toEqual(refusedFirst);
      expect(ids(await serverDocuments(server, admin.token, 'issues'))).not.toContain(stranded.id);

      await changeUser(server.backend.db, techSession.user.id, { addSites: [plants.south.id] });
      await eventually(
        () => refused(second).length === 0,
        'everything refused is sent once the site is back',
      );
      await second.core.sync.awaitInSync();

      const issues = await serverDocuments(server, admin.token, 'issues');
      expect(issues.find((doc) => doc.id === stranded.id)).toMatchObject({
        title: 'Oil on the floor',
      });
      // Both changes stand: the technician's title and the admin's priority.
      expect(issues.find((doc) => doc.id === plants.southIssue.id)).toMatchObject({
        title: 'Press 2 leaking badly',
        priority: 'Critical',
      });
      expect(ids(await serverDocuments(server, admin.token, 'comments'))).toContain(comment.id);
      const strandedHistory = await second.core.db.issue_events
        .find({ selector: { issueId: stranded.id } })
        .exec();
      expect(strandedHistory.length).toBeGreaterThan(0);
      expect(ids(await serverDocuments(server, admin.token, 'issue_events'))).toEqual(
        expect.arrayContaining(ids(strandedHistory.map((entry) => entry.toJSON()))),
      );
      // The device holds what the server holds.
      expect(
        (await documentsOf(second.core, 'issues')).find((doc) => doc.id === plants.southIssue.id),
      ).toEqual(issues.find((doc) => doc.id === plants.southIssue.id));
      expect(second.core.sync.status()).toMatchObject({ pendingChanges: 0, refusedChanges: [] });
    });
  });
}
