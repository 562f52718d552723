import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import {
  addRxPlugin,
  createRxDatabase,
  fillWithDefaultSettings,
  type MigrationStrategies,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
} from 'rxdb';
import { RxDBCleanupPlugin } from 'rxdb/plugins/cleanup';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Issue } from '../../../shared/domain';
import { issueSchema } from '../../../shared/schemas/issue.schema';
import {
  AttachmentsNotSupportedError,
  databaseFilePath,
  DirectoryInUseError,
  DurableStorageWriteError,
  getRxStorageDurable,
  type RxStorageDurable,
} from './durable-storage';
import { temporaryDirectory, makeIssue } from './durable-storage.test-util';
import { stopBackgroundBuild, unbuiltIndexCount } from './memory-state';
import { SCAN_MAX_SORTED } from './query-scan';
import { CollectionTable, READ_PAGE_ROWS, ROWS_PER_STATEMENT } from './sqlite-database';

/** The issue schema at a first version, for the storage's own migration tests. */
const firstIssueSchema: RxJsonSchema<Issue> = { ...issueSchema, version: 0 };

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBCleanupPlugin);

type IssueCollections = { issues: RxCollection<Issue> };
type IssueDatabase = RxDatabase<IssueCollections>;

let directory: ReturnType<typeof temporaryDirectory>;
const openDatabases: IssueDatabase[] = [];

beforeEach(() => {
  directory = temporaryDirectory();
});

afterEach(async () => {
  const stillOpen = openDatabases.splice(0).filter((db) => !db.closed);
  await Promise.all(stillOpen.map((db) => db.close()));
  directory.remove();
});

async function openIssues(
  storage: RxStorageDurable,
  options: {
    name?: string;
    ignoreDuplicate?: boolean;
    schema?: RxJsonSchema<Issue>;
    migrationStrategies?: MigrationStrategies;
  } = {},
): Promise<IssueDatabase> {
  const db = await createRxDatabase<IssueCollections>({
    name: options.name ?? 'app',
    storage: wrappedValidateAjvStorage({ storage }),
    multiInstance: false,
    ignoreDuplicate: options.ignoreDuplicate ?? false,
    // The tests run cleanup themselves.
    cleanupPolicy: { minimumCollectionAge: 60 * 60 * 1000 },
  });
  openDatabases.push(db);
  await db.addCollections({
    issues: {
      schema: options.schema ?? firstIssueSchema,
      migrationStrategies: options.migrationStrategies ?? {},
    },
  });
  return db;
}

/** The rows of a collection table, read straight from the SQLite file. */
function rowsOnDisk(databaseName: string, table: string): { id: string; deleted: number }[] {
  const db = new Database(databaseFilePath(directory.path, databaseName), { readonly: true });
  try {
    return db
      .prepare<[], { id: string; deleted: number }>(
        `SELECT id, deleted FROM "${table}" ORDER BY id`,
      )
      .all();
  } finally {
    db.close();
  }
}

function tablesOnDisk(databaseName: string): string[] {
  const db = new Database(databaseFilePath(directory.path, databaseName), { readonly: true });
  try {
    return db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('durable storage with a real RxDatabase', () => {
  it('keeps inserts, updates and deletes across close and reopen', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const issues = Array.from({ length: 30 }, (_, i) => makeIssue(i));
    await db.issues.bulkInsert(issues);
    const first = await db.issues.findOne('issue-000000').exec();
    await first!.incrementalPatch({ title: 'Conveyor stopped', version: 9 });
    const second = await db.issues.findOne('issue-000001').exec();
    await second!.remove();
    await db.close();

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect(await reopened.issues.count().exec()).toBe(29);
    const patched = await reopened.issues.findOne('issue-000000').exec();
    expect(patched?.title).toBe('Conveyor stopped');
    expect(patched?.version).toBe(9);
    expect(await reopened.issues.findOne('issue-000001').exec()).toBeNull();

    const expectedNew = issues.filter((issue, i) => i !== 1 && issue.status === 'new');
    const found = await reopened.issues
      .find({ selector: { status: 'new' }, sort: [{ reportedAt: 'asc' }] })
      .exec();
    expect(found.map((doc) => doc.id)).toEqual(
      [...expectedNew]
        .sort((a, b) => a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : 1))
        .map((issue) => issue.id),
    );
    expect(await reopened.issues.count({ selector: { status: 'new' } }).exec()).toBe(
      expectedNew.length,
    );

    // Still writable after the reopen, and the write lasts too.
    await reopened.issues.insert(makeIssue(100));
    await reopened.close();
    const third = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect(await third.issues.count().exec()).toBe(30);
  });

  it('answers queries over every index right after opening a large collection', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const issues = Array.from({ length: 2000 }, (_, i) => makeIssue(i));
    await db.issues.bulkInsert(issues);
    await db.close();

    // Lazy indexes from 1,000 documents on: the reopened collection starts with none built.
    const reopened = await openIssues(
      getRxStorageDurable({ directory: directory.path, lazyIndexesFrom: 1000 }),
    );
    const byLocation = await reopened.issues
      .find({ selector: { locationId: 'line-7' }, sort: [{ updatedAt: 'desc' }], limit: 20 })
      .exec();
    const expected = issues
      .filter((issue) => issue.locationId === 'line-7')
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1))
      .slice(0, 20);
    expect(byLocation.map((doc) => doc.id)).toEqual(expected.map((issue) => issue.id));
    // A write right after opening, while indexes are still being built, is indexed once.
    await reopened.issues.insert(makeIssue(5000));
    expect(await reopened.issues.count().exec()).toBe(2001);
    const critical = await reopened.issues.count({ selector: { priority: 'Critical' } }).exec();
    expect(critical).toBe(
      issues.filter((issue) => issue.priority === 'Critical').length +
        (makeIssue(5000).priority === 'Critical' ? 1 : 0),
    );
  });

  it('answers a query for few documents before its index is built, and builds it for many', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const issues = Array.from({ length: SCAN_MAX_SORTED + 500 }, (_, i) => makeIssue(i));
    await db.issues.bulkInsert(issues);
    await db.close();
    const newestFirst = [...issues].sort(
      (a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : 1),
    );

    const storage = getRxStorageDurable({ directory: directory.path, lazyIndexesFrom: 1000 });
    const reopened = await openIssues(storage);
    const state = [...storage.collectionStates.entries()].find(([key]) =>
      key.includes('issues'),
    )![1];
    stopBackgroundBuild(state);
    const unbuilt = unbuiltIndexCount(state);
    expect(unbuilt).toBeGreaterThan(0);

    const newest = await reopened.issues
      .find({ sort: [{ reportedAt: 'desc' }], skip: 5, limit: 10 })
      .exec();
    expect(newest.map((doc) => doc.id)).toEqual(newestFirst.slice(5, 15).map((i) => i.id));
    expect(await reopened.issues.count().exec()).toBe(issues.length);
    expect(unbuiltIndexCount(state)).toBe(unbuilt);

    const all = await reopened.issues.find({ sort: [{ reportedAt: 'desc' }] }).exec();
    expect(all.map((doc) => doc.id)).toEqual(newestFirst.map((i) => i.id));
    expect(unbuiltIndexCount(state)).toBe(unbuilt - 1);
  });

  it('shares one memory state between instances of a collection, loaded from disk once', async () => {
    const storage = getRxStorageDurable({ directory: directory.path });
    const seed = await openIssues(storage);
    await seed.issues.bulkInsert([makeIssue(1), makeIssue(2)]);
    await seed.close();

    const reads = vi.spyOn(CollectionTable.prototype, 'readAll');
    try {
      const core = await openIssues(storage);
      const window = await openIssues(storage, { ignoreDuplicate: true });
      const issueTableReads = reads.mock.contexts.filter(
        (table) => (table as CollectionTable).tableName === 'issues-v0',
      );
      expect(issueTableReads).toHaveLength(1);
      expect(core.issues.storageInstance.internals).toBe(window.issues.storageInstance.internals);

      // A write by one database reaches the other's live query, both ways.
      const seenByWindow = firstValueFrom(
        window.issues
          .find()
          .$.pipe(filter((docs) => docs.some((doc) => doc.id === 'issue-000003'))),
      );
      await core.issues.insert(makeIssue(3));
      expect((await seenByWindow).length).toBe(3);

      const seenByCore = firstValueFrom(
        core.issues
          .findOne('issue-000001')
          .$.pipe(filter((doc) => doc?.title === 'Changed in a window')),
      );
      const inWindow = await window.issues.findOne('issue-000001').exec();
      await inWindow!.incrementalPatch({ title: 'Changed in a window' });
      expect((await seenByCore)?.title).toBe('Changed in a window');
    } finally {
      reads.mockRestore();
    }
  });

  it('gives two storages on two directories separate states for the same database name', async () => {
    const other = temporaryDirectory();
    try {
      const a = await openIssues(getRxStorageDurable({ directory: directory.path }), {
        name: 'same',
      });
      await a.issues.insert(makeIssue(1));
      await a.close();
      const b = await openIssues(getRxStorageDurable({ directory: other.path }), {
        name: 'same',
      });
      expect(await b.issues.count().exec()).toBe(0);
      await b.close();
    } finally {
      other.remove();
    }
  });

  it('purges deleted documents from disk on cleanup', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.bulkInsert([makeIssue(1), makeIssue(2), makeIssue(3)]);
    await (await db.issues.findOne('issue-000002').exec())!.remove();
    await db.close();
    // The file can be read from outside only while no storage holds it.
    expect(rowsOnDisk('app', 'issues-v0')).toEqual([
      { id: 'issue-000001', deleted: 0 },
      { id: 'issue-000002', deleted: 1 },
      { id: 'issue-000003', deleted: 0 },
    ]);

    const cleaned = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await cleaned.issues.cleanup(0);
    const inMemory = await cleaned.issues.storageInstance.findDocumentsById(['issue-000002'], true);
    expect(inMemory).toEqual([]);
    await cleaned.close();
    expect(rowsOnDisk('app', 'issues-v0').map((row) => row.id)).toEqual([
      'issue-000001',
      'issue-000003',
    ]);

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect(await reopened.issues.storageInstance.findDocumentsById(['issue-000002'], true)).toEqual(
      [],
    );
    expect(await reopened.issues.count().exec()).toBe(2);
  });

  it('drops the table when a collection is removed and the file when the database is', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.insert(makeIssue(1));
    await db.close();
    expect(tablesOnDisk('app')).toContain('issues-v0');

    const again = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await again.issues.remove();
    await again.close();
    expect(tablesOnDisk('app')).not.toContain('issues-v0');

    const third = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect(await third.issues.count().exec()).toBe(0);
    await third.remove();
    expect(existsSync(databaseFilePath(directory.path, 'app'))).toBe(false);
  });

  it('migrates a schema from version 0 to 1 across a reopen', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.bulkInsert([makeIssue(1), makeIssue(2)]);
    await db.close();

    const version1: RxJsonSchema<Issue> = { ...issueSchema, version: 1 };
    const migrationStrategies: MigrationStrategies = {
      1: (doc: Issue) => ({ ...doc, title: `[migrated] ${doc.title}` }),
    };
    const migrated = await openIssues(getRxStorageDurable({ directory: directory.path }), {
      schema: version1,
      migrationStrategies,
    });
    const docs = await migrated.issues.find().exec();
    expect(docs.map((doc) => doc.title.startsWith('[migrated] '))).toEqual([true, true]);
    await migrated.close();
    expect(tablesOnDisk('app')).toContain('issues-v1');
    expect(tablesOnDisk('app')).not.toContain('issues-v0');

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }), {
      schema: version1,
      migrationStrategies,
    });
    const titles = (await reopened.issues.find().exec()).map((doc) => doc.title);
    expect(titles).toHaveLength(2);
    expect(titles.every((title) => title.startsWith('[migrated] '))).toBe(true);
  });

  it('refuses a second storage on a directory that is in use, until it is closed', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const second = getRxStorageDurable({ directory: directory.path });
    await expect(openIssues(second, { name: 'other' })).rejects.toThrow(DirectoryInUseError);
    await db.close();
    const reopened = await openIssues(second, { name: 'other' });
    expect(await reopened.issues.count().exec()).toBe(0);
  });

  it('refuses schemas with attachments', async () => {
    const storage = getRxStorageDurable({ directory: directory.path });
    const schema = fillWithDefaultSettings({ ...issueSchema, attachments: {} });
    await expect(
      storage.createStorageInstance({
        databaseInstanceToken: 'token',
        databaseName: 'app',
        collectionName: 'issues',
        schema,
        options: {},
        multiInstance: false,
        devMode: true,
      }),
    ).rejects.toThrow(AttachmentsNotSupportedError);
  });

  /** Makes SQLite itself fail any write of `id` to the issues table (as a full disk would). */
  function refuseWritesOf(id: string): void {
    const file = new Database(databaseFilePath(directory.path, 'app'));
    file.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON "issues-v0" WHEN NEW.id = '${id}' ` +
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    file.close();
  }

  function acceptWritesAgain(): void {
    const file = new Database(databaseFilePath(directory.path, 'app'));
    file.exec('DROP TRIGGER refuse');
    file.close();
  }

  it('rejects a write whose commit fails and then refuses writes until reopened', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.insert(makeIssue(1));
    await db.close();
    refuseWritesOf('issue-000002');

    const failing = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await expect(failing.issues.insert(makeIssue(2))).rejects.toThrow(/disk is full/);
    expect(await failing.issues.findOne('issue-000002').exec()).toBeNull();

    const refused = failing.issues.insert(makeIssue(3));
    await expect(refused).rejects.toThrow(DurableStorageWriteError);
    await expect(refused).rejects.toThrow(/refuses writes/);
    // Reads still work from the last good state.
    expect(await failing.issues.count().exec()).toBe(1);
    await failing.close();
    acceptWritesAgain();

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await reopened.issues.insert(makeIssue(3));
    const ids = (await reopened.issues.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.id);
    expect(ids).toEqual(['issue-000001', 'issue-000003']);
  });

  it('commits a bulk write of several statements completely or not at all', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.insert(makeIssue(1));
    await db.close();
    // The refused document comes after a full statement's worth of rows.
    const batch = Array.from({ length: ROWS_PER_STATEMENT + 8 }, (_, i) => makeIssue(100 + i));
    refuseWritesOf(batch[ROWS_PER_STATEMENT + 3]!.id);

    const failing = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await expect(failing.issues.bulkInsert(batch)).rejects.toThrow(/disk is full/);
    expect(await failing.issues.count().exec()).toBe(1);
    await failing.close();
    expect(rowsOnDisk('app', 'issues-v0').map((row) => row.id)).toEqual(['issue-000001']);
    acceptWritesAgain();

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await reopened.issues.bulkInsert(batch);
    expect(await reopened.issues.count().exec()).toBe(batch.length + 1);
  });

  it('upgrades a file of the first storage format when it opens', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.bulkInsert([makeIssue(1), makeIssue(2), makeIssue(3)]);
    await (await db.issues.findOne('issue-000002').exec())!.patch({ title: 'changed' });
    await db.close();
    // Format 1: rows keyed by the document id, as the first version of the storage wrote them.
    const file = new Database(databaseFilePath(directory.path, 'app'));
    for (const table of tablesOnDisk('app')) {
      file.exec(
        `CREATE TABLE old (id TEXT PRIMARY KEY NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, data TEXT NOT NULL);` +
          `INSERT INTO old SELECT id, deleted, lwt, data FROM "${table}";` +
          `DROP TABLE "${table}"; ALTER TABLE old RENAME TO "${table}"; PRAGMA user_version = 1;`,
      );
    }
    file.close();

    const upgraded = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect((await upgraded.issues.findOne('issue-000002').exec())?.title).toBe('changed');
    await (await upgraded.issues.findOne('issue-000003').exec())!.patch({ title: 'after' });
    await upgraded.issues.insert(makeIssue(4));
    await upgraded.close();

    const check = new Database(databaseFilePath(directory.path, 'app'), { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(2);
      const indexes = check
        .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index'")
        .pluck()
        .all();
      expect(indexes).toEqual([]);
    } finally {
      check.close();
    }
    expect(rowsOnDisk('app', 'issues-v0').map((row) => row.id)).toEqual([
      'issue-000001',
      'issue-000002',
      'issue-000003',
      'issue-000004',
    ]);
    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const titles = (await reopened.issues.find({ sort: [{ id: 'asc' }] }).exec()).map(
      (doc) => doc.title,
    );
    expect(titles).toEqual([makeIssue(1).title, 'changed', 'after', makeIssue(4).title]);
  });

  it('reads a table of several pages whole, and appends after its last row', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const count = READ_PAGE_ROWS * 2 + 7;
    await db.issues.bulkInsert(Array.from({ length: count }, (_, i) => makeIssue(i)));
    // Gaps in the row numbers, at a page's end and inside pages.
    const purged = [3, READ_PAGE_ROWS - 1, READ_PAGE_ROWS, count - 1].map((i) => makeIssue(i).id);
    await db.issues.find({ selector: { id: { $in: purged } } }).remove();
    await db.issues.cleanup(0);
    await db.close();

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    const ids = (await reopened.issues.find().exec()).map((doc) => doc.id).sort();
    const expected = Array.from({ length: count }, (_, i) => makeIssue(i).id)
      .filter((id) => !purged.includes(id))
      .sort();
    expect(ids).toEqual(expected);
    await reopened.issues.insert(makeIssue(count + 10));
    await (await reopened.issues.findOne(expected.at(-1)).exec())!.patch({ title: 'changed' });
    await reopened.close();
    const rows = rowsOnDisk('app', 'issues-v0');
    expect(rows).toHaveLength(expected.length + 1);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it('keeps one row per document, also for a purged id written again', async () => {
    const db = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await db.issues.bulkInsert([makeIssue(1), makeIssue(2)]);
    await (await db.issues.findOne('issue-000001').exec())!.remove();
    await db.issues.cleanup(0);
    await db.issues.insert(makeIssue(1));
    await (await db.issues.findOne('issue-000002').exec())!.patch({ title: 'changed' });
    await db.close();
    expect(rowsOnDisk('app', 'issues-v0')).toEqual([
      { id: 'issue-000001', deleted: 0 },
      { id: 'issue-000002', deleted: 0 },
    ]);

    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    await (await reopened.issues.findOne('issue-000001').exec())!.patch({ title: 'again' });
    await reopened.close();
    expect(rowsOnDisk('app', 'issues-v0')).toHaveLength(2);
  });

  it('refuses a file written in a newer storage format', async () => {
    const file = new Database(databaseFilePath(directory.path, 'app'));
    file.pragma('user_version = 99');
    file.close();
    await expect(openIssues(getRxStorageDurable({ directory: directory.path }))).rejects.toThrow(
      /newer version of the app/,
    );
    // The refusal released the directory.
    const other = await openIssues(getRxStorageDurable({ directory: directory.path }), {
      name: 'other',
    });
    expect(await other.issues.count().exec()).toBe(0);
  });

  it('works with power durability', async () => {
    const storage = getRxStorageDurable({ directory: directory.path, durability: 'power' });
    expect(storage.durability).toBe('power');
    const db = await openIssues(storage);
    await db.issues.insert(makeIssue(1));
    await db.close();
    const reopened = await openIssues(getRxStorageDurable({ directory: directory.path }));
    expect(await reopened.issues.count().exec()).toBe(1);
  });
});
