/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in a data folder, or in
 * memory for tests. PGlite runs each statement synchronously on the thread that owns it, so
 * it runs in a thread of its own (pglite-thread.ts): the server's thread keeps answering
 * requests and writing to the streams while a statement runs, as it does beside PostgreSQL.
 * One process owns a data folder at a time; the folder lock makes a second process fail
 * clearly instead of corrupting it. Notifications stay in-process: they are emitted after
 * the transaction that queued them commits.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database, Transaction } from './database';
import { lockDataFolder } from './data-folder-lock';
import type { PgliteFailure, PgliteReply, PgliteRequest } from './pglite-thread';

export interface PgliteOptions {
  /** A folder for the data; absent: in memory (gone when closed). */
  dataDir?: string;
}

/** An error raised by PGlite in its thread, with PostgreSQL's code when it has one. */
export class PgliteError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;

  constructor(failure: PgliteFailure) {
    super(failure.message);
    this.name = failure.name;
    this.code = failure.code;
    this.detail = failure.detail;
  }
}

/** A request before it is numbered (each member of the union without its id). */
type Request = PgliteRequest extends infer Each
  ? Each extends PgliteRequest
    ? Omit<Each, 'id'>
    : never
  : never;

/** The server's end of the database thread: numbered requests, answered in any order. */
class PgliteThread {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();
  private failed: Error | undefined;

  private constructor(private readonly worker: Worker) {
    // The thread keeps the process alive only while something waits for it.
    worker.unref();
    worker.on('message', (reply: PgliteReply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new PgliteError(reply.error));
    });
    const fail = (error: Error) => {
      this.failed ??= error;
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) =>
      fail(new Error(`PGlite is closed: its thread failed (${error.message}).`, { cause: error })),
    );
    worker.on('exit', () => fail(new Error('PGlite is closed: its thread has ended.')));
  }

  static start(): PgliteThread {
    const script = new URL('./pglite-thread.ts', import.meta.url);
    // The thread loads TypeScript as the server does; tsx is resolved from here, so this
    // works whatever the working folder.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return new PgliteThread(new Worker(script, { execArgv: ['--import', tsx] }));
  }

  call<T>(request: Request): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve: (value) => resolve(value as T), reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<Database> {
  const { dataDir } = options;
  let unlock = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataFolder(dataDir);
  }
  const thread = PgliteThread.start();
  try {
    await thread.call({ op: 'open', dataDir });
  } catch (error) {
    await thread.stop();
    unlock();
    throw error;
  }
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let closed = false;

  return {
    kind: 'pglite',
    location: dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory',
    query<Row>(sql: string, params: readonly unknown[] = []) {
      return thread.call<Row[]>({ op: 'query', tx: undefined, sql, params: [...params] });
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const queued: [string, string][] = [];
      const tx = await thread.call<number>({ op: 'begin' });
      let result: T;
      try {
        result = await work({
          query<Row>(sql: string, params: readonly unknown[] = []) {
            return thread.call<Row[]>({ op: 'query', tx, sql, params: [...params] });
          },
          async exec(script: string) {
            await thread.call({ op: 'exec', tx, script });
          },
          notify(channel, payload) {
            queued.push([channel, payload]);
            return Promise.resolve();
          },
        });
      } catch (error) {
        await thread.call({ op: 'end', tx, commit: false });
        throw error;
      }
      await thread.call({ op: 'end', tx, commit: true });
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
        await thread.call({ op: 'close' });
      } finally {
        await thread.stop();
        unlock();
      }
    },
  };
}
