import { describe, expect, it } from 'vitest';
import type { DesktopApi, DesktopSyncApi } from '../../shared/ipc/contract';
import { createElectronBridge } from './electron';

function fakeDesktop(sync?: DesktopSyncApi): DesktopApi {
  return {
    commands: {},
    coreStatus: () => new Promise(() => undefined),
    on: () => () => undefined,
    rxdbChannel: { postMessage: () => undefined, on: () => () => undefined },
    ...(sync && { sync }),
  } as unknown as DesktopApi;
}

describe('the Electron bridge’s sync', () => {
  it('hands the UI the preload’s sync controls as they are', () => {
    const sync = { status: () => Promise.resolve() } as unknown as DesktopSyncApi;
    expect(createElectronBridge(fakeDesktop(sync)).sync).toBe(sync);
  });

  it('has none where the preload offers none: the UI shows local only', () => {
    expect(createElectronBridge(fakeDesktop()).sync).toBeUndefined();
  });
});
