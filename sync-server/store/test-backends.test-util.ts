/**
 * The databases the server's tests run on: PGlite always (in memory), and PostgreSQL when
 * one is reachable (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
 * each test file in a schema of its own that is dropped afterwards. Without PostgreSQL its
 * tests are skipped with the reason printed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from './database';
import { openDatabase } from './open-database';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresAbsence = await probePostgres();
if (postgresAbsence) console.warn(`Skipping the PostgreSQL backend: ${postgresAbsence}.`);

export interface TestBackend {
  /** The database the tests use. */
  db: Database;
  /** Another connection to the same data, as a second server instance has (PostgreSQL only). */
  openAnother(): Promise<Database>;
  /** Empties every table, so each test starts from nothing. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface BackendKind {
  name: 'PGlite' | 'PostgreSQL';
  available: boolean;
  create(): Promise<TestBackend>;
}

async function reset(db: Database): Promise<void> {
  await db.query('TRUNCATE documents, outbox, tokens, devices, user_sites, users');
}

export const pgliteBackend: BackendKind = {
  name: 'PGlite',
  available: true,
  async create() {
    const db = await openDatabase({});
    return {
      db,
      openAnother: () =>
        Promise.reject(new Error('PGlite serves one process; there is no other instance.')),
      reset: () => reset(db),
      dispose: () => db.close(),
    };
  },
};

export const postgresBackend: BackendKind = {
  name: 'PostgreSQL',
  available: postgresAbsence === undefined,
  async create() {
    const schema = `sync_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const open = () => openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
    const db = await open();
    const others: Database[] = [];
    return {
      db,
      async openAnother() {
        const other = await open();
        others.push(other);
        return other;
      },
      reset: () => reset(db),
      async dispose() {
        for (const other of others) await other.close();
        await db.close();
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.end();
        }
      },
    };
  },
};

export const BACKENDS: readonly BackendKind[] = [pgliteBackend, postgresBackend];
