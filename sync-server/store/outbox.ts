/**
 * The transactional outbox: deliveries to external systems (Jira, SAP BPA) are queued in the
 * same transaction that stores the change they are about, so a change is never stored
 * without its deliveries nor delivered without being stored. Relay workers drain it.
 */
import type { SqlExecutor, Transaction } from './database';

export interface OutboxEntry {
  /** What happened, e.g. `issues.changed`; relay workers pick the topics they deliver. */
  topic: string;
  collection: string;
  documentId: string;
  payload: Record<string, unknown>;
}

export interface QueuedOutboxEntry extends OutboxEntry {
  id: number;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
}

export async function queueOutbox(
  tx: Transaction,
  entries: readonly OutboxEntry[],
  now: number,
): Promise<void> {
  for (const entry of entries) {
    await tx.query(
      `INSERT INTO outbox (topic, collection, document_id, payload, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $5)`,
      [entry.topic, entry.collection, entry.documentId, JSON.stringify(entry.payload), now],
    );
  }
}

interface OutboxRow {
  id: number;
  topic: string;
  collection: string;
  document_id: string;
  payload: Record<string, unknown>;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

/** Entries not yet delivered nor dead-lettered, oldest first. */
export async function listPendingOutbox(
  db: SqlExecutor,
  limit = 100,
): Promise<QueuedOutboxEntry[]> {
  const rows = await db.query<OutboxRow>(
    `SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    collection: row.collection,
    documentId: row.document_id,
    payload: row.payload,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  }));
}
