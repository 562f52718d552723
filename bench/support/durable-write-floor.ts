/**
 * What any write that is durable when it resolves has to do beyond the memory storage's
 * work, measured without the durable storage: turning RxDB's documents into JSON, one
 * document at a time as the storage does, and the least SQLite needs to commit them (plain
 * better-sqlite3 on a file with the storage's pragmas: WAL, synchronous=NORMAL, exclusive
 * locking; one prepared INSERT of pre-serialised rows into a table keyed by row number).
 *
 * Each round follows runPerformanceTests' writes on a new file: 6 bulks of 500 documents of
 * RxDB's average schema, then 50 documents one commit each; and, for time-to-first-insert,
 * creating the file in WAL mode with its first committed row. The 50 single commits are
 * measured twice: in a tight loop, and each after an insert into RxDB's memory storage, so
 * that SQLite runs between RxDB's work as it does in the durable storage.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createRxDatabase, now, randomToken, requestIdlePromise, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { averageSchema, averageSchemaData } from 'rxdb/plugins/test-utils';
import { temporaryDirectory } from '../../electron/main/storage/durable-storage.test-util';

export interface WriteFloorSamples {
  /** JSON.stringify of the 500 documents of one bulk (ms). */
  stringify500: number[];
  /** Committing the 500 pre-serialised rows in one transaction (ms). */
  commit500: number[];
  /** JSON.stringify of 50 documents, one at a time (ms for all 50). */
  stringifySerial50: number[];
  /** 50 commits of one pre-serialised row each (ms for all 50). */
  commitSerial50: number[];
  /** Creating a new database file in WAL mode and committing its first row (ms). */
  createFile: number[];
  /** 50 serial inserts into RxDB's memory storage, alone (ms). */
  memorySerial50: number[];
  /** The same, each insert followed by JSON.stringify and a commit of its document (ms). */
  memoryAndCommitSerial50: number[];
}

/** A document as RxDB hands it to a storage. */
function storedDocument(): Record<string, unknown> {
  return {
    ...averageSchemaData(),
    _deleted: false,
    _attachments: {},
    _rev: `1-${randomToken(10)}`,
    _meta: { lwt: now() },
  };
}

/** As runPerformanceTests waits between its steps: the memory storage's deferred work is done. */
async function settle(): Promise<void> {
  await requestIdlePromise();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await requestIdlePromise();
}

function stringifyEach(documents: readonly Record<string, unknown>[]): string[] {
  return documents.map((document) => JSON.stringify(document));
}

function openFile(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('synchronous = OFF');
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE docs (seq INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  db.pragma('synchronous = NORMAL');
  return db;
}

export async function measureWriteFloors(rounds: number): Promise<WriteFloorSamples> {
  const samples: WriteFloorSamples = {
    stringify500: [],
    commit500: [],
    stringifySerial50: [],
    commitSerial50: [],
    createFile: [],
    memorySerial50: [],
    memoryAndCommitSerial50: [],
  };
  const memory = getRxStorageMemory();
  const directory = temporaryDirectory('bench-floor-');
  try {
    for (let round = 0; round < rounds; round++) {
      const path = join(directory.path, `floor-${round}.sqlite`);
      let started = performance.now();
      const db = openFile(path);
      db.prepare('INSERT INTO docs (data) VALUES (?)').run(JSON.stringify(storedDocument()));
      samples.createFile.push(performance.now() - started);

      const insert = db.prepare<[string]>('INSERT INTO docs (data) VALUES (?)');
      const insertAll = db.transaction((rows: readonly string[]) => {
        for (const row of rows) {
          insert.run(row);
        }
      });
      for (let bulk = 0; bulk < 6; bulk++) {
        const documents = Array.from({ length: 500 }, storedDocument);
        started = performance.now();
        const rows = stringifyEach(documents);
        samples.stringify500.push(performance.now() - started);
        started = performance.now();
        insertAll(rows);
        samples.commit500.push(performance.now() - started);
      }

      const documents = Array.from({ length: 50 }, storedDocument);
      started = performance.now();
      const rows = stringifyEach(documents);
      samples.stringifySerial50.push(performance.now() - started);
      started = performance.now();
      for (const row of rows) {
        insert.run(row);
      }
      samples.commitSerial50.push(performance.now() - started);

      const rxdb = await createRxDatabase<{ docs: RxCollection }>({
        name: `floor${randomToken(8)}`,
        storage: memory,
        multiInstance: false,
      });
      const { docs } = await rxdb.addCollections({ docs: { schema: averageSchema() } });
      await docs.bulkInsert(Array.from({ length: 3000 }, () => averageSchemaData()));
      for (const withCommit of round % 2 === 0 ? [false, true] : [true, false]) {
        const inserts = Array.from({ length: 50 }, () => averageSchemaData({ var2: 1000 }));
        await settle();
        started = performance.now();
        for (const data of inserts) {
          await docs.insert(data);
          if (withCommit) {
            insert.run(JSON.stringify({ ...data, _deleted: false, _meta: { lwt: now() } }));
          }
        }
        (withCommit ? samples.memoryAndCommitSerial50 : samples.memorySerial50).push(
          performance.now() - started,
        );
      }
      await rxdb.remove();
      db.close();
    }
  } finally {
    directory.remove();
  }
  return samples;
}
