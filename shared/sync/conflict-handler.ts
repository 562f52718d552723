/**
 * RxDB conflict handlers for the app's collections, built on the pure merge in ./merge.
 *
 * Where the merge's base comes from: RxDB's replication keeps, per document, the last
 * master state the device saw (pulled, or accepted by a push) in the replication's meta
 * instance, and sends it with every push row as `assumedMasterState`. When the server
 * answers a push with a conflict, RxDB 17 calls `resolve({ assumedMasterState,
 * realMasterState, newDocumentState })` (replication-protocol/upstream.js → conflicts.js):
 * `assumedMasterState` is exactly the common ancestor of the device's state
 * (`newDocumentState`) and the server's (`realMasterState`). It is absent when the device
 * never saw the document from the server (both sides created the same id, or the device's
 * replication state was reset); the merge then works without a base. Nothing else needs to
 * be kept by the client. After `resolve`, RxDB writes the merged document to the local
 * collection and records `realMasterState` as the new assumed master, so the merged
 * document is pushed next against the right base.
 *
 * `isEqual` compares document content (fields and `_deleted`), never timestamps: RxDB uses
 * it to tell whether the device's state differs from the assumed master (something to
 * push) and, on the server side, whether a push's assumed master is still current.
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import type { Issue, Location, Workflow } from '../domain';
import { standingEscalation, type EscalationState } from './escalation-order';
import {
  ISSUE_BOOKKEEPING,
  LOCATION_MERGE,
  WORKFLOW_MERGE,
  mergeFieldwise,
  mergeIssue,
  sameContent,
  sameValue,
  statusCategories,
  type FieldwiseSpec,
  type MergeResult,
  type Resolution,
} from './merge';

/** Fields RxDB may carry on a document state that are local storage details, not content. */
const STORAGE_FIELDS = ['_meta', '_rev', '_attachments'];

function stateWithoutStorageFields(doc: object): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (!STORAGE_FIELDS.includes(field)) rest[field] = value;
  }
  return rest;
}

/**
 * Content equality of two document states: every field and `_deleted`, ignoring RxDB's
 * storage fields. Documents with a `version` that differs are unequal without a deeper look.
 */
export function sameDocumentState<T>(a: WithDeleted<T>, b: WithDeleted<T>): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  if (typeof left.version === 'number' && left.version !== right.version) return false;
  return sameValue(stateWithoutStorageFields(left), stateWithoutStorageFields(right));
}

function contentOf<T>(state: WithDeleted<T>): T {
  const rest = stateWithoutStorageFields(state);
  delete rest._deleted;
  return rest as T;
}

/** A merge as handed to `onResolved`: the three states, the merged one and what it lost. */
export type DocumentResolution<T> = Resolution<T>;

export type OnResolved<T> = (resolution: DocumentResolution<T>) => void | Promise<void>;

interface MergeKind<T> {
  bookkeeping: readonly string[];
  merge(base: T | undefined, local: T, remote: T): MergeResult<T> | Promise<MergeResult<T>>;
  /** The local state made into a new revision over the master's (used for deletions). */
  revise(local: T, remote: T): T;
}

/**
 * Deletions: both sides deleted, the master's state stands. One side deleted: if the other
 * side made no change since the base, the deletion stands; otherwise the edited document
 * lives on (an edit beats a delete) and the deletion is reported as a losing value.
 */
async function resolveStates<T>(
  input: RxConflictHandlerInput<T>,
  kind: MergeKind<T>,
): Promise<{ resolution: Resolution<T>; deleted: boolean }> {
  const baseState = input.assumedMasterState;
  const base = baseState && !baseState._deleted ? contentOf(baseState) : undefined;
  const local = contentOf(input.newDocumentState);
  const remote = contentOf(input.realMasterState);
  const localDeleted = input.newDocumentState._deleted;
  const remoteDeleted = input.realMasterState._deleted;
  const three = { local, remote, ...(base !== undefined && { base }) };
  const editedSinceBase = (doc: T) =>
    base === undefined || !sameContent(doc as object, base as object, kind.bookkeeping);

  if (!localDeleted && !remoteDeleted) {
    const result = await kind.merge(base, local, remote);
    return { resolution: { ...three, ...result }, deleted: false };
  }
  if (localDeleted && remoteDeleted) {
    return {
      resolution: { ...three, merged: remote, losing: [], keptRemote: true },
      deleted: true,
    };
  }
  const deletion = {
    field: '_deleted',
    lost: true,
    kept: false,
    rule: 'edit-beats-delete',
  } as const;
  if (remoteDeleted) {
    if (!editedSinceBase(local)) {
      return {
        resolution: { ...three, merged: remote, losing: [], keptRemote: true },
        deleted: true,
      };
    }
    const merged = kind.revise(local, remote);
    const losing = [{ ...deletion, side: 'remote' as const }];
    return { resolution: { ...three, merged, losing, keptRemote: false }, deleted: false };
  }
  if (!editedSinceBase(remote)) {
    const merged = kind.revise(local, remote);
    return { resolution: { ...three, merged, losing: [], keptRemote: false }, deleted: true };
  }
  const losing = [{ ...deletion, side: 'local' as const }];
  return { resolution: { ...three, merged: remote, losing, keptRemote: true }, deleted: false };
}

function handlerFor<T>(kind: MergeKind<T>, onResolved?: OnResolved<T>): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameDocumentState(a, b),
    async resolve(input) {
      const { resolution, deleted } = await resolveStates(input, kind);
      if (onResolved) await onResolved(resolution);
      return { ...resolution.merged, _deleted: deleted };
    },
  };
}

export interface IssueConflictHandlerOptions {
  /**
   * The workflow whose status categories decide a status conflict, e.g. read from the
   * local workflows collection. An unknown workflow makes status conflicts a tie (the
   * master's status is kept).
   */
  workflowOf(workflowId: string): Workflow | undefined | Promise<Workflow | undefined>;
  /**
   * Called with every resolved conflict before the merged issue is written. Write
   * `conflictEvents(resolution, …)` to issue_events here so losing values stay in the
   * issue's history. Throwing fails this resolution; RxDB retries it on the next push.
   * The same conflict may be resolved more than once (when a local write races the
   * resolution): the events' ids repeat then, so insert them ignoring existing ones.
   */
  onResolved?: OnResolved<Issue>;
}

export function createIssueConflictHandler(
  options: IssueConflictHandlerOptions,
): RxConflictHandler<Issue> {
  return handlerFor<Issue>(
    {
      bookkeeping: ISSUE_BOOKKEEPING,
      async merge(base, local, remote) {
        const ids = [...new Set([remote.workflowId, local.workflowId])];
        const workflows = await Promise.all(
          ids.map((id) => Promise.resolve(options.workflowOf(id))),
        );
        return mergeIssue(base, local, remote, { categoryOf: statusCategories(workflows) });
      },
      revise: (local, remote) => ({
        ...local,
        version: Math.max(local.version, remote.version) + 1,
      }),
    },
    options.onResolved,
  );
}

/** Field-wise three-way merge, the master winning fields (or units) both sides changed. */
export function createFieldwiseConflictHandler<T extends object>(
  spec: FieldwiseSpec,
  onResolved?: OnResolved<T>,
): RxConflictHandler<T> {
  return handlerFor<T>(
    {
      bookkeeping: [spec.key, ...spec.bookkeeping],
      merge: (base, local, remote) => mergeFieldwise(base, local, remote, spec),
      revise: (local) => local,
    },
    onResolved,
  );
}

export function createWorkflowConflictHandler(
  onResolved?: OnResolved<Workflow>,
): RxConflictHandler<Workflow> {
  return createFieldwiseConflictHandler<Workflow>(WORKFLOW_MERGE, onResolved);
}

export function createLocationConflictHandler(
  onResolved?: OnResolved<Location>,
): RxConflictHandler<Location> {
  return createFieldwiseConflictHandler<Location>(LOCATION_MERGE, onResolved);
}

/**
 * Append-only collections (comments, issue_events): a document is written once, so equal
 * ids imply equal content and a "conflict" can only be the same document pushed twice.
 * The master's state is kept.
 */
export function createAppendOnlyConflictHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameDocumentState(a, b),
    resolve: (input) => Promise.resolve(input.realMasterState),
  };
}

/**
 * Fired escalations: two devices that fire the same level write one id with their own
 * firing. The state the order of `escalation-order.ts` puts first stands, here as on the
 * server, which keeps the least of what it was pushed: the resolution is the master's state
 * unless this device's comes first (then the push that follows replaces the master's).
 */
export function createEscalationConflictHandler<T extends EscalationState>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameDocumentState(a, b),
    resolve: (input) =>
      Promise.resolve(standingEscalation(input.realMasterState, input.newDocumentState)),
  };
}
