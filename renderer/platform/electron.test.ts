import { describe, expect, it } from 'vitest';
import { STOPPED_STATUS, type SyncStatus } from '../../shared/core/sync/sync-status';
import type { DesktopApi, DesktopSyncApi } from '../../shared/ipc/contract';
import { createElectronBridge } from './electron';

function fakeDesktop(current: Promise<SyncStatus>) {
  const listeners = new Set<(status: SyncStatus) => void>();
  const sync = {
    status: () => current,
    onStatus: (listener: (status: SyncStatus) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as Partial<DesktopSyncApi> as DesktopSyncApi;
  const api = {
    commands: {},
    coreStatus: () => new Promise(() => undefined),
    on: () => () => undefined,
    rxdbChannel: { postMessage: () => undefined, on: () => () => undefined },
    sync,
  } as unknown as DesktopApi;
  return { api, push: (status: SyncStatus) => listeners.forEach((l) => l(status)), listeners };
}

const online = { ...STOPPED_STATUS, state: 'online' } as SyncStatus;

describe('the Electron bridge’s sync status', () => {
  it('gives the current status, then every change, until unsubscribed', async () => {
    const desktop = fakeDesktop(Promise.resolve(online));
    const seen: string[] = [];
    const stop = createElectronBridge(desktop.api).onSyncStatus!((s) => seen.push(s.state));
    await Promise.resolve();
    desktop.push({ ...online, state: 'offline' });
    stop();
    desktop.push(online);
    expect(seen).toEqual(['online', 'offline']);
    expect(desktop.listeners.size).toBe(0);
  });

  it('does not let a late answer overwrite a newer change', async () => {
    let answer: (status: SyncStatus) => void = () => undefined;
    const desktop = fakeDesktop(new Promise((resolve) => (answer = resolve)));
    const seen: string[] = [];
    createElectronBridge(desktop.api).onSyncStatus!((s) => seen.push(s.state));
    desktop.push({ ...online, state: 'offline' });
    answer(online);
    await Promise.resolve();
    expect(seen).toEqual(['offline']);
  });
});
