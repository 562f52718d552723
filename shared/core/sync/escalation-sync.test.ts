/**
 * The escalation scheduler on two devices replicating with the real sync server: an admin's
 * app core here and a technician's in a worker thread (two cores hold more collections than
 * RxDB allows one realm). Both fire the same due level while cut off from the server, each
 * with its own firing; once they are back, each level is one document, the same on both
 * devices and on the server: the earlier firing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../sync-server/store/test-backends.test-util';
import { canonicalJson } from '../../sync/canonical-json';
import type { ReplicatedCollection } from '../../sync/protocol';
import { RemoteDevice } from './remote-device.test-util';
import type { SyncSession } from './sign-in';
import {
  documentsOf,
  eventually,
  FAST_TUNING,
  openDevice,
  serverDocuments,
  startTestServer,
  type TestDevice,
  type TestServer,
} from './sync.test-util';

const MIN = 60_000;
const RULE = 'critical-unacknowledged';

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`escalations fired on two devices, on ${kind.name}`, () => {
    let server: TestServer;
    let remote: RemoteDevice;
    let here: TestDevice;
    let admin: SyncSession;
    let technician: SyncSession;
    let offsetMs = 0;

    beforeEach(async () => {
      [server, remote] = await Promise.all([startTestServer(kind), RemoteDevice.spawn()]);
      offsetMs = 0;
      admin = await server.signIn('admin', [], 'control room laptop');
      here = await openDevice(admin, { clock: { now: () => Date.now() + offsetMs } });
    }, 60_000);
    afterEach(async () => {
      await here?.close();
      await remote?.terminate();
      await server?.close();
    });

    /** The collection as the server, this device and the remote one hold it. */
    async function everywhere(collection: ReplicatedCollection) {
      const [onServer, onHere, onRemote] = await Promise.all([
        serverDocuments(server, admin.token, collection),
        documentsOf(here.core, collection),
        remote.call('documents', collection),
      ]);
      return { onServer, onHere, onRemote };
    }

    async function converged(collection: ReplicatedCollection): Promise<boolean> {
      const { onServer, onHere, onRemote } = await everywhere(collection);
      // Key order aside: PostgreSQL keeps its own.
      const text = canonicalJson(onServer);
      return canonicalJson(onHere) === text && canonicalJson(onRemote) === text;
    }

    it('converge on one document per level, the earlier firing, on both devices and the server', async () => {
      const commands = here.core.commands;
      const plant = await commands.createLocation({
        name: 'Plant A',
        kind: 'site',
        timeZone: 'Europe/Berlin',
      });
      const packaging = await commands.createLocation({
        name: 'Packaging',
        kind: 'area',
        parentId: plant.id,
      });
      technician = await server.signIn('technician', [plant.id], 'line 3 tablet');
      await remote.call('open', technician, FAST_TUNING);
      const issue = await commands.createIssue({
        title: 'Hydraulic leak under press 2',
        type: 'breakdown',
        priority: 'Critical',
        severity: 4,
        locationId: packaging.id,
      });
      await here.core.sync.awaitInSync();
      await eventually(
        async () => (await remote.call('issueIds')).includes(issue.id),
        'the issue reaches the technician',
      );

      // Both schedulers run, online: the clock of the critical rule starts (level 0).
      await here.core.escalation.start();
      await here.core.escalation.whenIdle();
      await remote.call('startEscalation');

      // Cut off, each device finds level 1 due after its sleep and fires it: the control
      // room a minute before the tablet.
      here.network.cut(true);
      await remote.call('cut', true);
      offsetMs += 16 * MIN;
      await remote.call('shiftClock', 17 * MIN);
      here.core.escalation.wake();
      await here.core.escalation.whenIdle();
      await remote.call('wakeEscalation');
      const level1 = `${issue.id}:${RULE}:1:1`;
      const firedHere = (await documentsOf(here.core, 'escalations')).find((d) => d.id === level1);
      const firedThere = (await remote.call('documents', 'escalations')).find(
        (d) => d.id === level1,
      );
      expect(firedHere).toMatchObject({ deviceId: admin.deviceId });
      expect(firedThere).toMatchObject({ deviceId: technician.deviceId });
      expect(Number(firedHere!.firedAt)).toBeLessThan(Number(firedThere!.firedAt));

      here.network.heal();
      await remote.call('heal');
      here.core.sync.syncNow();
      await eventually(
        async () =>
          (await converged('escalations')) &&
          (await converged('issue_events')) &&
          (await converged('comments')),
        'both devices hold what the server holds',
      );

      const { onServer } = await everywhere('escalations');
      const ids = onServer.map((doc) => doc.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([`${issue.id}:${RULE}:1:0`, level1]);
      // Each device's own firing was kept until then: now both hold the earlier one.
      expect(onServer.find((doc) => doc.id === level1)).toEqual(firedHere);
      expect(onServer.find((doc) => doc.id === level1)).not.toEqual(firedThere);
      // The level's entry in the issue's history is one too, naming the escalation.
      const { onServer: history } = await everywhere('issue_events');
      expect(
        history.filter(
          (event) => event.kind === 'escalated' && JSON.stringify(event).includes(level1),
        ),
      ).toHaveLength(1);
      // Nothing is left to push, and nothing was refused.
      await here.core.sync.awaitInSync();
      expect(here.core.sync.status()).toMatchObject({ pendingChanges: 0, refusedChanges: [] });
      expect(await remote.call('status')).toMatchObject({ pendingChanges: 0, refusedChanges: [] });
    });
  });
}
