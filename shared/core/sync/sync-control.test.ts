/**
 * The app core replicating with the real sync server (sync-server) over loopback, on PGlite
 * and, when reachable, on PostgreSQL.
 */
import { firstValueFrom, filter } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../sync-server/store/test-backends.test-util';
import type { SyncStatus } from './sync-status';
import {
  documentsOf,
  eventually,
  openDevice,
  serverDocuments,
  startTestServer,
  type TestDevice,
  type TestServer,
} from './sync.test-util';

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

    it('shares locations, issues, comments and history between devices, live', async () => {
      const admin = await server.signIn('admin');
      const a = await device(admin);
      const b = await device(await server.signIn('admin'));
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

      await eventually(
        async () => (await b.core.db.issue_events.count().exec()) === 2,
        'B receives the issue, its comment and its history',
      );
      expect((await b.core.db.issues.findOne(issue.id).exec())?.title).toBe('Conveyor jam');
      expect(await documentsOf(b.core, 'comments')).toEqual(await documentsOf(a.core, 'comments'));
      expect(await serverDocuments(server, admin.token, 'issues')).toEqual(
        await documentsOf(a.core, 'issues'),
      );

      const synced = await statusWhere(a, (s) => s.lastSyncAt !== null && !s.syncing);
      expect(synced).toMatchObject({
        state: 'online',
        pendingChanges: 0,
        serverUrl: server.url,
        user: admin.user,
      });
    });
  });
}
