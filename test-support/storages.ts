/**
 * The storages the app core must work on, each with a fresh, isolated instance per call:
 * RxDB's memory storage, Dexie on fake-indexeddb (the web edition's storage), and the
 * durable SQLite storage of the desktop app's main process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDurable } from '../electron/main/storage/durable-storage';

export interface TestStorage {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  /** A database name unique to this test storage. */
  databaseName: string;
  /** A fresh storage object over the same data, as after a restart of the app. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  reopen(): RxStorage<any, any>;
  dispose(): void;
}

export interface StorageKind {
  name: string;
  create(): TestStorage;
}

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid}x${counter}`;
}

export const memoryStorageKind: StorageKind = {
  name: 'memory',
  create() {
    const storage = getRxStorageMemory();
    return {
      storage,
      databaseName: uniqueName('mem'),
      reopen: () => storage,
      dispose: () => undefined,
    };
  },
};

/** fake-indexeddb is typed with DOM types, which Node code here does not load. */
export const fakeIndexedDbSettings = fakeIndexedDb as unknown as NonNullable<
  Parameters<typeof getRxStorageDexie>[0]
>;

export const dexieStorageKind: StorageKind = {
  name: 'dexie (fake-indexeddb)',
  create() {
    const make = () => getRxStorageDexie(fakeIndexedDbSettings);
    return {
      storage: make(),
      databaseName: uniqueName('dex'),
      reopen: make,
      dispose: () => undefined,
    };
  },
};

export function temporaryDirectory(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `autoescalate-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const durableStorageKind: StorageKind = {
  name: 'durable (SQLite)',
  create() {
    const directory = temporaryDirectory('durable');
    const make = () => getRxStorageDurable({ directory: directory.path });
    return {
      storage: make(),
      databaseName: uniqueName('dur'),
      reopen: make,
      dispose: () => directory.remove(),
    };
  },
};

export const STORAGE_KINDS: StorageKind[] = [
  memoryStorageKind,
  dexieStorageKind,
  durableStorageKind,
];
