/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs every
 * statement synchronously on the thread that owns it, so it lives here, beside the server's
 * thread (which answers requests and fans changes out to the streams), as PostgreSQL runs
 * beside the server in a process of its own. pglite-database.ts is the other end; the
 * messages are below. A transaction stays open across messages: it begins, runs the
 * statements sent for it, and commits or rolls back when told to; PGlite itself makes every
 * other statement wait until it has ended.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite, type Transaction as PgliteTransaction } from '@electric-sql/pglite';

export type PgliteRequest =
  | { id: number; op: 'open'; dataDir: string | undefined }
  | { id: number; op: 'query'; tx: number | undefined; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; tx: number; script: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** An error as it crosses threads: its class name, message and PostgreSQL fields. */
export interface PgliteFailure {
  name: string;
  message: string;
  code?: string;
  detail?: string;
}

export type PgliteReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: PgliteFailure };

interface OpenTransaction {
  tx: PgliteTransaction;
  /** Ends the transaction's callback: commits when true, rolls back when false. */
  finish(commit: boolean): void;
  /** Settles once PGlite has committed or rolled back. */
  ended: Promise<void>;
}

/** Ends a transaction's callback so that PGlite rolls it back. */
class RolledBack extends Error {}

function failure(error: unknown): PgliteFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { code?: unknown; detail?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.detail === 'string' ? { detail: fields.detail } : {}),
  };
}

function serve(port: NonNullable<typeof parentPort>): void {
  let pglite: PGlite | undefined;
  let nextTx = 1;
  const transactions = new Map<number, OpenTransaction>();

  const database = (): PGlite => {
    if (!pglite) throw new Error('PGlite is closed');
    return pglite;
  };

  const transaction = (tx: number): PgliteTransaction => {
    const open = transactions.get(tx);
    if (!open) throw new Error(`No open transaction ${tx}.`);
    return open.tx;
  };

  /** Begins a transaction and resolves with its number once it holds PGlite. */
  const begin = (): Promise<number> =>
    new Promise<number>((resolveBegun, rejectBegun) => {
      const number = nextTx++;
      let begun = false;
      const ended: Promise<void> = database()
        .transaction(
          (tx) =>
            new Promise<void>((resolve, reject) => {
              begun = true;
              transactions.set(number, {
                tx,
                finish: (commit) => (commit ? resolve() : reject(new RolledBack())),
                ended,
              });
              resolveBegun(number);
            }),
        )
        .then(
          () => {
            transactions.delete(number);
          },
          (error: unknown) => {
            transactions.delete(number);
            if (!begun) rejectBegun(error instanceof Error ? error : new Error(String(error)));
            // A failed commit is the answer to `end`, which awaits this promise.
            else if (!(error instanceof RolledBack)) throw error;
          },
        );
    });

  const handle = async (request: PgliteRequest): Promise<unknown> => {
    switch (request.op) {
      case 'open':
        pglite = await PGlite.create(request.dataDir ? { dataDir: request.dataDir } : {});
        return undefined;
      case 'query': {
        const executor = request.tx === undefined ? database() : transaction(request.tx);
        return (await executor.query(request.sql, request.params)).rows;
      }
      case 'exec':
        await transaction(request.tx).exec(request.script);
        return undefined;
      case 'begin':
        return begin();
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error(`No open transaction ${request.tx}.`);
        open.finish(request.commit);
        await open.ended;
        return undefined;
      }
      case 'close': {
        const closing = pglite;
        pglite = undefined;
        await closing?.close();
        return undefined;
      }
    }
  };

  port.on('message', (request: PgliteRequest) => {
    handle(request).then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies PgliteReply),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          ok: false,
          error: failure(error),
        } satisfies PgliteReply),
    );
  });
}

if (parentPort) serve(parentPort);
