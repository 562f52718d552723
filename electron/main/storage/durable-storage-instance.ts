/**
 * A storage instance of the durable storage: RxDB's memory storage instance, with every
 * change committed to SQLite before it becomes visible.
 *
 * A write is categorized against the shared memory state (conflicts found exactly as the
 * memory storage finds them), committed to SQLite in one transaction, and only then applied
 * to the memory state and emitted on the shared change stream. All of this runs in one
 * synchronous call: better-sqlite3 is synchronous, so no other write can interleave, and a
 * write that failed to commit was never seen by anyone.
 */
import type {
  BulkWriteRow,
  CategorizeBulkWriteRowsOutput,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorageBulkWriteResponse,
  RxStorageCountResult,
  RxStorageQueryResult,
  StringKeys,
} from 'rxdb';
import {
  categorizeBulkWriteRows,
  ensureNotFalsy,
  getStartIndexStringFromLowerBound,
  now,
  requestIdlePromiseNoQueue,
} from 'rxdb';
import {
  boundGTByIndexString,
  ensureNotRemoved,
  getMemoryIndexName,
  removeDocFromState,
  RxStorageInstanceMemory,
  type MemoryStorageInternals,
  type RxStorageMemory,
} from 'rxdb/plugins/storage-memory';
import { isIndexBuilt, stopBackgroundBuild, withBuiltIndexesOnly } from './memory-state';
import { scanCount, scanQuery } from './query-scan';
import type { CollectionTable, SqliteDatabase, StoredDocument } from './sqlite-database';

/** The write could not be made durable, or the database no longer accepts writes. */
export class DurableStorageWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DurableStorageWriteError';
  }
}

/** One open SQLite file and the bookkeeping the storage keeps for it. */
export interface OpenDatabase {
  readonly name: string;
  readonly sqlite: SqliteDatabase;
  /** Open storage instances of this database. */
  instances: number;
  /** Memory states loaded from this file (keys of the storage's collectionStates). */
  readonly collectionKeys: Set<string>;
  /** Set by the first failed commit: the database refuses writes from then on. */
  failure: Error | undefined;
}

/** What the storage does when an instance is closed. */
export interface InstanceHost {
  releaseInstance(database: OpenDatabase): void;
}

export type DurableStorageInstanceCreationOptions = Record<string, never>;

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function toStored<T>(document: RxDocumentData<T>, primaryPath: string): StoredDocument {
  return {
    id: (document as Record<string, unknown>)[primaryPath] as string,
    deleted: document._deleted,
    lwt: document._meta.lwt,
    json: JSON.stringify(document),
  };
}

export class DurableStorageInstance<RxDocType> extends RxStorageInstanceMemory<RxDocType> {
  constructor(
    storage: RxStorageMemory,
    databaseName: string,
    collectionName: string,
    schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>,
    internals: MemoryStorageInternals<RxDocType>,
    options: Readonly<DurableStorageInstanceCreationOptions>,
    devMode: boolean,
    private readonly host: InstanceHost,
    private readonly database: OpenDatabase,
    private readonly table: CollectionTable,
  ) {
    super(storage, databaseName, collectionName, schema, internals, options, {}, devMode);
  }

  private ensureWritable(): void {
    if (this.closed) {
      throw new DurableStorageWriteError(
        `Cannot write to ${this.databaseName}/${this.collectionName}: the storage instance is closed.`,
      );
    }
    ensureNotRemoved(this);
    const failure = this.database.failure;
    if (failure) {
      throw new DurableStorageWriteError(
        `The durable storage of database "${this.databaseName}" refuses writes since a commit ` +
          `to ${this.database.sqlite.path} failed (${failure.message}). What is on disk may ` +
          'differ from what is in memory: close the database and open it again.',
        { cause: failure },
      );
    }
  }

  /** Runs `commit` (one SQLite commit); on failure the whole database stops accepting writes. */
  private commit(commit: (sqlite: SqliteDatabase) => void, what: string): void {
    try {
      commit(this.database.sqlite);
    } catch (error) {
      const failure = asError(error);
      this.database.failure = failure;
      throw new DurableStorageWriteError(
        `Could not ${what} in ${this.databaseName}/${this.collectionName}: the SQLite commit ` +
          `failed (${failure.message}). Nothing of this write was applied, and the database ` +
          'refuses further writes until it is closed and opened again.',
        { cause: failure },
      );
    }
  }

  override bulkWrite(
    documentWrites: BulkWriteRow<RxDocType>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    let categorized: CategorizeBulkWriteRowsOutput<RxDocType>;
    try {
      this.ensureWritable();
      this.ensurePersistence();
      const primaryPath = this.primaryPath as string;
      categorized = categorizeBulkWriteRows<RxDocType>(
        this,
        this.primaryPath as StringKeys<RxDocType>,
        this.internals.documents,
        documentWrites,
        context,
      );
      const inserts = categorized.bulkInsertDocs;
      const updates = categorized.bulkUpdateDocs;
      if (inserts.length + updates.length > 0) {
        const stored = new Array<StoredDocument>(inserts.length + updates.length);
        for (let i = 0; i < inserts.length; i++) {
          stored[i] = toStored(inserts[i]!.document, primaryPath);
        }
        for (let i = 0; i < updates.length; i++) {
          stored[inserts.length + i] = toStored(updates[i]!.document, primaryPath);
        }
        const table = this.table;
        this.commit((sqlite) => sqlite.write(table, stored), 'write documents');
      }
    } catch (error) {
      return Promise.reject(asError(error));
    }

    // From here on exactly what the memory storage does with a categorized write.
    this.categorizedByWriteInput.set(documentWrites, categorized);
    const internals = this.internals;
    internals.ensurePersistenceTask = categorized;
    if (!internals.ensurePersistenceIdlePromise) {
      internals.ensurePersistenceIdlePromise = requestIdlePromiseNoQueue().then(() => {
        internals.ensurePersistenceIdlePromise = undefined;
        this.ensurePersistence();
      });
    }
    if (categorized.eventBulk.events.length > 0) {
      const lastState = ensureNotFalsy(categorized.newestRow).document;
      categorized.eventBulk.checkpoint = {
        id: (lastState as Record<string, unknown>)[this.primaryPath as string],
        lwt: lastState._meta.lwt,
      };
      internals.changes$.next(categorized.eventBulk);
    }
    return Promise.resolve({ error: categorized.errors });
  }

  /**
   * Queries as the memory storage does, except while the index the query's plan uses is still
   * to be built (a large collection just opened, see `memory-state.ts`): then a query that
   * wants or matches few documents is answered by a scan (`query-scan.ts`), and the index is
   * left to the background build; any other query builds it.
   */
  override query(
    preparedQuery: PreparedQuery<RxDocType>,
  ): Promise<RxStorageQueryResult<RxDocType>> {
    this.ensurePersistence();
    const documents = this.indexBuilt(preparedQuery)
      ? undefined
      : scanQuery(this.schema, preparedQuery.query, this.internals.documents.values());
    return documents ? Promise.resolve({ documents }) : super.query(preparedQuery);
  }

  /** Counts as the memory storage does; by a scan while the query's index is to be built. */
  override count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensurePersistence();
    if (this.indexBuilt(preparedQuery)) {
      return super.count(preparedQuery);
    }
    const count = scanCount(this.schema, preparedQuery.query, this.internals.documents.values());
    return Promise.resolve({ count, mode: 'fast' });
  }

  private indexBuilt(preparedQuery: PreparedQuery<RxDocType>): boolean {
    return isIndexBuilt(this.internals, getMemoryIndexName(preparedQuery.queryPlan.index));
  }

  override ensurePersistence(): void {
    if (this.internals.ensurePersistenceTask) {
      withBuiltIndexesOnly(this.internals, () => super.ensurePersistence());
    }
  }

  /** Purges deleted documents older than `minimumDeletedTime` ms, on disk and in memory. */
  override cleanup(minimumDeletedTime: number): Promise<boolean> {
    try {
      this.ensureWritable();
      this.ensurePersistence();
      const maxDeletionTime = now() - minimumDeletedTime;
      const primaryPath = this.primaryPath as string;
      const index = ['_deleted', '_meta.lwt', primaryPath];
      const byIndex = ensureNotFalsy(this.internals.byIndex[getMemoryIndexName(index)]);
      const docsWithIndex = byIndex.docsWithIndex;
      const lowerBound = getStartIndexStringFromLowerBound(this.schema, index, [true, 0, '']);
      const purge: RxDocumentData<RxDocType>[] = [];
      for (let i = boundGTByIndexString(docsWithIndex, lowerBound); ; i++) {
        const entry = docsWithIndex[i];
        if (!entry || entry[1]._meta.lwt > maxDeletionTime) {
          break;
        }
        purge.push(entry[1]);
      }
      if (purge.length > 0) {
        const table = this.table;
        this.commit(
          (sqlite) =>
            sqlite.transaction(() => {
              for (const document of purge) {
                table.delete((document as Record<string, unknown>)[primaryPath] as string);
              }
            }),
          'purge deleted documents',
        );
        withBuiltIndexesOnly(this.internals, () => {
          for (const document of purge) {
            removeDocFromState(this.primaryPath, this.schema, this.internals, document);
          }
        });
      }
      return Promise.resolve(true);
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  /** Deletes the collection at this schema version: its table is dropped. */
  override async remove(): Promise<void> {
    if (this.closed) {
      throw new Error(`${this.databaseName}/${this.collectionName} is closed`);
    }
    ensureNotRemoved(this);
    this.database.sqlite.dropTable(this.table);
    stopBackgroundBuild(this.internals);
    await super.remove();
  }

  override async close(): Promise<void> {
    const wasClosed = this.closed;
    await super.close();
    if (!wasClosed) {
      this.host.releaseInstance(this.database);
    }
  }
}
