/**
 * Picks the platform bridge once, at start-up. In an Electron window the preload script has
 * exposed the desktop API; the web edition (built by vite.web.config.ts) runs the core in
 * the page on IndexedDB. This is the one place that knows which platform the UI is on.
 */
import { DESKTOP_API_KEY, type DesktopApi } from '../../shared/ipc/contract';
import type { PlatformBridge } from './bridge';
import { createElectronBridge } from './electron';
import { createLocalIdentity, type KeyValueStore } from './local-identity';
import { createWebBridge } from './web';
import { browserId, startWebCore, webStorage } from './web-core';
import { loadValidation } from './lazy-validation';
import { browserAlertPermission, browserIdle, runEscalationsInLeaderTab } from './web-escalations';
import { browserOnline$, browserSessionKeeper, type NetworkEvents } from './web-sync';

/** Which build the page comes from: the desktop app's renderer or the web edition. */
export type Edition = 'desktop' | 'web';

function isDesktopApi(value: unknown): value is DesktopApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Partial<Record<keyof DesktopApi, unknown>>;
  return (
    typeof api.commands === 'object' &&
    typeof api.coreStatus === 'function' &&
    typeof api.on === 'function' &&
    typeof api.rxdbChannel === 'object'
  );
}

function localStorageOf(page: object): KeyValueStore | undefined {
  const store: unknown = (page as { localStorage?: unknown }).localStorage;
  if (typeof store !== 'object' || store === null) return undefined;
  const { getItem, setItem } = store as Partial<KeyValueStore>;
  return typeof getItem === 'function' && typeof setItem === 'function'
    ? (store as KeyValueStore)
    : undefined;
}

function hasNetworkEvents(page: object): page is NetworkEvents {
  const { addEventListener, removeEventListener } = page as Partial<NetworkEvents>;
  return typeof addEventListener === 'function' && typeof removeEventListener === 'function';
}

/**
 * The bridge for the platform the page runs on, or undefined when there is none: the
 * desktop build outside its Electron window, or a browser without local storage.
 */
export function choosePlatformBridge(page: object, edition: Edition): PlatformBridge | undefined {
  const desktop: unknown = (page as Record<string, unknown>)[DESKTOP_API_KEY];
  if (isDesktopApi(desktop)) return createElectronBridge(desktop);
  if (edition !== 'web') return undefined;
  const store = localStorageOf(page);
  if (!store || !('indexedDB' in page)) return undefined;
  return createWebBridge({
    identity: createLocalIdentity(store, browserId),
    storage: webStorage(),
    startCore: startWebCore,
    onCoreStarted: (core, openIssue, firstScreen) => {
      // The schema checks load once the first screen is shown, before the first write.
      void firstScreen.then(browserIdle).then(loadValidation);
      return runEscalationsInLeaderTab(core, openIssue, { after: firstScreen });
    },
    alertPermission: browserAlertPermission,
    sync: {
      keeper: browserSessionKeeper(store),
      ...(hasNetworkEvents(page) && { online$: browserOnline$(page) }),
    },
  });
}
