/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs every
 * statement synchronously on the thread that owns it, so it lives here, beside the server's
 * thread (which answers requests and fans changes out to the streams), as PostgreSQL runs
 * beside the server in a process of its own. pglite-database.ts is the other end; the
 * messages are below. A transaction stays open across messages: it begins, runs the
 * statements sent for it, and commits or rolls back when told to; every other statement
 * waits until it has ended.
 *
 * Each statement goes to PGlite as one message (parse, bind, describe, execute, sync
 * together), its parameters as text and their types inferred by PostgreSQL. PGlite's own
 * `query()` sends those steps one at a time, after describing the statement to learn the
 * parameters' types, and that cost more than most of the server's statements themselves.
 */
import { parentPort } from 'node:worker_threads';
import { parse, PGlite, protocol } from '@electric-sql/pglite';

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

/** A parameter as PostgreSQL's text input reads it (null stays SQL NULL). */
export function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    const text = parameterText(value)!;
    return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
  });
  return `{${items.join(',')}}`;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** One statement with its parameters, as one message. */
function statementMessage(sql: string, params: readonly unknown[]): Uint8Array {
  return concat([
    protocol.serialize.parse({ text: sql, types: [] }),
    protocol.serialize.bind({ values: params.map(parameterText) }),
    protocol.serialize.describe({ type: 'P' }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  ]);
}

/** Hands PGlite to one holder at a time: a transaction from begin to end, or one statement. */
class Turns {
  private last: Promise<void> = Promise.resolve();

  /** Resolves, once it is the caller's turn, to the function that ends it. */
  take(): Promise<() => void> {
    let end = (): void => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const turn = this.last.then(() => end);
    this.last = this.last.then(() => ended);
    return turn;
  }
}

function serve(port: NonNullable<typeof parentPort>): void {
  let pglite: PGlite | undefined;
  let nextTx = 1;
  const turns = new Turns();
  /** Open transactions, with the end of their turn. */
  const transactions = new Map<number, () => void>();

  const database = (): PGlite => {
    if (!pglite) throw new Error('PGlite is closed');
    return pglite;
  };

  const run = async (sql: string, params: readonly unknown[], inTransaction: boolean) => {
    const db = database();
    const { messages } = await db.execProtocol(statementMessage(sql, params), {
      syncToFs: !inTransaction,
    });
    return parse.parseResults(messages, db.parsers)[0]?.rows ?? [];
  };

  /** Runs a script of statements without parameters; resolves to their command tags. */
  const script = async (text: string, inTransaction: boolean): Promise<string[]> => {
    const { messages } = await database().execProtocol(protocol.serialize.query(text), {
      syncToFs: !inTransaction,
    });
    return messages.flatMap((message) =>
      message.name === 'commandComplete' ? [(message as unknown as { text: string }).text] : [],
    );
  };

  const openTransaction = (tx: number): (() => void) => {
    const endTurn = transactions.get(tx);
    if (!endTurn) throw new Error(`No open transaction ${tx}.`);
    return endTurn;
  };

  const handle = async (request: PgliteRequest): Promise<unknown> => {
    switch (request.op) {
      case 'open':
        pglite = await PGlite.create(request.dataDir ? { dataDir: request.dataDir } : {});
        return undefined;
      case 'query': {
        if (request.tx !== undefined) {
          openTransaction(request.tx);
          return run(request.sql, request.params, true);
        }
        const endTurn = await turns.take();
        try {
          return await run(request.sql, request.params, false);
        } finally {
          endTurn();
        }
      }
      case 'exec':
        openTransaction(request.tx);
        await script(request.script, true);
        return undefined;
      case 'begin': {
        const endTurn = await turns.take();
        try {
          await script('BEGIN', true);
        } catch (error) {
          endTurn();
          throw error;
        }
        const tx = nextTx++;
        transactions.set(tx, endTurn);
        return tx;
      }
      case 'end': {
        const endTurn = openTransaction(request.tx);
        transactions.delete(request.tx);
        try {
          const [tag] = await script(request.commit ? 'COMMIT' : 'ROLLBACK', false);
          // COMMIT of a transaction in which a statement failed rolls it back.
          if (request.commit && tag === 'ROLLBACK') {
            throw new Error('The transaction was rolled back: one of its statements failed.');
          }
        } finally {
          endTurn();
        }
        return undefined;
      }
      case 'close': {
        const endTurn = await turns.take();
        const closing = pglite;
        pglite = undefined;
        endTurn();
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
