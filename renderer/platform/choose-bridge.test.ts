import { describe, expect, it } from 'vitest';
import { DESKTOP_API_KEY, type DesktopApi } from '../../shared/ipc/contract';
import { choosePlatformBridge } from './choose-bridge';

const desktopApi: DesktopApi = {
  commands: {} as DesktopApi['commands'],
  coreStatus: () => Promise.resolve({ state: 'starting' }),
  on: () => () => undefined,
  rxdbChannel: { postMessage: () => undefined, on: () => () => undefined },
};

describe('choosePlatformBridge', () => {
  it('uses the desktop API when the preload script exposed it', () => {
    const bridge = choosePlatformBridge({ [DESKTOP_API_KEY]: desktopApi });
    expect(bridge?.storage.name).toBe('remote');
  });

  it('finds no bridge on a page without one', () => {
    expect(choosePlatformBridge({})).toBeUndefined();
    expect(choosePlatformBridge({ [DESKTOP_API_KEY]: { commands: {} } })).toBeUndefined();
  });
});
