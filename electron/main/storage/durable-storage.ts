/**
 * The main process's RxStorage: RxDB's memory storage answers every read, and every write is
 * committed to SQLite (WAL) in one transaction before it resolves. On open, a collection is
 * read from SQLite once and kept in memory for as long as its database is open; every
 * storage instance of that collection (the core's, and each window's through IPC) shares that
 * one memory state and its change stream.
 *
 * Plain Node: no electron import, so it also runs in tests, benchmarks and a headless CLI.
 */
import type { RxDocumentData, RxStorage, RxStorageInstanceCreationParams } from 'rxdb';
import {
  deepEqual,
  ensureRxStorageInstanceParamsAreCorrect,
  getPrimaryFieldOfPrimaryKey,
  RXDB_VERSION,
} from 'rxdb';
import { getMemoryCollectionKey, type MemoryStorageInternals } from 'rxdb/plugins/storage-memory';
import { DirectoryLock } from './directory-lock';
import {
  asError,
  DurableStorageInstance,
  type DurableStorageInstanceCreationOptions,
  type InstanceHost,
  type OpenDatabase,
} from './durable-storage-instance';
import {
  createLoadedMemoryState,
  DEFAULT_LAZY_INDEXES_FROM,
  stopBackgroundBuild,
} from './memory-state';
import { databaseFilePath, SqliteDatabase, type Durability } from './sqlite-database';

export { DirectoryInUseError } from './directory-lock';
export {
  DurableStorageInstance,
  DurableStorageWriteError,
  type DurableStorageInstanceCreationOptions,
} from './durable-storage-instance';
export { databaseFilePath, type Durability } from './sqlite-database';

export const DURABLE_STORAGE_NAME = 'durable-sqlite';

export interface DurableStorageSettings {
  /** Where the SQLite files live: one per database name. Created when missing. */
  directory: string;
  /** Defaults to 'process'. See {@link Durability}. */
  durability?: Durability;
  /**
   * Collections loaded with at least this many documents build their indexes lazily (each on
   * first use, the rest in the background), so that opening them stays fast. Default 10,000.
   */
  lazyIndexesFrom?: number;
}

/** The memory storage's internals are generic per collection, hence `any` as RxDB does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMemoryStorageInternals = MemoryStorageInternals<any>;

export type RxStorageDurable = RxStorage<
  AnyMemoryStorageInternals,
  DurableStorageInstanceCreationOptions
> & {
  readonly directory: string;
  readonly durability: Durability;
  /**
   * The memory states of the open collections, private to this storage object (the memory
   * storage's own map is shared by the whole process).
   */
  readonly collectionStates: Map<string, AnyMemoryStorageInternals>;
};

export class AttachmentsNotSupportedError extends Error {
  constructor(collectionName: string) {
    super(
      `The durable storage does not store attachments, but the schema of collection ` +
        `"${collectionName}" declares them. Remove "attachments" from the schema.`,
    );
    this.name = 'AttachmentsNotSupportedError';
  }
}

class DurableStorage implements RxStorageDurable, InstanceHost {
  readonly name = DURABLE_STORAGE_NAME;
  readonly rxdbVersion = RXDB_VERSION;
  readonly collectionStates = new Map<string, AnyMemoryStorageInternals>();
  readonly durability: Durability;
  private readonly databases = new Map<string, OpenDatabase>();
  private lock: DirectoryLock | undefined;

  constructor(
    readonly directory: string,
    durability: Durability,
    private readonly lazyIndexesFrom: number,
  ) {
    this.durability = durability;
  }

  createStorageInstance<RxDocType>(
    params: RxStorageInstanceCreationParams<RxDocType, DurableStorageInstanceCreationOptions>,
  ): Promise<DurableStorageInstance<RxDocType>> {
    try {
      return Promise.resolve(this.createInstance(params));
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  /** Synchronous from start to end, so two concurrent opens cannot both load a collection. */
  private createInstance<RxDocType>(
    params: RxStorageInstanceCreationParams<RxDocType, DurableStorageInstanceCreationOptions>,
  ): DurableStorageInstance<RxDocType> {
    ensureRxStorageInstanceParamsAreCorrect(params);
    if (params.schema.attachments) {
      throw new AttachmentsNotSupportedError(params.collectionName);
    }
    const database = this.openDatabase(params.databaseName);
    try {
      const table = database.sqlite.table(params.collectionName, params.schema.version);
      const key = getMemoryCollectionKey(
        params.databaseName,
        params.collectionName,
        params.schema.version,
      );
      let state = this.collectionStates.get(key) as MemoryStorageInternals<RxDocType> | undefined;
      if (!state) {
        const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
        const documents = table.readAll<RxDocumentData<RxDocType>>(
          (document) => (document as Record<string, unknown>)[primaryPath] as string,
        );
        state = createLoadedMemoryState(params.schema, documents, this.lazyIndexesFrom);
        this.collectionStates.set(key, state);
        database.collectionKeys.add(key);
      } else {
        if (params.devMode && !deepEqual(state.schema, params.schema)) {
          throw new Error(
            `${params.databaseName}/${params.collectionName} is already open with a different schema`,
          );
        }
        state.refCount += 1;
      }
      database.instances += 1;
      return new DurableStorageInstance(
        this,
        params.databaseName,
        params.collectionName,
        params.schema,
        state,
        params.options,
        params.devMode,
        this,
        database,
        table,
      );
    } catch (error) {
      if (database.instances === 0) {
        this.closeDatabase(database);
      }
      throw error;
    }
  }

  private openDatabase(name: string): OpenDatabase {
    const open = this.databases.get(name);
    if (open) {
      return open;
    }
    this.lock ??= DirectoryLock.acquire(this.directory);
    let sqlite: SqliteDatabase;
    try {
      sqlite = new SqliteDatabase(databaseFilePath(this.directory, name), this.durability);
    } catch (error) {
      this.releaseLockIfIdle();
      throw error;
    }
    const database: OpenDatabase = {
      name,
      sqlite,
      instances: 0,
      collectionKeys: new Set(),
      failure: undefined,
    };
    this.databases.set(name, database);
    return database;
  }

  releaseInstance(database: OpenDatabase): void {
    database.instances -= 1;
    if (database.instances === 0) {
      this.closeDatabase(database);
    }
  }

  /** Closes the SQLite file and forgets its memory states; the next open reads the file. */
  private closeDatabase(database: OpenDatabase): void {
    for (const key of database.collectionKeys) {
      const state = this.collectionStates.get(key);
      if (state) {
        stopBackgroundBuild(state);
        this.collectionStates.delete(key);
      }
    }
    this.databases.delete(database.name);
    try {
      database.sqlite.close();
    } finally {
      this.releaseLockIfIdle();
    }
  }

  private releaseLockIfIdle(): void {
    if (this.databases.size === 0 && this.lock) {
      this.lock.release();
      this.lock = undefined;
    }
  }
}

/**
 * Creates a durable storage on `directory`. The directory is locked while any database of
 * this storage is open: a second storage (in this or another process) opening the same
 * directory meanwhile fails with {@link DirectoryInUseError}.
 */
export function getRxStorageDurable(settings: DurableStorageSettings): RxStorageDurable {
  return new DurableStorage(
    settings.directory,
    settings.durability ?? 'process',
    settings.lazyIndexesFrom ?? DEFAULT_LAZY_INDEXES_FROM,
  );
}
