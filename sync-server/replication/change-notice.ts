/**
 * The notification a write sends when it commits: which collection's feed moved, and up to
 * which stamp. Small by design (PostgreSQL NOTIFY payloads are limited); listeners read the
 * changed documents from the feed themselves.
 */
import type { ReplicatedCollection } from '../../shared/sync/protocol';
import { isReplicatedCollection } from '../../shared/sync/protocol';

export const CHANGES_CHANNEL = 'document_changes';

export interface ChangeNotice {
  collection: ReplicatedCollection;
  lastStamp: number;
}

export function encodeChangeNotice(notice: ChangeNotice): string {
  return JSON.stringify(notice);
}

export function decodeChangeNotice(payload: string): ChangeNotice | undefined {
  try {
    const value = JSON.parse(payload) as Partial<ChangeNotice>;
    if (typeof value.collection === 'string' && isReplicatedCollection(value.collection)) {
      return { collection: value.collection, lastStamp: Number(value.lastStamp) || 0 };
    }
  } catch {
    // not a notice of ours
  }
  return undefined;
}
