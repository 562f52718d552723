/**
 * SQL for the replicated documents: the change feed read by pulls and streams, and the
 * reads and writes a push makes inside its transaction. Rules (who may write what, which
 * site a document belongs to, what conflicts) live in replication/ and auth/, not here.
 */
import type { SyncCheckpoint } from '../../shared/sync/protocol';
import type { SqlExecutor, Transaction } from './database';

export interface StoredDocument {
  id: string;
  /** The document's fields, without `_deleted`. */
  body: Record<string, unknown>;
  deleted: boolean;
  /** Content revision of the replicated state; see replication/revision.ts. */
  rev: string;
  updatedAt: number;
  updatedBy: string;
  updatedOnDevice: string;
  site: string | null;
  parentId: string | null;
}

/** The sites whose documents a reader may see; documents with no site are seen by all. */
export type SiteScope = { allSites: true } | { allSites: false; sites: readonly string[] };

interface DocumentRow {
  id: string;
  body: Record<string, unknown>;
  deleted: boolean;
  rev: string;
  updated_at: number;
  updated_by: string;
  updated_on_device: string;
  site: string | null;
  parent_id: string | null;
}

const COLUMNS =
  'id, body, deleted, rev, updated_at, updated_by, updated_on_device, site, parent_id';

function fromRow(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    body: row.body,
    deleted: row.deleted,
    rev: row.rev,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    updatedOnDevice: row.updated_on_device,
    site: row.site,
    parentId: row.parent_id,
  };
}

/**
 * Documents changed after `after`, in feed order (stamp, then id), visible in `scope`.
 *
 * A reader of every site walks the feed index from the checkpoint. A reader of some sites
 * walks, for each of its sites and for the documents of no site, the per-site feed index
 * (documents_site_feed) from the checkpoint, at most `limit` rows each, and the pages are
 * merged in feed order. Filtering one walk of the whole feed instead reads every other
 * site's documents past the checkpoint: a new device of a small site on a server holding a
 * large one read tens of thousands of rows for its first page.
 */
export async function readChanges(
  db: SqlExecutor,
  collection: string,
  after: SyncCheckpoint | null,
  limit: number,
  scope: SiteScope,
): Promise<StoredDocument[]> {
  const position = [collection, after?.updatedAt ?? -1, after?.id ?? ''];
  if (scope.allSites) {
    return (
      await db.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents
          WHERE collection = $1 AND (updated_at, id) > ($2::bigint, $3::text)
          ORDER BY updated_at, id
          LIMIT $4`,
        [...position, limit],
      )
    ).map(fromRow);
  }
  return (
    await db.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM (
          SELECT page.* FROM unnest($5::text[]) AS reader(site)
            CROSS JOIN LATERAL (
              SELECT ${COLUMNS} FROM documents
               WHERE collection = $1 AND site = reader.site
                 AND (updated_at, id) > ($2::bigint, $3::text)
               ORDER BY updated_at, id
               LIMIT $4
            ) AS page
          UNION ALL
          (SELECT ${COLUMNS} FROM documents
            WHERE collection = $1 AND site IS NULL
              AND (updated_at, id) > ($2::bigint, $3::text)
            ORDER BY updated_at, id
            LIMIT $4)
        ) AS visible
        ORDER BY updated_at, id
        LIMIT $4`,
      [...position, limit, [...new Set(scope.sites)]],
    )
  ).map(fromRow);
}

/** The position of the last document in a collection's feed; null when the feed is empty. */
export async function lastCheckpointOf(
  db: SqlExecutor,
  collection: string,
): Promise<SyncCheckpoint | null> {
  const [row] = await db.query<{ id: string; updated_at: number }>(
    `SELECT id, updated_at FROM documents WHERE collection = $1
      ORDER BY updated_at DESC, id DESC LIMIT 1`,
    [collection],
  );
  return row ? { id: row.id, updatedAt: row.updated_at } : null;
}

export async function readDocuments(
  db: SqlExecutor,
  collection: string,
  ids: readonly string[],
): Promise<Map<string, StoredDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<DocumentRow>(
    `SELECT ${COLUMNS} FROM documents WHERE collection = $1 AND id = ANY($2::text[])`,
    [collection, [...ids]],
  );
  return new Map(rows.map((row) => [row.id, fromRow(row)]));
}

/** The site of each given document that exists; ids not stored are absent from the map. */
export async function readSites(
  db: SqlExecutor,
  collection: string,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; site: string | null }>(
    'SELECT id, site FROM documents WHERE collection = $1 AND id = ANY($2::text[])',
    [collection, [...ids]],
  );
  return new Map(rows.map((row) => [row.id, row.site]));
}

export async function writeDocument(
  tx: Transaction,
  collection: string,
  doc: StoredDocument,
): Promise<void> {
  await tx.query(
    `INSERT INTO documents (collection, ${COLUMNS})
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (collection, id) DO UPDATE SET
       body = excluded.body, deleted = excluded.deleted, rev = excluded.rev,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by,
       updated_on_device = excluded.updated_on_device, site = excluded.site,
       parent_id = excluded.parent_id`,
    [
      collection,
      doc.id,
      JSON.stringify(doc.body),
      doc.deleted,
      doc.rev,
      doc.updatedAt,
      doc.updatedBy,
      doc.updatedOnDevice,
      doc.site,
      doc.parentId,
    ],
  );
}

/**
 * Moves every document of `collection` whose site derives from `parentId` to `site`, with
 * fresh stamps so that readers of the new site receive them. Returns how many moved.
 */
export async function moveChildrenToSite(
  tx: Transaction,
  collection: string,
  parentId: string,
  site: string | null,
  clock: StampClock,
): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    'SELECT count(*) AS count FROM documents WHERE collection = $1 AND parent_id = $2',
    [collection, parentId],
  );
  const count = row?.count ?? 0;
  if (count === 0) return 0;
  const first = clock.reserve(count);
  await tx.query(
    `UPDATE documents AS d SET site = $3, updated_at = $4::bigint + r.n - 1
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
               FROM documents WHERE collection = $1 AND parent_id = $2) AS r
      WHERE d.collection = $1 AND d.id = r.id`,
    [collection, parentId, site, first],
  );
  return count;
}

/**
 * The server's stamp clock inside one write transaction. Locking the clock row first
 * serialises writers, so a stamp is never committed after a higher one is visible, and a
 * reader that has seen stamp S has seen every change stamped up to S. Stamps are epoch
 * milliseconds, or one more than the last stamp when the wall clock has not moved on.
 */
export class StampClock {
  private constructor(
    private readonly tx: Transaction,
    private last: number,
    private readonly wallClock: () => number,
  ) {}

  static async lock(tx: Transaction, wallClock: () => number = Date.now): Promise<StampClock> {
    const [row] = await tx.query<{ last_stamp: number }>(
      'SELECT last_stamp FROM server_clock WHERE id = 1 FOR UPDATE',
    );
    return new StampClock(tx, row?.last_stamp ?? 0, wallClock);
  }

  /** The next stamp. */
  next(): number {
    return this.reserve(1);
  }

  /** Reserves `count` consecutive stamps and returns the first. */
  reserve(count: number): number {
    const first = Math.max(this.wallClock(), this.last + 1);
    this.last = first + count - 1;
    return first;
  }

  get lastStamp(): number {
    return this.last;
  }

  async save(): Promise<void> {
    await this.tx.query('UPDATE server_clock SET last_stamp = $1 WHERE id = 1', [this.last]);
  }
}
