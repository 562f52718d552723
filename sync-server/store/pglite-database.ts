/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in a data folder, or in
 * memory for tests. One process owns a data folder at a time; the folder lock makes a second
 * process fail clearly instead of corrupting it. Notifications stay in-process: they are
 * emitted after the transaction that queued them commits.
 *
 * PGlite runs each statement synchronously on the server's thread, so every statement holds
 * up the requests and the streams meanwhile; statements are therefore sent the cheapest way
 * (pglite-statements.ts), and one at a time: a transaction holds PGlite from BEGIN to its end.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Transaction } from './database';
import { lockDataFolder } from './data-folder-lock';
import { PgliteStatements, Turns } from './pglite-statements';

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
  const statements = new PgliteStatements(pglite);
  const turns = new Turns();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let closed = false;
  const checkOpen = () => {
    if (closed) throw new Error('PGlite is closed');
  };

  return {
    kind: 'pglite',
    location: dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const endTurn = await turns.take();
      try {
        checkOpen();
        return await statements.run<Row>(sql, params, false);
      } finally {
        endTurn();
      }
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const queued: [string, string][] = [];
      const endTurn = await turns.take();
      let result: T;
      try {
        checkOpen();
        await statements.script('BEGIN', true);
        try {
          result = await work({
            query<Row>(sql: string, params: readonly unknown[] = []) {
              return statements.run<Row>(sql, params, true);
            },
            async exec(script: string) {
              await statements.script(script, true);
            },
            notify(channel, payload) {
              queued.push([channel, payload]);
              return Promise.resolve();
            },
          });
        } catch (error) {
          await statements.script('ROLLBACK', false);
          throw error;
        }
        const [tag] = await statements.script('COMMIT', false);
        // COMMIT of a transaction in which a statement failed rolls it back.
        if (tag === 'ROLLBACK') {
          throw new Error('The transaction was rolled back: one of its statements failed.');
        }
      } finally {
        endTurn();
      }
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
      const endTurn = await turns.take();
      closed = true;
      endTurn();
      emitter.removeAllListeners();
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
