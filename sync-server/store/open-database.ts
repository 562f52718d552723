/**
 * Chooses the database: PostgreSQL when a connection string is given (DATABASE_URL),
 * otherwise the embedded PGlite in a data folder. Migrations run before it is handed out.
 */
import type { Database } from './database';
import { migrate } from './migrations';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

export interface DatabaseOptions {
  /** postgres://… ; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL only: the schema to keep the tables in. */
  schema?: string | undefined;
  /** PGlite only: the data folder; absent means in memory. */
  dataDir?: string | undefined;
  onBackgroundError?: (error: Error) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgresDatabase({
        connectionString: options.databaseUrl,
        ...(options.schema ? { schema: options.schema } : {}),
        ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
      })
    : await openPgliteDatabase(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
