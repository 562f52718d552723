/**
 * Which accepted writes queue a delivery in the outbox, and under which topic. Relay workers
 * (Jira, SAP BPA) subscribe to topics; collections not listed queue nothing.
 */
import type { ReplicatedCollection } from '../../shared/sync/protocol';
import type { StoredDocument } from '../store/documents';
import type { OutboxEntry } from '../store/outbox';

export const OUTBOX_TOPICS: Partial<Record<ReplicatedCollection, string>> = {
  issues: 'issues.changed',
  comments: 'comments.added',
};

export function outboxEntriesFor(
  collection: ReplicatedCollection,
  written: StoredDocument,
): OutboxEntry[] {
  const topic = OUTBOX_TOPICS[collection];
  if (!topic) return [];
  return [
    {
      topic,
      collection,
      documentId: written.id,
      payload: {
        document: written.body,
        deleted: written.deleted,
        updatedAt: written.updatedAt,
        by: written.updatedBy,
        deviceId: written.updatedOnDevice,
        site: written.site,
      },
    },
  ];
}
