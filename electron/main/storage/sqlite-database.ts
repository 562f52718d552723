/**
 * The on-disk half of the durable storage: one SQLite file per RxDB database name, one table
 * per collection and schema version. A row is a document's id, its deleted flag, its last
 * write time and its JSON text; nothing else is needed because queries are answered from
 * memory and the file is only read in full, once, when a collection is first opened.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * 'process': nothing acknowledged is lost when the process dies (WAL, synchronous=NORMAL:
 * a commit reaches the operating system before the write resolves).
 * 'power': nothing acknowledged is lost when the machine loses power (synchronous=FULL: the
 * WAL is fsynced on every commit).
 */
export type Durability = 'process' | 'power';

/** The row shape written for one document. */
export interface StoredDocument {
  id: string;
  deleted: boolean;
  lwt: number;
  json: string;
}

/** The row format of this file (PRAGMA user_version); raised when the format changes. */
export const FORMAT_VERSION = 1;

/** SQLite's default: a commit that leaves the WAL this many pages long checkpoints it. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$/;

/**
 * The file that holds one database. Plain names map to themselves; anything else (slashes,
 * unicode, very long names) is reduced to safe characters plus a hash of the original, so two
 * distinct names never share a file.
 */
export function databaseFileName(databaseName: string): string {
  if (SAFE_NAME.test(databaseName) && !databaseName.includes('..')) {
    return `${databaseName}.sqlite`;
  }
  const readable = databaseName.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(databaseName).digest('hex').slice(0, 16);
  return `${readable}-${hash}.sqlite`;
}

export function databaseFilePath(directory: string, databaseName: string): string {
  return join(directory, databaseFileName(databaseName));
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Rows per multi-row INSERT: fewer calls into SQLite for bulk writes. */
const ROWS_PER_STATEMENT = 32;

interface TableStatements {
  upsert: Database.Statement<[string, number, number, string]>;
  upsertMany: Database.Statement<(string | number)[]>;
  delete: Database.Statement<[string]>;
  selectAll: Database.Statement<[], string>;
}

/**
 * The documents of one collection at one schema version. The table is created by the first
 * write, inside that write's transaction: opening a collection that was never written costs
 * no commit.
 */
export class CollectionTable {
  private statements: TableStatements | undefined;

  constructor(
    private readonly db: Database.Database,
    readonly tableName: string,
    exists: boolean,
    private readonly onCreate: (table: CollectionTable) => void,
  ) {
    if (exists) {
      this.statements = this.prepare();
    }
  }

  private prepare(): TableStatements {
    const table = quoteIdentifier(this.tableName);
    const upsert = (rows: number): string =>
      `INSERT INTO ${table} (id, deleted, lwt, data) VALUES ` +
      Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ') +
      ' ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted, lwt = excluded.lwt, data = excluded.data';
    return {
      upsert: this.db.prepare(upsert(1)),
      upsertMany: this.db.prepare(upsert(ROWS_PER_STATEMENT)),
      delete: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      selectAll: this.db.prepare<[], string>(`SELECT data FROM ${table}`).pluck(),
    };
  }

  private created(): TableStatements {
    if (!this.statements) {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(this.tableName)} (` +
          'id TEXT PRIMARY KEY NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, data TEXT NOT NULL)',
      );
      this.statements = this.prepare();
      this.onCreate(this);
    }
    return this.statements;
  }

  /** Every stored document's JSON text, deleted ones included. */
  readAllJson(): string[] {
    return this.statements ? this.statements.selectAll.all() : [];
  }

  /** Inserts or replaces documents. Call inside {@link SqliteDatabase.transaction}. */
  write(documents: readonly StoredDocument[]): void {
    const statements = this.created();
    let next = 0;
    if (documents.length >= ROWS_PER_STATEMENT) {
      const parameters = new Array<string | number>(ROWS_PER_STATEMENT * 4);
      for (; next + ROWS_PER_STATEMENT <= documents.length; next += ROWS_PER_STATEMENT) {
        for (let row = 0; row < ROWS_PER_STATEMENT; row++) {
          const document = documents[next + row]!;
          parameters[row * 4] = document.id;
          parameters[row * 4 + 1] = document.deleted ? 1 : 0;
          parameters[row * 4 + 2] = document.lwt;
          parameters[row * 4 + 3] = document.json;
        }
        statements.upsertMany.run(...parameters);
      }
    }
    for (; next < documents.length; next++) {
      const document = documents[next]!;
      statements.upsert.run(document.id, document.deleted ? 1 : 0, document.lwt, document.json);
    }
  }

  /** Call inside {@link SqliteDatabase.transaction}. */
  delete(id: string): void {
    this.statements?.delete.run(id);
  }

  /** After the table was dropped or its creation rolled back. */
  forget(): void {
    this.statements = undefined;
  }

  get exists(): boolean {
    return this.statements !== undefined;
  }
}

export class SqliteDatabase {
  private readonly db: Database.Database;
  private readonly tables = new Map<string, CollectionTable>();
  /** Tables known to exist in the file (committed). */
  private readonly existingTables = new Set<string>();
  private readonly createdInTransaction: CollectionTable[] = [];
  private readonly runTransaction: (work: () => void) => void;

  constructor(
    readonly path: string,
    durability: Durability,
  ) {
    this.db = new Database(path);
    try {
      // The directory lock already makes this process the only user of the file; holding
      // SQLite's own lock as well saves the lock calls of every transaction and keeps WAL
      // bookkeeping in process memory instead of a shared-memory file.
      this.db.pragma('locking_mode = EXCLUSIVE');
      // Until the file is open, the WAL is created and the format stamped, nothing is synced
      // under 'process' durability: turning a new file into a WAL database writes its header
      // through a rollback journal, and the first write of each opening creates the WAL,
      // whose header and directory entry SQLite would otherwise fsync (two flushes to disk at
      // every start, and for every new database). A process that dies keeps all of it (the
      // operating system has it); a power cut before the first checkpoint can lose the WAL,
      // which holds no more than the commits a power cut may lose under synchronous=NORMAL
      // anyway: a checkpoint syncs the WAL before it writes a page of the database file, so
      // the file itself is never left half written. No checkpoint runs meanwhile (the WAL a
      // killed process left behind can be long enough to start one).
      this.db.pragma('wal_autocheckpoint = 0');
      this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'OFF'}`);
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new Error(`SQLite refused WAL mode for ${path} (got ${String(mode)})`);
      }
      const format = this.db.pragma('user_version', { simple: true }) as number;
      if (format > FORMAT_VERSION) {
        throw new Error(
          `${path} was written by a newer version of the app (storage format ${format}, ` +
            `this version reads up to ${FORMAT_VERSION})`,
        );
      }
      // Stamping the format is a write: it creates the WAL now, when the database opens,
      // rather than in its first write.
      this.db.pragma(`user_version = ${FORMAT_VERSION}`);
      this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      for (const name of this.tableNames()) {
        this.existingTables.add(name);
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
    const transaction = this.db.transaction((work: () => void) => work());
    this.runTransaction = (work) => {
      this.createdInTransaction.length = 0;
      try {
        transaction(work);
      } catch (error) {
        // A table created inside the failed transaction was rolled back with it.
        for (const table of this.createdInTransaction) {
          table.forget();
        }
        throw error;
      }
      for (const table of this.createdInTransaction) {
        this.existingTables.add(table.tableName);
      }
    };
  }

  /** The table of a collection at a schema version (created by its first write). */
  table(collectionName: string, schemaVersion: number): CollectionTable {
    const tableName = `${collectionName}-v${schemaVersion}`;
    let table = this.tables.get(tableName);
    if (!table) {
      table = new CollectionTable(
        this.db,
        tableName,
        this.existingTables.has(tableName),
        (created) => this.createdInTransaction.push(created),
      );
      this.tables.set(tableName, table);
    }
    return table;
  }

  /** Runs `work` in one transaction: everything it wrote is committed, or nothing is. */
  transaction(work: () => void): void {
    this.runTransaction(work);
  }

  dropTable(table: CollectionTable): void {
    this.db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table.tableName)}`);
    table.forget();
    this.tables.delete(table.tableName);
    this.existingTables.delete(table.tableName);
  }

  /** The names of the collection tables in the file, e.g. `issues-v0`. */
  tableNames(): string[] {
    return this.db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
  }

  /**
   * Closes the file. A file left without tables (every collection removed) is deleted, so
   * removing a database leaves nothing behind.
   */
  close(): void {
    if (!this.db.open) {
      return;
    }
    const empty = this.tableNames().length === 0;
    this.db.close();
    if (empty) {
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(this.path + suffix)) {
          rmSync(this.path + suffix, { force: true });
        }
      }
    }
  }
}
