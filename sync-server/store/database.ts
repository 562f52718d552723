/**
 * The one interface the server's storage code is written against. Two implementations:
 * PGlite (embedded PostgreSQL in a data folder, one process) and PostgreSQL over the network
 * (several server instances). Both speak the same SQL, so everything above this file is
 * shared; only connecting, transactions and change notifications differ.
 */

export interface SqlExecutor {
  /** Runs one statement with $1… parameters and returns its rows. bigint columns arrive as numbers. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Transaction extends SqlExecutor {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Queues a notification on `channel`; listeners get it only once the transaction commits. */
  notify(channel: string, payload: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends SqlExecutor {
  readonly kind: DatabaseKind;
  /** Where the data lives, for logs (never includes a password). */
  readonly location: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotification` for every notification on `channel` committed by any instance
   * sharing the database. `onGap` is called when notifications may have been missed (the
   * listening connection was lost and is back): listeners should then re-read what changed.
   * Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onNotification: (payload: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
