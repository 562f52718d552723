/**
 * Versioned schema migrations. Each runs once, in order, recorded in schema_migrations; all
 * pending ones run in one transaction under an advisory lock, so instances that start
 * together on one PostgreSQL do not race. Append new migrations; never edit a released one.
 */
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'replicated documents, server clock and outbox',
    sql: `
      -- One row; last_stamp is the last server stamp handed out. Locking it serialises
      -- writes, so stamps become visible in increasing order.
      CREATE TABLE server_clock (
        id integer PRIMARY KEY CHECK (id = 1),
        last_stamp bigint NOT NULL
      );
      INSERT INTO server_clock (id, last_stamp) VALUES (1, 0);

      CREATE TABLE documents (
        collection text NOT NULL,
        id text NOT NULL,
        body jsonb NOT NULL,
        deleted boolean NOT NULL,
        -- SHA-256 of the canonical JSON of the replicated state (body + _deleted).
        rev text NOT NULL,
        updated_at bigint NOT NULL,
        updated_by text NOT NULL,
        updated_on_device text NOT NULL,
        -- The site the document belongs to; NULL for data shared by every site.
        site text,
        -- The document the site is derived from (location, parent location or issue).
        parent_id text,
        PRIMARY KEY (collection, id)
      );
      CREATE INDEX documents_feed ON documents (collection, updated_at, id);
      CREATE INDEX documents_parent ON documents (collection, parent_id);

      -- Deliveries to external systems, queued in the transaction that stores the change.
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        collection text NOT NULL,
        document_id text NOT NULL,
        payload jsonb NOT NULL,
        created_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        delivered_at bigint,
        failed_at bigint,
        last_error text
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at)
        WHERE delivered_at IS NULL AND failed_at IS NULL;
    `,
  },
  {
    version: 2,
    name: 'users, sites, devices and tokens',
    sql: `
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('technician', 'supervisor', 'admin')),
        disabled boolean NOT NULL DEFAULT false,
        created_at bigint NOT NULL
      );
      CREATE UNIQUE INDEX users_name ON users (lower(name));

      CREATE TABLE user_sites (
        user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        site_id text NOT NULL,
        PRIMARY KEY (user_id, site_id)
      );

      CREATE TABLE devices (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE INDEX devices_user ON devices (user_id);

      -- Only the SHA-256 of a bearer token is stored.
      CREATE TABLE tokens (
        token_hash text PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        created_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE INDEX tokens_device ON tokens (device_id);
    `,
  },
  {
    version: 3,
    name: 'display names of users and the people feed',
    sql: `
      -- The name people know a user by ("Dana Smith"); the user name stays the sign-in name.
      ALTER TABLE users ADD COLUMN display_name text;
      UPDATE users SET display_name = name;
      ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;

      -- Server stamp of the user's last change, from server_clock: the position of the user
      -- in the people feed that devices pull (0 for users created before the feed).
      ALTER TABLE users ADD COLUMN people_stamp bigint NOT NULL DEFAULT 0;
      CREATE INDEX users_people_feed ON users (people_stamp, id);
    `,
  },
  {
    version: 4,
    name: 'the change feed per site',
    sql: `
      -- Pulls of readers of some sites walk the feed of each of their sites (and of the
      -- documents of no site) instead of filtering the whole feed; see readChanges.
      CREATE INDEX documents_site_feed ON documents (collection, site, updated_at, id);
    `,
  },
  {
    version: 5,
    name: 'scope versions of users',
    sql: `
      -- Raised in the transaction that changes what the user may see (sites, role). Pull
      -- checkpoints carry the version they were issued under; one from another version is
      -- answered from the beginning of the feed, so a site added later delivers its older
      -- documents too.
      ALTER TABLE users ADD COLUMN scope_version bigint NOT NULL DEFAULT 1;
    `,
  },
];

/** Applies the pending migrations; returns the versions applied now. */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('sync-server migrations ' || current_schema()))`,
    );
    await tx.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at bigint NOT NULL
      )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const now: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, Date.now()],
      );
      now.push(migration.version);
    }
    return now;
  });
}
