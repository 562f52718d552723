/**
 * Sync in the web edition: the shared sign-in of this device (shared/core/sync/device-sync)
 * over the page's fetch, with the session kept in the page's localStorage and the browser's
 * own word on the network.
 *
 * What keeping the session in a browser means: a browser has no keychain a page could use,
 * so the token is stored in the clear in this site's localStorage. Any script running on
 * this origin can read it (the strict Content-Security-Policy lets only the app's own
 * scripts run), and so can anyone with access to this browser profile on disk. It lasts
 * until sign-out; on a shared computer, sign out when done, and an administrator can revoke
 * the device on the server at any time (the token then stops working everywhere).
 */
import { Observable } from 'rxjs';
import {
  createDeviceSync,
  type DeviceSync,
  type SessionKeeper,
  type SyncSessionInfo,
} from '../../shared/core/sync/device-sync';
import { platformFetch, type FetchLike } from '../../shared/core/sync/platform';
import {
  isKeptText,
  readKeptSession,
  viewOfKeptSession,
  type KeptSession,
} from '../../shared/core/sync/kept-session';
import type { SyncSession } from '../../shared/core/sync/sign-in';
import type { SyncControls } from './bridge';
import type { KeyValueStore } from './local-identity';

export const SYNC_SESSION_KEY = 'autoescalate.syncSession';

type KeptWebSession = KeptSession<{ token: string }>;

function read(store: KeyValueStore): KeptWebSession {
  let value: unknown;
  try {
    value = JSON.parse(store.getItem(SYNC_SESSION_KEY) ?? 'null');
  } catch {
    return { version: 1 };
  }
  return readKeptSession(value, ({ token }) => (isKeptText(token) ? { token } : undefined));
}

/** The session in the page's storage (see the note above on what that means). */
export function browserSessionKeeper(store: KeyValueStore): SessionKeeper {
  const write = (kept: KeptWebSession) => store.setItem(SYNC_SESSION_KEY, JSON.stringify(kept));
  return {
    load() {
      const kept = read(store);
      const info: SyncSessionInfo | null = kept.session
        ? {
            serverUrl: kept.session.serverUrl,
            deviceName: kept.session.deviceName,
            user: kept.session.user,
            tokenKept: true,
          }
        : null;
      const view = viewOfKeptSession(kept, info);
      const session: SyncSession | undefined = kept.session && {
        serverUrl: kept.session.serverUrl,
        token: kept.session.token,
        deviceId: kept.session.deviceId,
        user: kept.session.user,
      };
      return { session, view };
    },
    save(session, names) {
      write({
        version: 1,
        last: { serverUrl: session.serverUrl, ...names },
        session: {
          serverUrl: session.serverUrl,
          deviceName: names.deviceName,
          deviceId: session.deviceId,
          user: session.user,
          token: session.token,
        },
      });
      return {
        serverUrl: session.serverUrl,
        deviceName: names.deviceName,
        user: session.user,
        tokenKept: true,
      };
    },
    forget() {
      const kept = read(store);
      write({ version: 1, ...(kept.last && { last: kept.last }) });
    },
  };
}

/** The part of a page (window) the network signal listens to. */
export interface NetworkEvents {
  readonly navigator?: { readonly onLine?: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/**
 * The browser's word on the network for the core's replication: `navigator.onLine` first,
 * then each `online` and `offline` event. A browser that says online may still have no route
 * to the server; the replication client finds that out from its requests.
 */
export function browserOnline$(page: NetworkEvents): Observable<boolean> {
  return new Observable<boolean>((subscriber) => {
    const online = () => subscriber.next(true);
    const offline = () => subscriber.next(false);
    page.addEventListener('online', online);
    page.addEventListener('offline', offline);
    subscriber.next(page.navigator?.onLine ?? true);
    return () => {
      page.removeEventListener('online', online);
      page.removeEventListener('offline', offline);
    };
  });
}

/** The device's sync in the page, and the controls the UI gets of it. */
export function createWebSync(options: { keeper: SessionKeeper; fetch?: FetchLike }): {
  device: DeviceSync;
  controls: SyncControls;
} {
  const device = createDeviceSync({
    fetch: options.fetch ?? platformFetch(),
    keeper: options.keeper,
    log: {
      info: () => undefined,
      warn: (message, details) => console.warn(message, details),
    },
  });
  const controls: SyncControls = {
    session: () => Promise.resolve(device.session()),
    signIn: (input) => device.signIn(input),
    signOut: () => device.signOut(),
    status: () => Promise.resolve(device.status()),
    syncNow: () => Promise.resolve(device.syncNow()),
    onStatus: (listener) => device.onStatus(listener),
  };
  return { device, controls };
}
