import * as fakeIndexedDb from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppCore, type AppCore } from '../../shared/core/app-core';
import type { AlertNotice } from '../../shared/core/escalation';
import { createLocalIdentity } from './local-identity';
import { createWebBridge, type WebBridge } from './web';
import { runEscalationsInLeaderTab } from './web-escalations';
import './web-core';

const dexieSettings = fakeIndexedDb as unknown as NonNullable<
  Parameters<typeof getRxStorageDexie>[0]
>;
const RUN = Math.random().toString(36).slice(2, 8);
const bridges: WebBridge[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.close();
});

function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('escalations in the web edition', () => {
  it('run in the leader tab, and a notice opens its issue when clicked', async () => {
    let now = Date.UTC(2026, 10, 2, 8);
    const notices: AlertNotice[] = [];
    const opened: string[] = [];
    let running: AppCore | undefined;
    const bridge = createWebBridge({
      identity: createLocalIdentity(memoryStore(), () => 'browser-1'),
      storage: getRxStorageDexie(dexieSettings),
      databaseName: `esc${RUN}`,
      startCore: ({ actor, storage, databaseName }) =>
        createAppCore({
          actor,
          storage,
          multiInstance: true,
          clock: { now: () => now },
          ...(databaseName !== undefined && { databaseName }),
        }),
      onCoreStarted: (core, openIssue, firstScreen) => {
        running = core;
        // A click on the notice, as the browser would report it.
        return runEscalationsInLeaderTab(core, openIssue, {
          after: firstScreen,
          afterScreenMs: 0,
          idle: () => Promise.resolve(),
          show: (notice, open) => {
            notices.push(notice);
            if (notice.kind === 'issue') open(notice.issueId);
          },
        });
      },
    });
    bridges.push(bridge);
    bridge.on('alert:open-issue', ({ issueId }) => opened.push(issueId));
    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    await bridge.whenReady();
    bridge.firstScreenShown?.();
    await vi.waitFor(() => expect(running?.escalation.running).toBe(true), { timeout: 10_000 });

    const site = await bridge.commands.createLocation({ name: 'Plant A', kind: 'site' });
    const issue = await bridge.commands.createIssue({
      title: 'Hydraulic leak under press 2',
      type: 'safety',
      priority: 'Critical',
      severity: 5,
      locationId: site.id,
    });
    await running?.escalation.whenIdle();
    expect(notices).toEqual([]);

    // Twenty minutes later (the scheduler is told, as after the machine slept).
    now += 20 * 60_000;
    running?.escalation.wake();
    await vi.waitFor(() => expect(notices.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(notices[0]).toMatchObject({ kind: 'issue', issueId: issue.id });
    expect(opened).toEqual([issue.id]);
  });

  it('start only once the first screen is shown, or at the latest after a while', async () => {
    let now = Date.UTC(2026, 10, 2, 8);
    const core = await createAppCore({
      actor: { userId: 'Tina', role: 'supervisor', deviceId: 'browser-1' },
      storage: getRxStorageDexie(dexieSettings),
      databaseName: `late${RUN}`,
      multiInstance: true,
      clock: { now: () => now },
    });
    const site = await core.commands.createLocation({ name: 'Plant A', kind: 'site' });
    const issue = await core.commands.createIssue({
      title: 'Hydraulic leak under press 2',
      type: 'safety',
      priority: 'Critical',
      severity: 5,
      locationId: site.id,
    });
    // The backlog the page opens on: a level came due while no tab was open.
    now += 20 * 60_000;
    const notices: AlertNotice[] = [];
    let showScreen!: () => void;
    const firstScreen = new Promise<void>((resolve) => (showScreen = resolve));
    let idleAsked = 0;
    const stop = runEscalationsInLeaderTab(core, () => undefined, {
      after: firstScreen,
      afterScreenMs: 10,
      idle: () => {
        idleAsked += 1;
        return Promise.resolve();
      },
      show: (notice) => notices.push(notice),
    });
    try {
      await core.db.waitForLeadership();
      // The leader waits for the screen: nothing is read or fired meanwhile.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(core.escalation.running).toBe(false);
      expect(idleAsked).toBe(0);

      showScreen();
      await vi.waitFor(() => expect(notices.length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(idleAsked).toBe(1);
      expect(notices[0]).toMatchObject({ kind: 'issue', issueId: issue.id });
    } finally {
      await stop();
    }

    // A screen that never says it is shown (an error, say) holds the scheduler back only so long.
    const late = runEscalationsInLeaderTab(core, () => undefined, {
      after: new Promise<void>(() => undefined),
      latestStartMs: 50,
      afterScreenMs: 0,
      idle: () => Promise.resolve(),
      show: () => undefined,
    });
    try {
      await vi.waitFor(() => expect(core.escalation.running).toBe(true), { timeout: 10_000 });
    } finally {
      await late();
      await core.close();
    }
  });
});
