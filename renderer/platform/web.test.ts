import * as fakeIndexedDb from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/validation/errors';
import { fakeSyncServer, SIGN_IN } from './fake-sync-server.test-util';
import { lazilyValidatedStorage } from './lazy-validation';
import { createLocalIdentity, type KeyValueStore } from './local-identity';
import { createWebBridge, type WebBridge } from './web';
import { startWebCore } from './web-core';
import { browserSessionKeeper, SYNC_SESSION_KEY } from './web-sync';

const dexieSettings = fakeIndexedDb as unknown as NonNullable<
  Parameters<typeof getRxStorageDexie>[0]
>;

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);
const bridges: WebBridge[] = [];

let coresStarted = 0;

function webBridge(
  store = memoryStore(),
  databaseName = `web${RUN}x${++counter}`,
  server = fakeSyncServer(),
) {
  const bridge = createWebBridge({
    identity: createLocalIdentity(store, () => 'browser-1'),
    storage: lazilyValidatedStorage(getRxStorageDexie(dexieSettings)),
    startCore: (options) => {
      coresStarted += 1;
      return startWebCore(options);
    },
    databaseName,
    sync: { keeper: browserSessionKeeper(store), fetch: server.fetch, online$: of(false) },
  });
  bridges.push(bridge);
  return bridge;
}

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.close();
});

describe('the web bridge', () => {
  it('starts the core only once the person has named themselves', async () => {
    const before = coresStarted;
    const bridge = webBridge();
    const events: string[] = [];
    bridge.on('core:ready', (info) => events.push(`${info.actor.userId}/${info.actor.role}`));
    const ready = bridge.whenReady();
    expect(coresStarted).toBe(before);

    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    expect(coresStarted).toBe(before + 1);
    const info = await ready;
    expect(info.actor).toEqual({ userId: 'Tina', role: 'supervisor', deviceId: 'browser-1' });
    expect(events).toEqual(['Tina/supervisor']);
  });

  it('runs the commands in the page and hands the UI the core’s own database', async () => {
    const bridge = webBridge();
    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    const db = await bridge.openDatabase();
    expect(await bridge.openDatabase()).toBe(db);
    const site = await bridge.commands.createLocation({ name: 'Plant A', kind: 'site' });
    const issue = await bridge.commands.createIssue({
      title: 'Hydraulic leak under press 2',
      type: 'safety',
      priority: 'Critical',
      severity: 5,
      locationId: site.id,
    });
    const stored = await db.issues.findOne(issue.id).exec();
    expect(stored?.reporter).toBe('Tina');
    expect(stored?.updatedOnDevice).toBe('browser-1');
    expect(await db.workflows.count().exec()).toBe(1);
  });

  it('passes the core’s refusals on as DomainErrors', async () => {
    const bridge = webBridge();
    bridge.localIdentity.save({ userId: 'Tina', role: 'technician' });
    const refusal = await bridge.commands
      .createIssue({ title: '', type: 'safety', priority: 'High', severity: 3, locationId: 'x' })
      .catch((error: unknown) => error);
    expect(isDomainError(refusal, 'validation-failed')).toBe(true);
  });

  it('checks every write against the schemas without code generation', async () => {
    const bridge = webBridge();
    bridge.localIdentity.save({ userId: 'Tina', role: 'technician' });
    const db = await bridge.openDatabase();
    await expect(
      db.locations.insert({ id: 'l1', name: '', kind: 'site', updatedAt: -1 }),
    ).rejects.toThrow();
  });

  it('keeps the data for the next visit of the page', async () => {
    const store = memoryStore();
    const name = `web${RUN}x${++counter}`;
    const first = webBridge(store, name);
    first.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    await first.commands.createLocation({ name: 'Plant B', kind: 'site' });
    await first.close();

    const next = webBridge(store, name);
    expect(next.localIdentity.current()).toEqual({ userId: 'Tina', role: 'supervisor' });
    const db = await next.openDatabase();
    expect((await db.locations.find().exec()).map((l) => l.name)).toEqual(['Plant B']);
  });

  it('reports a core that cannot start to every waiting caller', async () => {
    const bridge = createWebBridge({
      identity: createLocalIdentity(memoryStore(), () => 'd'),
      storage: getRxStorageDexie(dexieSettings),
      startCore: () => Promise.reject(new Error('quota exceeded')),
    });
    const failures: string[] = [];
    bridge.on('core:failed', (failure) => failures.push(failure.message));
    bridge.localIdentity.save({ userId: 'Tina', role: 'technician' });
    await expect(bridge.whenReady()).rejects.toThrow(/could not be opened: quota exceeded/);
    await expect(bridge.openDatabase()).rejects.toThrow(/quota exceeded/);
    await expect(bridge.commands.addComment('i', 'x')).rejects.toThrow(/quota exceeded/);
    expect(failures).toEqual(['The local database could not be opened: quota exceeded']);
  });

  it('signs in to the team server from the page: the user acts, the session is kept', async () => {
    const store = memoryStore();
    const server = fakeSyncServer();
    const name = `web${RUN}x${++counter}`;
    const bridge = webBridge(store, name, server);
    const sync = bridge.sync!;
    const statuses: string[] = [];
    sync.onStatus((status) => statuses.push(status.state));
    expect(await sync.status()).toMatchObject({ state: 'stopped' });
    expect((await sync.session()).session).toBeNull();
    const actors: string[] = [];
    bridge.on('core:actor', (actor) => actors.push(`${actor.userId}/${actor.role}`));
    bridge.localIdentity.save({ userId: 'Tina', role: 'supervisor' });
    await bridge.whenReady();

    const refused = await sync.signIn({ ...SIGN_IN, password: 'wrong' });
    expect(refused).toMatchObject({ outcome: 'refused', failure: { reason: 'wrong-credentials' } });
    const reply = await sync.signIn(SIGN_IN);
    expect(reply).toMatchObject({
      outcome: 'signed-in',
      session: { serverUrl: 'https://sync.plant-a.example', user: { name: 'omar' } },
    });
    expect(actors).toEqual(['u-7/technician']);
    // The browser said offline: the status says so, and nothing was asked of the server.
    expect(await sync.status()).toMatchObject({ state: 'offline', user: { name: 'omar' } });
    expect(statuses).toContain('offline');
    expect(server.requests.every((url) => url.includes('/auth/'))).toBe(true);
    const refusal = await bridge.commands
      .createLocation({ name: 'Plant B', kind: 'site' })
      .catch((error: unknown) => error);
    expect(isDomainError(refusal, 'forbidden')).toBe(true);
    await bridge.close();

    // The next visit of the page resumes the session, as the same user.
    const next = webBridge(store, name, server);
    const info = await next.whenReady();
    expect(info.actor).toMatchObject({ userId: 'u-7', account: { name: 'omar' } });
    expect((await next.sync!.session()).session).toMatchObject({ user: { id: 'u-7' } });

    await next.sync!.signOut();
    expect(server.requests.at(-1)).toBe('https://sync.plant-a.example/auth/sign-out');
    expect(await next.sync!.status()).toMatchObject({ state: 'stopped' });
    expect(await next.sync!.session()).toMatchObject({
      session: null,
      lastServerUrl: 'https://sync.plant-a.example',
      lastUserName: 'omar',
      lastDeviceName: 'Shift office PC',
    });
    expect(store.getItem(SYNC_SESSION_KEY)).not.toContain(server.token);
    expect((await next.whenReady()).actor).toMatchObject({ userId: 'Tina', role: 'supervisor' });
  });
});
