/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in a data folder, or in
 * memory for tests. One process owns a data folder at a time; the folder lock makes a second
 * process fail clearly instead of corrupting it. Notifications stay in-process: they are
 * emitted after the transaction that queued them commits.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Transaction } from './database';
import { lockDataFolder } from './data-folder-lock';

export interface PgliteOptions {
  /** A folder for the data; absent: in memory (gone when closed). */
  dataDir?: string;
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<Database> {
  const { dataDir } = options;
  let unlock = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataFolder(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (error) {
    unlock();
    throw error;
  }
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let closed = false;

  return {
    kind: 'pglite',
    location: dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pglite.query<Row>(sql, [...params]);
      return result.rows;
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const queued: [string, string][] = [];
      const result = await pglite.transaction(async (inner) =>
        work({
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            return (await inner.query<Row>(sql, [...params])).rows;
          },
          async exec(script: string) {
            await inner.exec(script);
          },
          notify(channel, payload) {
            queued.push([channel, payload]);
            return Promise.resolve();
          },
        }),
      );
      for (const [channel, payload] of queued) emitter.emit(channel, payload);
      return result;
    },
    listen(channel, onNotification) {
      emitter.on(channel, onNotification);
      return Promise.resolve(() => {
        emitter.off(channel, onNotification);
        return Promise.resolve();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      emitter.removeAllListeners();
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
