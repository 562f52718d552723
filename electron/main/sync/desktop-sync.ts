/**
 * Sync in the desktop app: the shared sign-in and sign-out of this device
 * (shared/core/sync/device-sync.ts) over Chromium's network stack, with the session kept in
 * the user-data folder and its token encrypted with the operating system's keychain.
 */
import { createDeviceSync, type DeviceSync } from '../../../shared/core/sync/device-sync';
import type { FetchLike } from '../../../shared/core/sync/platform';
import type { NetApi, SafeStorageApi } from '../electron-api';
import type { Logger } from '../logger';
import { SyncSessionStore } from './session-store';

export interface DesktopSyncOptions {
  safeStorage: SafeStorageApi;
  net: NetApi;
  userDataDir: string;
  log: Logger;
  /** How long signing out waits for the server to revoke the token. Default 5 s. */
  signOutWaitMs?: number;
}

export interface DesktopSync extends DeviceSync {
  /** The fetch the core's replication uses: Chromium's network stack. */
  readonly fetch: FetchLike;
}

/** Chromium's fetch as the shared client sees it (the same object at run time). */
export function fetchOverNet(net: NetApi): FetchLike {
  return (url, init) => net.fetch(url, init as RequestInit);
}

export function startDesktopSync(options: DesktopSyncOptions): DesktopSync {
  const fetch = fetchOverNet(options.net);
  const device = createDeviceSync({
    fetch,
    keeper: new SyncSessionStore(options.userDataDir, options.safeStorage, options.log),
    log: options.log,
    ...(options.signOutWaitMs !== undefined && { signOutWaitMs: options.signOutWaitMs }),
  });
  return { ...device, fetch };
}
