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
export const FORMAT_VERSION = 2;

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

/** Rows read per statement when a collection is loaded. */
export const READ_PAGE_ROWS = 500;

/** Rows per statement: a write of up to this many documents is one statement. */
export const ROWS_PER_STATEMENT = 32;

const COLUMNS =
  'seq INTEGER PRIMARY KEY, id TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, data TEXT NOT NULL';

/**
 * The documents of one collection at one schema version, a row each. A row is found by its
 * row number (`seq`, the table's integer primary key), never by the document's id: the table
 * has no index on `id`. The id of every stored row and its row number are kept in memory
 * (read with the rows when the collection is loaded), so a new document is appended after the
 * last row and a changed one overwrites its own row. A commit then changes only the pages the
 * rows sit on, instead of a table page and an index page at a random place in the id order.
 *
 * The table is created by the first write, inside that write's transaction: opening a
 * collection that was never written costs no commit.
 */
export class CollectionTable {
  /** Whether the table exists in the file (committed, or created by the open transaction). */
  private inFile: boolean;
  /** Whether {@link seqById} holds every row of the table. */
  private rowsKnown = false;
  /** put[n] writes n rows: one statement per row count, prepared when first needed. */
  private put: Database.Statement<[(string | number)[]]>[] = [];
  private deleteRow: Database.Statement<[number]> | undefined;
  /**
   * The row number of every id stored in this table. It may also name rows that are gone (a
   * purged document, a write rolled back): a later write of that id puts the row back at its
   * number, so an id never has two rows.
   */
  private readonly seqById = new Map<string, number>();
  private lastSeq = 0;

  constructor(
    private readonly db: Database.Database,
    readonly tableName: string,
    exists: boolean,
    private readonly onCreate: (table: CollectionTable) => void,
  ) {
    this.inFile = exists;
  }

  private putStatement(rows: number): Database.Statement<[(string | number)[]]> {
    let statement = this.put[rows];
    if (!statement) {
      statement = this.db.prepare<[(string | number)[]]>(
        `REPLACE INTO ${quoteIdentifier(this.tableName)} (seq, id, deleted, lwt, data) VALUES ` +
          Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', '),
      );
      this.put[rows] = statement;
    }
    return statement;
  }

  private createIfMissing(): void {
    if (!this.inFile) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(this.tableName)} (${COLUMNS})`);
      this.inFile = true;
      this.rowsKnown = true;
      this.onCreate(this);
    }
  }

  /**
   * Every stored document, deleted ones included, parsed from its JSON text; `idOf` names a
   * document's id. Also learns every row's number: call it once, before the first write.
   */
  readAll<T>(idOf: (document: T) => string): T[] {
    if (!this.inFile) {
      this.rowsKnown = true;
      return [];
    }
    // Read a page of rows at a time and parse it before reading the next: the JSON text of a
    // page is garbage before the collector runs again, instead of all of it (as large as the
    // file) surviving while the documents are parsed and being copied along with them.
    const page = this.db
      .prepare<[number], [number, string]>(
        `SELECT seq, data FROM ${quoteIdentifier(this.tableName)} WHERE seq > ? ` +
          `ORDER BY seq LIMIT ${READ_PAGE_ROWS}`,
      )
      .raw();
    const documents: T[] = [];
    let last = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = page.all(last);
      for (const [seq, json] of rows) {
        const document = JSON.parse(json) as T;
        documents.push(document);
        this.seqById.set(idOf(document), seq);
      }
      if (rows.length > 0) {
        last = rows[rows.length - 1]![0];
      }
      if (rows.length < READ_PAGE_ROWS) {
        break;
      }
    }
    this.lastSeq = documents.length > 0 ? last : 0;
    this.rowsKnown = true;
    return documents;
  }

  /** Reads the row numbers, if the rows were not read yet. */
  private learnRows(): void {
    if (this.rowsKnown || !this.inFile) {
      return;
    }
    const rows = this.db
      .prepare<[], [number, string]>(
        `SELECT seq, id FROM ${quoteIdentifier(this.tableName)} ORDER BY seq`,
      )
      .raw()
      .all();
    for (const [seq, id] of rows) {
      this.seqById.set(id, seq);
      this.lastSeq = seq;
    }
    this.rowsKnown = true;
  }

  /**
   * Inserts or replaces documents, with ceil(n / {@link ROWS_PER_STATEMENT}) statements.
   * Call inside {@link SqliteDatabase.transaction}, or use {@link SqliteDatabase.write}.
   */
  write(documents: readonly StoredDocument[]): void {
    this.learnRows();
    this.createIfMissing();
    for (let next = 0; next < documents.length; next += ROWS_PER_STATEMENT) {
      const rows = Math.min(ROWS_PER_STATEMENT, documents.length - next);
      const parameters = new Array<string | number>(rows * 5);
      for (let row = 0; row < rows; row++) {
        const document = documents[next + row]!;
        let seq = this.seqById.get(document.id);
        if (seq === undefined) {
          seq = ++this.lastSeq;
          this.seqById.set(document.id, seq);
        }
        const at = row * 5;
        parameters[at] = seq;
        parameters[at + 1] = document.id;
        parameters[at + 2] = document.deleted ? 1 : 0;
        parameters[at + 3] = document.lwt;
        parameters[at + 4] = document.json;
      }
      this.putStatement(rows).run(parameters);
    }
  }

  /** Call inside {@link SqliteDatabase.transaction}. */
  delete(id: string): void {
    this.learnRows();
    const seq = this.seqById.get(id);
    if (seq === undefined || !this.inFile) {
      return;
    }
    this.deleteRow ??= this.db.prepare<[number]>(
      `DELETE FROM ${quoteIdentifier(this.tableName)} WHERE seq = ?`,
    );
    this.deleteRow.run(seq);
  }

  /** After the table was dropped or its creation rolled back. */
  forget(): void {
    this.inFile = false;
    this.put = [];
    this.deleteRow = undefined;
    this.seqById.clear();
    this.lastSeq = 0;
    this.rowsKnown = false;
  }

  get exists(): boolean {
    return this.inFile;
  }
}

/**
 * Brings the tables of a file written in an older format to {@link COLUMNS}, in the caller's
 * transaction. Format 1 keyed rows by a `id TEXT PRIMARY KEY` (a second B-tree, written at a
 * random place by every insert); the rows keep their order.
 */
function upgradeTables(db: Database.Database, tableNames: readonly string[]): void {
  for (const name of tableNames) {
    const columns = db
      .prepare<[string], string>('SELECT name FROM pragma_table_info(?)')
      .pluck()
      .all(name);
    if (columns.includes('seq')) {
      continue;
    }
    const table = quoteIdentifier(name);
    const upgraded = quoteIdentifier(`${name}.upgrade`);
    db.exec(
      `CREATE TABLE ${upgraded} (${COLUMNS});` +
        `INSERT INTO ${upgraded} (id, deleted, lwt, data) SELECT id, deleted, lwt, data FROM ${table} ORDER BY rowid;` +
        `DROP TABLE ${table};` +
        `ALTER TABLE ${upgraded} RENAME TO ${table};`,
    );
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
      const tableNames = this.tableNames();
      const upgrade = format < FORMAT_VERSION && tableNames.length > 0;
      if (!upgrade) {
        // Stamping the format is a write: it creates the WAL now, when the database opens,
        // rather than in its first write.
        this.db.pragma(`user_version = ${FORMAT_VERSION}`);
      }
      this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      if (upgrade) {
        // Synced as any write: upgrading a large file ends with a checkpoint.
        this.db.transaction(() => {
          upgradeTables(this.db, tableNames);
          this.db.exec(`PRAGMA user_version = ${FORMAT_VERSION}`);
        })();
      }
      for (const name of tableNames) {
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

  /**
   * Commits documents to a table: a write that fits in one statement into an existing table
   * is that statement alone (SQLite commits it, or nothing of it, by itself), anything else
   * one transaction.
   */
  write(table: CollectionTable, documents: readonly StoredDocument[]): void {
    if (table.exists && documents.length <= ROWS_PER_STATEMENT) {
      table.write(documents);
    } else {
      this.runTransaction(() => table.write(documents));
    }
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
