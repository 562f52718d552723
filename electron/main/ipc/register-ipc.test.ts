import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createAppCore, type AppCore } from '../../../shared/core';
import type { Actor, Location } from '../../../shared/domain';
import { IPC_CHANNELS, type CommandReply, type DesktopApi } from '../../../shared/ipc/contract';
import { DomainError } from '../../../shared/validation/errors';
import { createElectronBridge } from '../../../renderer/platform/electron';
import type { PlatformBridge } from '../../../renderer/platform/bridge';
import { createDesktopApi } from '../../preload/desktop-api';
import { isAppUrl, resolveAppLocation } from '../app-location';
import { startCoreHost, type CoreHost } from '../core-host';
import {
  acrossContextBridge,
  FakeElectron,
  recordingLogger,
  type FakeBrowserWindow,
} from '../fake-electron.test-util';
import { createTrustedSenders } from '../security/trusted-senders';
import { createCommandHandler } from './command-handler';
import { registerIpcHandlers } from './register-ipc';

// A supervisor: the tests set locations up through the core.
const actor: Actor = { userId: 'tina', role: 'supervisor', deviceId: 'laptop-7' };
const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/renderer/index.html',
  isPackaged: true,
});
let databaseCounter = 0;

describe('commands over IPC', () => {
  let electron: FakeElectron;
  let window: FakeBrowserWindow;
  let log: ReturnType<typeof recordingLogger>;
  let host: CoreHost;
  let core: AppCore;
  let unregister: () => void;
  let api: DesktopApi;
  let bridge: PlatformBridge;
  let line: Location;

  beforeEach(async () => {
    electron = new FakeElectron();
    log = recordingLogger();
    window = electron.createWindow({});
    await window.loadURL(location.url);
    const trusted = createTrustedSenders((url) => isAppUrl(location, url));
    trusted.add(window.webContents.id);
    const opening = createAppCore({
      storage: getRxStorageMemory(),
      actor,
      databaseName: `commandsoveripc${process.pid}x${++databaseCounter}`,
    });
    host = startCoreHost({ open: () => opening, log });
    core = await opening;
    unregister = registerIpcHandlers({
      ipcMain: electron.ipcMain,
      handlers: {
        command: createCommandHandler({ commands: () => host.commands(), log }),
        coreStatus: () => host.status(),
      },
      isTrusted: (event) => trusted.isTrusted(event),
      log,
    });
    api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer()));
    bridge = createElectronBridge(api);
    line = await core.commands.createLocation({ name: 'Plant A', kind: 'site' });
  });

  afterEach(async () => {
    unregister();
    await host.close();
    electron.dispose();
  });

  it('runs a command in the main process and returns its result', async () => {
    const issue = await bridge.commands.createIssue({
      title: 'Conveyor jam at the infeed',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: line.id,
    });
    expect(issue).toMatchObject({ title: 'Conveyor jam at the infeed', status: 'new', version: 1 });
    expect((await core.db.issues.findOne(issue.id).exec())?.reporter).toBe('tina');

    const moved = await bridge.commands.transition(issue.id, 'start-progress');
    expect(moved.status).toBe('in-progress');
  });

  it('revives the core’s refusal as a DomainError with its field problems', async () => {
    const refusal = await bridge.commands
      .createIssue({
        title: '',
        type: 'breakdown',
        priority: 'High',
        severity: 9 as 3,
        locationId: line.id,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(DomainError);
    const error = refusal as DomainError;
    expect(error.code).toBe('validation-failed');
    expect(error.problems.map((p) => p.field).sort()).toEqual(['severity', 'title']);
    expect(error.problems.every((p) => p.message.length > 0)).toBe(true);

    const missing = await bridge.commands
      .addComment('no-such-issue', 'Checked the belt.')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect((missing as DomainError).code).toBe('not-found');
  });

  it('refuses malformed calls with a clear error before they reach the core', async () => {
    const ipc = window.webContents.ipcRenderer();
    const send = (name: unknown, args: unknown) =>
      ipc.invoke(IPC_CHANNELS.command, name, args) as Promise<CommandReply<unknown>>;

    const wrongArity = await send('addComment', ['issue-1']);
    expect(wrongArity).toEqual({
      outcome: 'refused',
      error: {
        name: 'DomainError',
        code: 'validation-failed',
        message: 'addComment takes 2 arguments (issueId, body), but got 1.',
        problems: [
          {
            field: 'arguments',
            reason: 'out-of-range',
            message: 'addComment takes 2 arguments (issueId, body), but got 1.',
          },
        ],
      },
    });
    const unknown = await send('dropDatabase', []);
    expect(unknown.outcome === 'refused' && unknown.error.message).toBe(
      "There is no command 'dropDatabase'.",
    );
    const notPlain = await send('createLocation', [new Date(0)]);
    expect(notPlain.outcome === 'refused' && notPlain.error.problems[0]?.field).toBe(
      'arguments[0]',
    );
    const notAList = await send('createLocation', { name: 'x', kind: 'site' });
    expect(notAList.outcome).toBe('refused');

    expect(await core.db.locations.count().exec()).toBe(1);
    expect(
      log.messages('warn').filter((m) => m === 'Refused a malformed command call'),
    ).toHaveLength(4);
  });

  it('answers the core’s status', async () => {
    expect(await api.coreStatus()).toEqual({
      state: 'ready',
      info: { databaseName: core.db.name, actor },
    });
    await expect(bridge.whenReady()).resolves.toEqual({ databaseName: core.db.name, actor });
  });

  it('refuses requests from a sender that is not the app window’s main frame', async () => {
    const stranger = electron.createForeignContents(location.url);
    const subframe = window.webContents.ipcRenderer(location.url);
    await window.loadURL(location.url);
    const navigatedAway = electron.createWindow({});
    await navigatedAway.loadURL('https://example.com/');

    for (const ipc of [stranger.ipcRenderer(), subframe, navigatedAway.webContents.ipcRenderer()]) {
      await expect(
        ipc.invoke(IPC_CHANNELS.command, 'createLocation', [{ name: 'X', kind: 'site' }]),
      ).rejects.toThrow(/Error invoking remote method 'core:command': UntrustedSenderError/);
      await expect(ipc.invoke(IPC_CHANNELS.coreStatus)).rejects.toThrow(/was refused/);
    }
    expect(await core.db.locations.count().exec()).toBe(1);
    const refusals = log.entries.filter(
      (e) => e.message === 'Refused an IPC request from an untrusted sender',
    );
    expect(refusals).toHaveLength(6);
    expect(refusals.some((e) => e.details?.['subframe'] === true)).toBe(true);
  });

  it('refuses the window once its page is no longer the app', async () => {
    window.webContents.mainFrame.url = 'https://example.com/phish';
    await expect(api.coreStatus()).rejects.toThrow(/was refused/);
  });

  it('reports a core that failed to start as a failure of each command', async () => {
    unregister();
    const failed = startCoreHost({
      open: () => Promise.reject(new Error('disk full')),
      log,
    });
    unregister = registerIpcHandlers({
      ipcMain: electron.ipcMain,
      handlers: {
        command: createCommandHandler({ commands: () => failed.commands(), log }),
        coreStatus: () => failed.status(),
      },
      isTrusted: () => true,
      log,
    });
    await expect(bridge.whenReady()).rejects.toThrow(
      'The local database could not be opened: disk full',
    );
    await expect(bridge.commands.addComment('i-1', 'x')).rejects.toThrow(
      'The local database could not be opened: disk full',
    );
  });
});
