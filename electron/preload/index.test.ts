import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_API_KEY,
  IPC_CHANNELS,
  RXDB_STORAGE_CHANNEL,
  type DesktopApi,
} from '../../shared/ipc/contract';
import { acrossContextBridge, FakeElectron, hop } from '../main/fake-electron.test-util';
import { createDesktopApi } from './desktop-api';

afterEach(() => {
  vi.doUnmock('electron');
  vi.resetModules();
});

describe('the preload script', () => {
  it('exposes exactly one API to the page, and no ipcRenderer', async () => {
    const electron = new FakeElectron();
    const contents = electron.createForeignContents('file:///app/index.html');
    const ipcRenderer = contents.ipcRenderer();
    const world: Record<string, unknown> = {};
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          world[key] = acrossContextBridge(api);
        },
      },
      ipcRenderer,
    }));
    await import('./index');

    expect(Object.keys(world)).toEqual([DESKTOP_API_KEY]);
    const api = world[DESKTOP_API_KEY] as DesktopApi;
    expect(Object.keys(api).sort()).toEqual([
      'commands',
      'coreStatus',
      'on',
      'rxdbChannel',
      'sync',
    ]);
    expect(Object.keys(api.rxdbChannel).sort()).toEqual(['on', 'postMessage']);
    expect(Object.keys(api.sync ?? {}).sort()).toEqual([
      'onStatus',
      'session',
      'signIn',
      'signOut',
      'status',
      'syncNow',
    ]);
    const reachable = JSON.stringify(api, (_key, value: unknown) =>
      typeof value === 'function' ? 'function' : value,
    );
    expect(reachable).not.toMatch(/invoke|send|ipc/i);
    electron.dispose();
  });
});

describe('the desktop API', () => {
  function setUp() {
    const electron = new FakeElectron();
    const contents = electron.createForeignContents('file:///app/index.html');
    const ipcRenderer = contents.ipcRenderer();
    const api = acrossContextBridge(createDesktopApi(ipcRenderer));
    return { electron, contents, ipcRenderer, api };
  }

  it('invokes each command on the one command channel with its name and arguments', async () => {
    const { electron, api } = setUp();
    const calls: unknown[][] = [];
    electron.ipcMain.handle(IPC_CHANNELS.command, (_event, ...args) => {
      calls.push(args);
      return { outcome: 'done', value: 'ok' };
    });
    await expect(api.commands.updateIssue('i-1', { priority: 'High' }, 3)).resolves.toEqual({
      outcome: 'done',
      value: 'ok',
    });
    await api.commands.transition('i-1', 'resolve', { resolutionComment: 'Belt replaced.' });
    expect(calls).toEqual([
      ['updateIssue', ['i-1', { priority: 'High' }, 3]],
      ['transition', ['i-1', 'resolve', { resolutionComment: 'Belt replaced.' }]],
    ]);
    electron.dispose();
  });

  it('delivers events without the IPC event, and stops on unsubscribe', async () => {
    const { electron, contents, api } = setUp();
    const received: unknown[][] = [];
    const unsubscribe = api.on('core:failed', (...args) => received.push(args));
    contents.send('core:failed', { message: 'disk full' });
    await hop();
    unsubscribe();
    contents.send('core:failed', { message: 'again' });
    await hop();
    expect(received).toEqual([[{ message: 'disk full' }]]);
    expect(() => api.on('ipc:anything' as 'core:ready', () => undefined)).toThrow(
      "There is no event 'ipc:anything'.",
    );
    electron.dispose();
  });

  it('carries RxDB messages on the storage channel only, with working unsubscribes', async () => {
    const { electron, contents, ipcRenderer, api } = setUp();
    const inMain: unknown[] = [];
    electron.ipcMain.on(RXDB_STORAGE_CHANNEL, (_event, message) => inMain.push(message));
    const inPage: unknown[] = [];
    const listener = (message: unknown): void => void inPage.push(message);
    const first = api.rxdbChannel.on(listener);
    const second = api.rxdbChannel.on(listener);
    expect(ipcRenderer.listenerCount(RXDB_STORAGE_CHANNEL)).toBe(2);

    api.rxdbChannel.postMessage(false);
    contents.send(RXDB_STORAGE_CHANNEL, { answerTo: 'r1' });
    await hop();
    expect(inMain).toEqual([false]);
    expect(inPage).toEqual([{ answerTo: 'r1' }, { answerTo: 'r1' }]);

    first();
    second();
    expect(ipcRenderer.listenerCount(RXDB_STORAGE_CHANNEL)).toBe(0);
    electron.dispose();
  });
});
