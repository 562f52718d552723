/**
 * Sync in the desktop app, end to end on the fake Electron: the main process's services
 * with the real core, the real sync server (PGlite) on loopback, and a window reaching them
 * through the preload API as the page does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../../sync-server/auth/users';
import { pgliteBackend } from '../../../sync-server/store/test-backends.test-util';
import type { FetchLike } from '../../../shared/core/sync/platform';
import { whoAmI } from '../../../shared/core/sync/sign-in';
import type { SyncRequestError } from '../../../shared/core/sync/sync-http';
import {
  serverDocuments,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../../shared/core/sync/sync.test-util';
import { IPC_CHANNELS, SYNC_STATUS_EVENT, type DesktopSyncApi } from '../../../shared/ipc/contract';
import { createDesktopApi } from '../../preload/desktop-api';
import { resolveAppLocation } from '../app-location';
import { startAppServices, type AppServices } from '../app-services';
import { DEFAULT_ROLE } from '../local-actor';
import {
  acrossContextBridge,
  FakeElectron,
  recordingLogger,
  type FakeBrowserWindow,
} from '../fake-electron.test-util';
import { SYNC_SESSION_FILE } from './session-store';

const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/renderer/index.html',
  isPackaged: true,
});
const fetch = globalThis.fetch as unknown as FetchLike;
let counter = 0;

interface Started {
  electron: FakeElectron;
  services: AppServices;
  window: FakeBrowserWindow;
  api: DesktopSyncApi;
  log: ReturnType<typeof recordingLogger>;
}

const running: Started[] = [];

async function start(electron = new FakeElectron()): Promise<Started> {
  const log = recordingLogger();
  const services = startAppServices({
    electron,
    location,
    userDataDir: electron.userData,
    userName: 'tina',
    openStorage: () => getRxStorageMemory(),
    log,
    databaseName: `desktopsync${process.pid}x${++counter}`,
  });
  const window = electron.createWindow({});
  await window.loadURL(location.url);
  services.addWindow(window);
  const api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer())).sync!;
  const started = { electron, services, window, api, log };
  running.push(started);
  await services.core.commands();
  return started;
}

async function stop(started: Started): Promise<void> {
  const index = running.indexOf(started);
  if (index >= 0) running.splice(index, 1);
  await started.services.close();
}

function keptFile(electron: FakeElectron): Record<string, unknown> {
  return JSON.parse(readFileSync(join(electron.userData, SYNC_SESSION_FILE), 'utf8')) as Record<
    string,
    unknown
  >;
}

function keptToken(electron: FakeElectron): string {
  const session = keptFile(electron).session as { encryptedToken: string };
  return electron.safeStorage.decryptString(Buffer.from(session.encryptedToken, 'base64'));
}

describe('sync in the desktop app', () => {
  let server: TestServer;
  let userName: string;
  const electrons: FakeElectron[] = [];

  function electron(options: ConstructorParameters<typeof FakeElectron>[0] = {}): FakeElectron {
    const made = new FakeElectron(options);
    electrons.push(made);
    return made;
  }

  beforeAll(async () => {
    server = await startTestServer(pgliteBackend);
    userName = 'tina';
    await createUser(server.backend.db, {
      name: userName,
      password: TEST_PASSWORD,
      role: 'admin',
      sites: [],
    });
  }, 60_000);
  afterEach(async () => {
    for (const started of running.splice(0)) await started.services.close();
    for (const made of electrons.splice(0)) made.dispose();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server?.close();
  });

  function form(overrides: Partial<Record<string, string>> = {}) {
    return {
      serverUrl: server.url,
      userName,
      password: TEST_PASSWORD,
      deviceName: 'Line 3 tablet',
      ...overrides,
    };
  }

  it('signs in from the window, keeps the token only encrypted, and replicates', async () => {
    const app = await start(electron());
    expect((await app.api.session()).session).toBeNull();
    expect((await app.api.status()).state).toBe('stopped');

    const reply = await app.api.signIn(form({ serverUrl: ` ${server.url}/ ` }));
    expect(reply).toMatchObject({
      outcome: 'signed-in',
      session: { serverUrl: server.url, deviceName: 'Line 3 tablet', tokenKept: true },
    });
    const file = readFileSync(join(app.electron.userData, SYNC_SESSION_FILE), 'utf8');
    const token = keptToken(app.electron);
    expect(file).not.toContain(token);
    const http = { serverUrl: server.url, token, fetch, now: Date.now };
    await expect(whoAmI(http)).resolves.toMatchObject({ user: { name: userName } });

    const commands = await app.services.core.commands();
    const plant = await commands.createLocation({ name: 'Plant A', kind: 'site' });
    await vi.waitFor(
      async () => {
        const stored = await serverDocuments(server, token, 'locations');
        expect(stored.map((doc) => doc.id)).toContain(plant.id);
      },
      { timeout: 10_000 },
    );
    await vi.waitFor(() => {
      const pushed = app.window.webContents.sent.filter((s) => s.channel === SYNC_STATUS_EVENT);
      expect(pushed.at(-1)?.args[0]).toMatchObject({ state: 'online', pendingChanges: 0 });
    });
    expect(await app.api.status()).toMatchObject({ state: 'online', user: { name: userName } });
    expect((await app.api.session()).session).toMatchObject({ user: { name: userName } });

    // The window is told who acts now; a window opened later learns it from the status.
    const actors = app.window.webContents.sent.filter((s) => s.channel === 'core:actor');
    expect(actors.map((s) => s.args[0])).toEqual([
      {
        userId: reply.outcome === 'signed-in' ? reply.session.user.id : '',
        role: 'admin',
        deviceId: expect.any(String) as unknown,
        account: { name: userName, sites: [], allSites: true },
      },
    ]);
    expect(app.services.core.status()).toMatchObject({
      state: 'ready',
      info: { actor: { role: 'admin', account: { name: userName } } },
    });
  });

  it('resumes with the kept token after a restart, without signing in again', async () => {
    const first = electron();
    const app = await start(first);
    await app.api.signIn(form());
    await stop(app);

    const again = await start(electron({ userData: first.userData }));
    // Windows learn the signed-in user as the actor from the start.
    expect(again.services.core.status()).toMatchObject({
      state: 'ready',
      info: { actor: { account: { name: userName } } },
    });
    await vi.waitFor(async () => expect((await again.api.status()).state).toBe('online'), {
      timeout: 10_000,
    });
    expect((await again.api.session()).session).toMatchObject({ tokenKept: true });
  });

  it('keeps the token in memory only where no keychain is available', async () => {
    const first = electron();
    first.safeStorage.available = false;
    const app = await start(first);
    const reply = await app.api.signIn(form());
    expect(reply).toMatchObject({ outcome: 'signed-in', session: { tokenKept: false } });
    expect(keptFile(first).session).not.toHaveProperty('encryptedToken');
    await vi.waitFor(async () => expect((await app.api.status()).state).toBe('online'), {
      timeout: 10_000,
    });
    await stop(app);

    const later = electron({ userData: first.userData });
    later.safeStorage.available = false;
    const restarted = await start(later);
    const view = await restarted.api.session();
    expect(view).toMatchObject({
      session: null,
      lastServerUrl: server.url,
      lastUserName: userName,
      lastDeviceName: 'Line 3 tablet',
    });
    expect((await restarted.api.status()).state).toBe('stopped');
  });

  it('refuses wrong credentials, malformed requests and strangers', async () => {
    const app = await start(electron());
    const wrong = await app.api.signIn(form({ password: 'not the password' }));
    expect(wrong).toMatchObject({ outcome: 'refused', failure: { reason: 'wrong-credentials' } });
    const empty = await app.api.signIn(form({ userName: '' }));
    expect(empty).toMatchObject({
      outcome: 'refused',
      failure: { reason: 'invalid-input', problems: [{ field: 'userName' }] },
    });
    const raw = app.window.webContents.ipcRenderer();
    await expect(
      raw.invoke(IPC_CHANNELS.syncSignIn, { ...form(), extra: 'field' }),
    ).resolves.toMatchObject({ outcome: 'refused', failure: { reason: 'invalid-input' } });
    await expect(raw.invoke(IPC_CHANNELS.syncSignIn, 'tina')).resolves.toMatchObject({
      outcome: 'refused',
    });
    expect((await app.api.session()).session).toBeNull();

    const stranger = app.electron.createForeignContents('https://example.com/').ipcRenderer();
    await expect(stranger.invoke(IPC_CHANNELS.syncSignIn, form())).rejects.toThrow(/refused/);
    expect(app.log.messages('warn')).toContain('Refused an IPC request from an untrusted sender');
  });

  it('signs out: stops sync, revokes the token, forgets it, keeps the names', async () => {
    const app = await start(electron());
    await app.api.signIn(form());
    const token = keptToken(app.electron);
    await app.api.signOut();

    expect((await app.api.status()).state).toBe('stopped');
    const actors = app.window.webContents.sent.filter((s) => s.channel === 'core:actor');
    // Back to the device's own user, with the role it has when not signed in to a team.
    expect(actors.at(-1)?.args[0]).toEqual({
      userId: 'tina',
      role: DEFAULT_ROLE,
      deviceId: expect.any(String) as unknown,
    });
    const refused = await whoAmI({ serverUrl: server.url, token, fetch, now: Date.now }).catch(
      (error: unknown) => error,
    );
    expect((refused as SyncRequestError).unauthorized).toBe(true);
    expect(await app.api.session()).toMatchObject({
      session: null,
      lastServerUrl: server.url,
      lastUserName: userName,
    });
    expect(readFileSync(join(app.electron.userData, SYNC_SESSION_FILE), 'utf8')).not.toContain(
      'encryptedToken',
    );
  });
});
