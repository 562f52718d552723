import { describe, expect, it } from 'vitest';
import { DESKTOP_API_KEY, type DesktopApi } from '../../shared/ipc/contract';
import { choosePlatformBridge } from './choose-bridge';

const desktopApi: DesktopApi = {
  commands: {} as DesktopApi['commands'],
  coreStatus: () => Promise.resolve({ state: 'starting' }),
  on: () => () => undefined,
  rxdbChannel: { postMessage: () => undefined, on: () => () => undefined },
};

function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('choosePlatformBridge', () => {
  it('uses the desktop API when the preload script exposed it, in either build', () => {
    for (const edition of ['desktop', 'web'] as const) {
      const bridge = choosePlatformBridge({ [DESKTOP_API_KEY]: desktopApi }, edition);
      expect(bridge?.storage.name).toBe('remote');
      expect(bridge?.localIdentity).toBeUndefined();
    }
  });

  it('runs the core in the page on IndexedDB in the web edition', () => {
    const bridge = choosePlatformBridge({ localStorage: memoryStore(), indexedDB: {} }, 'web');
    expect(bridge?.storage.name).toBe('validate-z-schema-dexie');
    expect(bridge?.localIdentity?.current()).toBeUndefined();
  });

  it('finds no bridge for the desktop build outside its window, or without local storage', () => {
    expect(choosePlatformBridge({}, 'desktop')).toBeUndefined();
    expect(choosePlatformBridge({ localStorage: memoryStore(), indexedDB: {} }, 'desktop')).toBe(
      undefined,
    );
    expect(choosePlatformBridge({ [DESKTOP_API_KEY]: { commands: {} } }, 'desktop')).toBe(
      undefined,
    );
    expect(choosePlatformBridge({ indexedDB: {} }, 'web')).toBeUndefined();
  });
});
