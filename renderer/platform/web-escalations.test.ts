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
      onCoreStarted: (core, openIssue) => {
        running = core;
        // A click on the notice, as the browser would report it.
        return runEscalationsInLeaderTab(core, openIssue, (notice, open) => {
          notices.push(notice);
          if (notice.kind === 'issue') open(notice.issueId);
        });
      },
    });
    bridges.push(bridge);
    bridge.on('alert:open-issue', ({ issueId }) => opened.push(issueId));
    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    await bridge.whenReady();
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
});
