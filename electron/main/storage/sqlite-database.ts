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

/** The documents of one collection at one schema version. */
export class CollectionTable {
  private readonly upsertStatement: Database.Statement<[string, number, number, string]>;
  private readonly deleteStatement: Database.Statement<[string]>;
  private readonly selectAllStatement: Database.Statement<[], string>;

  constructor(
    db: Database.Database,
    readonly tableName: string,
  ) {
    const table = quoteIdentifier(tableName);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (` +
        'id TEXT PRIMARY KEY NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, data TEXT NOT NULL)',
    );
    this.upsertStatement = db.prepare(
      `INSERT INTO ${table} (id, deleted, lwt, data) VALUES (?, ?, ?, ?) ` +
        'ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted, lwt = excluded.lwt, data = excluded.data',
    );
    this.deleteStatement = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.selectAllStatement = db.prepare<[], string>(`SELECT data FROM ${table}`).pluck();
  }

  /** Every stored document's JSON text, deleted ones included. */
  readAllJson(): string[] {
    return this.selectAllStatement.all();
  }

  /** Call inside {@link SqliteDatabase.transaction}. */
  write(document: StoredDocument): void {
    this.upsertStatement.run(document.id, document.deleted ? 1 : 0, document.lwt, document.json);
  }

  /** Call inside {@link SqliteDatabase.transaction}. */
  delete(id: string): void {
    this.deleteStatement.run(id);
  }
}

export class SqliteDatabase {
  private readonly db: Database.Database;
  private readonly tables = new Map<string, CollectionTable>();
  private readonly runTransaction: (work: () => void) => void;

  constructor(
    readonly path: string,
    durability: Durability,
  ) {
    this.db = new Database(path);
    try {
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new Error(`SQLite refused WAL mode for ${path} (got ${String(mode)})`);
      }
      this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.runTransaction = this.db.transaction((work: () => void) => work());
  }

  /** The table of a collection at a schema version, created when missing. */
  table(collectionName: string, schemaVersion: number): CollectionTable {
    const tableName = `${collectionName}-v${schemaVersion}`;
    let table = this.tables.get(tableName);
    if (!table) {
      table = new CollectionTable(this.db, tableName);
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
    this.tables.delete(table.tableName);
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
