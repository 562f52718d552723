/**
 * The change feed of each replicated collection, for pulls and streams: the documents'
 * feed (store/documents.ts) for every collection devices write, the users' feed
 * (store/people.ts) for `people`, which the server writes from its user accounts.
 */
import type { ReplicatedCollection, SyncCheckpoint } from '../../shared/sync/protocol';
import { inScope } from '../auth/permissions';
import type { SqlExecutor } from '../store/database';
import {
  lastCheckpointOf,
  readChanges,
  type SiteScope,
  type StoredDocument,
} from '../store/documents';
import {
  lastPeopleCheckpoint,
  personVisible,
  readPeopleChanges,
  type PersonEntry,
} from '../store/people';

/** Collections only the server writes: a push to them is refused. */
export const SERVER_WRITTEN: readonly ReplicatedCollection[] = ['people'];

/** Changes after `after` in feed order, visible in `scope`. */
export function readFeed(
  db: SqlExecutor,
  collection: ReplicatedCollection,
  after: SyncCheckpoint | null,
  limit: number,
  scope: SiteScope,
): Promise<StoredDocument[]> {
  return collection === 'people'
    ? readPeopleChanges(db, after, limit, scope)
    : readChanges(db, collection, after, limit, scope);
}

export function lastFeedCheckpoint(
  db: SqlExecutor,
  collection: ReplicatedCollection,
): Promise<SyncCheckpoint | null> {
  return collection === 'people' ? lastPeopleCheckpoint(db) : lastCheckpointOf(db, collection);
}

function isPersonEntry(doc: StoredDocument): doc is PersonEntry {
  return 'personSites' in doc;
}

/** Whether a reader with `scope` may see a change read from a feed. */
export function visibleTo(scope: SiteScope, doc: StoredDocument): boolean {
  return isPersonEntry(doc) ? personVisible(scope, doc) : inScope(scope, doc.site);
}
