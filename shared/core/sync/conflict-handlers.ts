/**
 * The conflict handler of every collection of the app's database, built on the pure merge of
 * shared/sync: issues merge three ways (the losing values kept in the issue's history),
 * workflows and locations field by field, fired escalations keep the earliest firing,
 * append-only collections, escalation rules (one immutable document per version) and people
 * (written by the server only) keep the server's state.
 * Registered when the database opens (database.ts), so a replication finds them in place.
 */
import type { RxCollection, RxConflictHandler } from 'rxdb';
import type { IssueComment, IssueEvent, Person } from '../../domain';
import type { EscalationRuleDocument } from '../../escalation/escalation-rule.schema';
import type { EscalationRecord } from '../../escalation/records';
import {
  createAppendOnlyConflictHandler,
  createEscalationConflictHandler,
  createIssueConflictHandler,
  createLocationConflictHandler,
  createWorkflowConflictHandler,
} from '../../sync/conflict-handler';
import { conflictEvents, type ConflictRecorder } from '../../sync/merge';
import type { AppCollections, AppDatabase } from '../database';

type HandlerOf<C> = C extends RxCollection<infer T> ? RxConflictHandler<T> : never;
export type AppConflictHandlers = { [K in keyof AppCollections]: HandlerOf<AppCollections[K]> };

export interface ConflictHandlerAccess {
  /** The database the handlers run in (known once it is open; handlers run only then). */
  database(): AppDatabase;
  /**
   * Who records a resolved issue conflict in its history: the user acting on this device,
   * and now. Without it, issue conflicts are merged but not recorded: only for databases
   * that never replicate (a window's view over IPC).
   */
  recorder?: () => ConflictRecorder;
}

/** Inserts documents, leaving alone those whose id exists already (same id, same content). */
export async function insertIgnoringExisting<T>(
  collection: RxCollection<T>,
  documents: readonly T[],
): Promise<void> {
  if (documents.length === 0) return;
  const result = await collection.bulkInsert([...documents]);
  const failed = result.error.find((error) => error.status !== 409);
  if (failed) {
    throw new Error(
      `Recording a resolved conflict failed (${failed.status}) for document ${failed.documentId}.`,
    );
  }
}

export function createAppConflictHandlers(access: ConflictHandlerAccess): AppConflictHandlers {
  return {
    issues: createIssueConflictHandler({
      async workflowOf(workflowId) {
        const doc = await access.database().workflows.findOne(workflowId).exec();
        return doc?.toMutableJSON();
      },
      async onResolved(resolution) {
        if (!access.recorder || resolution.losing.length === 0) return;
        const events = conflictEvents(resolution, access.recorder());
        await insertIgnoringExisting(access.database().issue_events, events);
      },
    }),
    comments: createAppendOnlyConflictHandler<IssueComment>(),
    issue_events: createAppendOnlyConflictHandler<IssueEvent>(),
    workflows: createWorkflowConflictHandler(),
    locations: createLocationConflictHandler(),
    people: createAppendOnlyConflictHandler<Person>(),
    escalation_rules: createAppendOnlyConflictHandler<EscalationRuleDocument>(),
    escalations: createEscalationConflictHandler<EscalationRecord>(),
  };
}
