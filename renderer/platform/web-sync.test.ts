import { describe, expect, it } from 'vitest';
import type { SyncSession } from '../../shared/core/sync/sign-in';
import type { KeyValueStore } from './local-identity';
import { browserOnline$, browserSessionKeeper, SYNC_SESSION_KEY } from './web-sync';

function memoryStore(): KeyValueStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

const session: SyncSession = {
  serverUrl: 'https://sync.plant-a.example',
  token: 'token-of-tina',
  deviceId: 'server-device-1',
  user: { id: 'u-1', name: 'tina', role: 'supervisor', sites: ['plant-a'], allSites: false },
};

describe('the session kept in the page', () => {
  it('keeps the session until sign-out, then only the names for the next sign-in', () => {
    const store = memoryStore();
    const keeper = browserSessionKeeper(store);
    expect(keeper.load()).toEqual({
      session: undefined,
      view: { session: null, lastServerUrl: null, lastUserName: null, lastDeviceName: null },
    });
    const info = keeper.save(session, { userName: 'tina', deviceName: 'Shift office PC' });
    expect(info).toEqual({
      serverUrl: session.serverUrl,
      deviceName: 'Shift office PC',
      user: session.user,
      tokenKept: true,
    });
    // A later page load reads it back.
    expect(browserSessionKeeper(store).load()).toEqual({
      session,
      view: {
        session: info,
        lastServerUrl: session.serverUrl,
        lastUserName: 'tina',
        lastDeviceName: 'Shift office PC',
      },
    });

    keeper.forget();
    expect(store.values.get(SYNC_SESSION_KEY)).not.toContain(session.token);
    expect(keeper.load()).toEqual({
      session: undefined,
      view: {
        session: null,
        lastServerUrl: session.serverUrl,
        lastUserName: 'tina',
        lastDeviceName: 'Shift office PC',
      },
    });
  });

  it('ignores what it cannot read instead of failing the page', () => {
    const store = memoryStore();
    const keeper = browserSessionKeeper(store);
    store.setItem(SYNC_SESSION_KEY, '{ not json');
    expect(keeper.load().session).toBeUndefined();
    store.setItem(
      SYNC_SESSION_KEY,
      JSON.stringify({
        version: 1,
        last: { serverUrl: 'https://x.example', userName: '', deviceName: 'PC' },
        session: { ...session, user: { ...session.user, role: 'boss' }, deviceName: 'PC' },
      }),
    );
    expect(keeper.load()).toEqual({
      session: undefined,
      view: { session: null, lastServerUrl: null, lastUserName: null, lastDeviceName: null },
    });
  });
});

describe('the browser’s word on the network', () => {
  it('starts with navigator.onLine, follows the online and offline events, and lets go', () => {
    const listeners = new Map<string, () => void>();
    const page = {
      navigator: { onLine: false },
      addEventListener: (type: string, listener: () => void) => void listeners.set(type, listener),
      removeEventListener: (type: string) => void listeners.delete(type),
    };
    const seen: boolean[] = [];
    const subscription = browserOnline$(page).subscribe((online) => seen.push(online));
    listeners.get('online')?.();
    listeners.get('offline')?.();
    expect(seen).toEqual([false, true, false]);
    subscription.unsubscribe();
    expect(listeners.size).toBe(0);
  });
});
