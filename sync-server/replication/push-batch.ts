/**
 * A push, all in one transaction: lock the stamp clock, read the stored states, derive
 * every document's site, authorize, detect conflicts by revision, write the rest with fresh
 * stamps, queue outbox deliveries, and notify listeners on commit. A refusal (a site or
 * role the user lacks, an unknown parent) throws before anything is committed, so a refused
 * batch writes nothing; conflicts are not refusals: they are answered, the rest is written.
 */
import { COLLECTIONS } from '../../shared/schemas';
import { compareEscalationStates, type EscalationState } from '../../shared/sync/escalation-order';
import type {
  ReplicatedCollection,
  ReplicatedDocument,
  SyncProblem,
} from '../../shared/sync/protocol';
import type { Principal } from '../auth/principal';
import { canWrite, inScope } from '../auth/permissions';
import {
  canChangeSite,
  collectionsFollowingSite,
  siteReference,
  type SiteReference,
} from '../auth/site-rule';
import { SyncError } from '../http/sync-error';
import type { Database, Transaction } from '../store/database';
import {
  moveChildrenToSite,
  readDocuments,
  readSites,
  StampClock,
  writeDocument,
  type StoredDocument,
} from '../store/documents';
import { queueOutbox } from '../store/outbox';
import { CHANGES_CHANNEL, encodeChangeNotice } from './change-notice';
import type { CheckedRow } from './document-validator';
import { outboxEntriesFor } from './outbox-topics';
import { documentRevision } from './revision';

export interface PushOutcome {
  /** The server's state of each conflicting row, as the client must receive it. */
  conflicts: ReplicatedDocument<Record<string, unknown>>[];
  written: number;
}

type ReplicatedState = ReplicatedDocument<Record<string, unknown>>;

/**
 * Collections whose documents devices write independently under one deterministic id: of two
 * states, the one the order puts first stands (negative: the first). A pushed state replaces
 * the stored one when it comes first, else the stored one is answered as the conflict, so
 * the server holds the least of every state pushed, in whatever order they came.
 */
const STANDING_ORDER: Partial<
  Record<ReplicatedCollection, (a: ReplicatedState, b: ReplicatedState) => number>
> = {
  escalations: (a, b) =>
    compareEscalationStates(a as unknown as EscalationState, b as unknown as EscalationState),
};

export function replicatedState(doc: StoredDocument): ReplicatedDocument<Record<string, unknown>> {
  return { ...doc.body, _deleted: doc.deleted };
}

export async function pushBatch(
  db: Database,
  collection: ReplicatedCollection,
  rows: readonly CheckedRow[],
  principal: Principal,
  wallClock: () => number = Date.now,
): Promise<PushOutcome> {
  if (!canWrite(principal.user.role, collection)) {
    throw new SyncError('forbidden', `A ${principal.user.role} may not write ${collection}.`);
  }
  if (rows.length === 0) return { conflicts: [], written: 0 };

  return db.transaction(async (tx) => {
    const clock = await StampClock.lock(tx, wallClock);
    const stored = await readDocuments(
      tx,
      collection,
      rows.map((row) => row.id),
    );
    const sites = await deriveSites(tx, collection, rows);
    authorize(collection, rows, stored, sites, principal);

    const appendOnly = COLLECTIONS[collection].appendOnly;
    const standing = STANDING_ORDER[collection];
    const conflicts: PushOutcome['conflicts'] = [];
    const touched = new Set<ReplicatedCollection>();
    let written = 0;
    for (const row of rows) {
      const current = stored.get(row.id);
      const rev = documentRevision(row.body, row.deleted);
      if (current) {
        if (current.rev === rev) continue; // already the server's state
        if (standing) {
          // The state that stands is the least of all written, whatever was assumed.
          const stored = replicatedState(current);
          if (standing(stored, { ...row.body, _deleted: row.deleted }) < 0) {
            conflicts.push(stored);
            continue;
          }
        } else {
          const assumedRev = row.assumed && documentRevision(row.assumed.body, row.assumed.deleted);
          if (assumedRev !== current.rev || appendOnly) {
            conflicts.push(replicatedState(current));
            continue;
          }
        }
      }
      const site = sites.get(row.id)!;
      const doc: StoredDocument = {
        id: row.id,
        body: row.body,
        deleted: row.deleted,
        rev,
        updatedAt: clock.next(),
        updatedBy: principal.user.id,
        updatedOnDevice: principal.deviceId,
        site: site.site,
        parentId: site.parentId,
      };
      await writeDocument(tx, collection, doc);
      await queueOutbox(tx, outboxEntriesFor(collection, doc), wallClock());
      touched.add(collection);
      written += 1;
      if (current && current.site !== doc.site) {
        for (const follower of collectionsFollowingSite(collection)) {
          if (await moveChildrenToSite(tx, follower, doc.id, doc.site, clock))
            touched.add(follower);
        }
      }
    }
    if (touched.size > 0) {
      await clock.save();
      for (const name of touched) {
        await tx.notify(
          CHANGES_CHANNEL,
          encodeChangeNotice({ collection: name, lastStamp: clock.lastStamp }),
        );
      }
    }
    return { conflicts, written };
  });
}

interface DerivedSite {
  site: string | null;
  parentId: string | null;
}

/**
 * Each row's site by the site rule. A parent may be stored, or be another row of this
 * batch (a new area under a new site, pushed together), in any order.
 */
async function deriveSites(
  tx: Transaction,
  collection: ReplicatedCollection,
  rows: readonly CheckedRow[],
): Promise<Map<string, DerivedSite>> {
  const references = new Map<string, SiteReference>();
  const problems: SyncProblem[] = [];
  rows.forEach((row, index) => {
    try {
      references.set(row.id, siteReference(collection, row.body));
    } catch (error) {
      problems.push({ row: index, documentId: row.id, message: (error as Error).message });
    }
  });
  if (problems.length > 0) throw new SyncError('invalid-document', problems[0]!.message, problems);

  const byParent = new Map<string, string[]>();
  for (const reference of references.values()) {
    if ('parent' in reference) {
      byParent.set(reference.parent, [
        ...(byParent.get(reference.parent) ?? []),
        reference.parentId,
      ]);
    }
  }
  const storedSites = new Map<string, Map<string, string | null>>();
  for (const [parent, ids] of byParent) storedSites.set(parent, await readSites(tx, parent, ids));

  const derived = new Map<string, DerivedSite>();
  let pending = rows.map((row, index) => ({ row, index }));
  for (let progress = true; pending.length > 0 && progress;) {
    progress = false;
    pending = pending.filter(({ row }) => {
      const reference = references.get(row.id)!;
      if ('site' in reference) {
        derived.set(row.id, { site: reference.site, parentId: null });
      } else if (reference.parent === collection && references.has(reference.parentId)) {
        const parent = derived.get(reference.parentId);
        if (!parent) return true; // its parent in this batch is not resolved yet
        derived.set(row.id, { site: parent.site, parentId: reference.parentId });
      } else {
        const sitesOfParents = storedSites.get(reference.parent)!;
        if (!sitesOfParents.has(reference.parentId)) return true;
        derived.set(row.id, {
          site: sitesOfParents.get(reference.parentId) ?? null,
          parentId: reference.parentId,
        });
      }
      progress = true;
      return false;
    });
  }
  if (pending.length > 0) {
    const missing = pending.map(({ row, index }) => {
      const reference = references.get(row.id) as { parent: string; parentId: string };
      return {
        row: index,
        documentId: row.id,
        message: `The server does not know ${reference.parent} ${reference.parentId} (yet); push it first.`,
      };
    });
    throw new SyncError('unknown-parent', missing[0]!.message, missing);
  }
  return derived;
}

function authorize(
  collection: ReplicatedCollection,
  rows: readonly CheckedRow[],
  stored: Map<string, StoredDocument>,
  sites: Map<string, DerivedSite>,
  principal: Principal,
): void {
  const forbidden: SyncProblem[] = [];
  const invalid: SyncProblem[] = [];
  rows.forEach((row, index) => {
    const site = sites.get(row.id)!.site;
    const current = stored.get(row.id);
    if (current && !inScope(principal.scope, current.site)) {
      forbidden.push({
        row: index,
        documentId: row.id,
        message: `The document belongs to site ${current.site}, which is not yours.`,
      });
    } else if (!inScope(principal.scope, site)) {
      forbidden.push({
        row: index,
        documentId: row.id,
        message: `The document belongs to site ${site}, which is not yours.`,
      });
    } else if (current && current.site !== site && !canChangeSite(collection)) {
      invalid.push({
        row: index,
        documentId: row.id,
        message: `A ${collection} document cannot move to another site.`,
      });
    }
  });
  if (forbidden.length > 0) {
    throw new SyncError(
      'forbidden',
      'The batch holds documents of sites you do not have.',
      forbidden,
    );
  }
  if (invalid.length > 0) throw new SyncError('invalid-document', invalid[0]!.message, invalid);
}
