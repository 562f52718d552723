import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RxStorage } from 'rxdb';
import { IPC_RENDERER_KEY_PREFIX } from 'rxdb/plugins/electron';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createAppCore, type AppCore } from '../../../shared/core';
import type { Actor, Issue, Location } from '../../../shared/domain';
import { RXDB_STORAGE_CHANNEL, RXDB_STORAGE_KEY } from '../../../shared/ipc/contract';
import { getRxStorageOverChannel } from '../../../renderer/platform/rxdb-channel';
import { createDesktopApi } from '../../preload/desktop-api';
import { isAppUrl, resolveAppLocation } from '../app-location';
import {
  acrossContextBridge,
  FakeElectron,
  hop,
  recordingLogger,
  type FakeBrowserWindow,
} from '../fake-electron.test-util';
import { createTrustedSenders } from '../security/trusted-senders';
import { WindowPage } from '../window-page.test-util';
import { getRxStorageDurable } from '../storage/durable-storage';
import { exposeStorageToWindows, isStorageMessage } from './storage-for-windows';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStorage = RxStorage<any, any>;

// A supervisor: the tests set locations up through the core.
const actor: Actor = { userId: 'tina', role: 'supervisor', deviceId: 'laptop-7' };
const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/renderer/index.html',
  isPackaged: true,
});

interface StorageKind {
  name: string;
  open(directory: string): AnyStorage;
}

const STORAGES: StorageKind[] = [
  { name: 'memory', open: () => getRxStorageMemory() },
  { name: 'durable', open: (directory) => getRxStorageDurable({ directory }) },
];

let databaseCounter = 0;

it('uses the channel RxDB’s electron plugin derives from the key', () => {
  expect(RXDB_STORAGE_CHANNEL).toBe([IPC_RENDERER_KEY_PREFIX, RXDB_STORAGE_KEY].join('|'));
});

it('recognises the storage protocol’s messages', () => {
  expect(isStorageMessage(false)).toBe(true);
  expect(
    isStorageMessage({
      connectionId: 'c|1',
      requestId: 'r|1',
      method: 'query',
      version: '17',
      params: [],
    }),
  ).toBe(true);
  expect(isStorageMessage(true)).toBe(false);
  expect(isStorageMessage({ connectionId: 'c|1', method: 'query' })).toBe(false);
  expect(isStorageMessage('query')).toBe(false);
});

describe.each(STORAGES)('the $name storage served to a window over IPC', (kind) => {
  let directory: string;
  let electron: FakeElectron;
  let window: FakeBrowserWindow;
  let log: ReturnType<typeof recordingLogger>;
  let core: AppCore;
  let databaseName: string;
  let page: WindowPage | undefined;
  let stopServing: () => void;
  let line: Location;
  let openForWindows: number;

  /** Counts the storage instances open for windows. */
  function counting(storage: AnyStorage): AnyStorage {
    return {
      name: storage.name,
      rxdbVersion: storage.rxdbVersion,
      async createStorageInstance(params) {
        const instance = await storage.createStorageInstance(params);
        openForWindows += 1;
        const close = instance.close.bind(instance);
        instance.close = async () => {
          openForWindows -= 1;
          await close();
        };
        return instance;
      },
    };
  }

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'autoescalate-window-storage-'));
    databaseName = `windowstorage${process.pid}x${++databaseCounter}`;
    electron = new FakeElectron({ userData: directory });
    log = recordingLogger();
    window = electron.createWindow({});
    await window.loadURL(location.url);
    const trusted = createTrustedSenders((url) => isAppUrl(location, url));
    trusted.add(window.webContents.id);

    const storage = kind.open(join(directory, 'database'));
    core = await createAppCore({ storage, actor, databaseName });
    openForWindows = 0;
    stopServing = exposeStorageToWindows({
      ipcMain: electron.ipcMain,
      storage: counting(storage),
      databaseName,
      isTrusted: (event) => trusted.isTrusted(event),
      log,
    });
    line = await core.commands.createLocation({ name: 'Line 3', kind: 'site' });
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
    stopServing();
    await core.close();
    electron.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  /**
   * The page's side: the preload API across contextBridge, and the page's database in a
   * realm of its own (a worker thread), as a renderer process has: the core's database and
   * a window's hold more collections together than RxDB opens in one realm.
   */
  async function openWindowDatabase(name = databaseName): Promise<WindowPage> {
    const api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer()));
    page = await WindowPage.start(api.rxdbChannel);
    await page.call('open', name);
    return page;
  }

  function issueDocument(overrides: Partial<Issue> = {}): Issue {
    return {
      id: 'issue-from-window',
      title: 'Guard rail loose at the palletiser',
      description: '',
      type: 'safety',
      priority: 'High',
      severity: 4,
      locationId: line.id,
      workflowId: 'default',
      status: 'new',
      reporter: actor.userId,
      reportedAt: 1_000,
      customFields: {},
      version: 1,
      updatedAt: 1_000,
      updatedBy: actor.userId,
      updatedOnDevice: actor.deviceId,
      ...overrides,
    };
  }

  it('shows the window a write made by the core, live', async () => {
    const db = await openWindowDatabase();
    const seen = db.titles;
    await db.call('watchTitles');
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual([]);

    await core.commands.createIssue({
      title: 'Conveyor jam at the infeed',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: line.id,
    });

    await expect.poll(() => seen.at(-1)).toEqual(['Conveyor jam at the infeed']);
  });

  it('lands a write made in the window in the main storage, where the core sees it live', async () => {
    const db = await openWindowDatabase();
    const coreSees = firstValueFrom(
      core.db.issues
        .find()
        .$.pipe(filter((docs) => docs.some((d) => d.id === 'issue-from-window'))),
    );

    await db.call('insertIssue', issueDocument());

    await coreSees;
    const stored = await core.db.issues.findOne('issue-from-window').exec();
    expect(stored?.title).toBe('Guard rail loose at the palletiser');
    // The core can keep working on it: the window's write is an ordinary document.
    const updated = await core.commands.updateIssue('issue-from-window', { priority: 'Critical' });
    expect(updated.priority).toBe('Critical');
    await expect
      .poll(async () => (await db.call('issue', 'issue-from-window'))?.priority)
      .toBe('Critical');
  });

  it('validates the window’s writes against the app’s schemas in the main process', async () => {
    const db = await openWindowDatabase();
    await expect(
      db.call('insertIssue', issueDocument({ title: 'x'.repeat(101) })),
    ).rejects.toThrow();
    expect(await core.db.issues.findOne('issue-from-window').exec()).toBeNull();
  });

  it('opens no other database than the app’s for a window', async () => {
    await expect(openWindowDatabase(`${databaseName}other`)).rejects.toThrow(/only the database/);
  });

  it('opens a collection for a window only with the app’s own schema', async () => {
    const api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer()));
    const storage = getRxStorageOverChannel(api.rxdbChannel);
    const params = {
      databaseName,
      databaseInstanceToken: 'window-token',
      options: {},
      multiInstance: false,
      devMode: false,
    };
    const relaxed = structuredClone(core.db.comments.schema.jsonSchema);
    relaxed.properties.body = { type: 'string', maxLength: 1_000_000 };
    await expect(
      storage.createStorageInstance({ ...params, collectionName: 'comments', schema: relaxed }),
    ).rejects.toThrow(/only with the app's schema/);
    const instance = await storage.createStorageInstance({
      ...params,
      collectionName: 'issues',
      schema: core.db.issues.schema.jsonSchema,
    });
    expect(instance.collectionName).toBe('issues');
    await instance.close();
  });

  it('refuses to let a window remove the database', async () => {
    const db = await openWindowDatabase();
    await expect(db.call('removeIssueStorage')).rejects.toThrow(/may not remove the database/);
    // Closing asks to close the instance the page tried to remove; however that ends, the
    // data stays.
    await db.call('close').catch(() => undefined);
    expect(await core.db.locations.count().exec()).toBe(1);
  });

  it('closes a window’s storage instances when the window is gone', async () => {
    const api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer()));
    page = await WindowPage.start(api.rxdbChannel);
    const collections = await page.call('open', databaseName);
    expect(collections).toContain('people');
    await page.call('issue', 'none');
    // One instance per collection plus RxDB's internal store.
    expect(openForWindows).toBe(collections.length + 1);
    window.close();
    // The page's process is gone with its window.
    await page.end();
    await expect.poll(() => openForWindows).toBe(0);
    // The core keeps its own instances.
    expect(await core.db.locations.count().exec()).toBe(1);
  });

  it('drops storage messages from senders it does not trust', async () => {
    const stranger = electron.createForeignContents('https://example.com/');
    const strangerApi = createDesktopApi(stranger.ipcRenderer());
    const answers: unknown[] = [];
    strangerApi.rxdbChannel.on((message) => answers.push(message));
    const subframeApi = createDesktopApi(window.webContents.ipcRenderer(location.url));
    subframeApi.rxdbChannel.on((message) => answers.push(message));

    const strangerStorage = getRxStorageOverChannel(strangerApi.rxdbChannel);
    const creating = strangerStorage.createStorageInstance({
      databaseName,
      databaseInstanceToken: 'stranger-token',
      collectionName: 'issues',
      schema: core.db.issues.schema.jsonSchema,
      options: {},
      multiInstance: false,
      devMode: false,
    });
    strangerApi.rxdbChannel.postMessage(false);
    subframeApi.rxdbChannel.postMessage(false);
    for (let i = 0; i < 5; i += 1) await hop();

    expect(answers).toEqual([]);
    expect(log.messages('warn')).toContain('Dropped a storage message from an untrusted sender');
    const untrusted = log.entries.filter((e) => e.message.includes('untrusted sender'));
    expect(untrusted.some((e) => e.details?.['subframe'] === true)).toBe(true);
    expect(untrusted.some((e) => e.details?.['frameUrl'] === 'https://example.com/')).toBe(true);
    void creating.catch(() => undefined);
  });

  it('drops malformed storage messages from its own window', async () => {
    const ipc = window.webContents.ipcRenderer();
    ipc.postMessage(RXDB_STORAGE_CHANNEL, { method: 'remove' });
    ipc.postMessage(RXDB_STORAGE_CHANNEL, 'remove');
    for (let i = 0; i < 3; i += 1) await hop();
    expect(
      log.messages('warn').filter((m) => m === 'Dropped a malformed storage message'),
    ).toHaveLength(2);
  });
});
