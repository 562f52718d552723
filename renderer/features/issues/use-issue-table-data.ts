/**
 * Everything the issue table reads, kept live from RxDB queries on the window's database: all
 * issues as rows, the workflows and locations they are shown and queried against, and which
 * issues have escalated (documents in `escalations`).
 */
import { useCallback, useEffect, useState } from 'react';
import { combineLatest, map } from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue, Location, Workflow } from '../../../shared/domain';
import type { QueryContext } from '../../../shared/query';
import { DEFAULT_WORKFLOW_ID } from '../../../shared/workflow';
import {
  IssueRowCache,
  createRowContext,
  escalationMarks,
  type EscalationMark,
  type IssueRow,
  type RowContext,
} from './issue-rows';

/** The query context without `now`, which is taken when a query is compiled. */
export type QueryWorld = Pick<QueryContext, 'statuses' | 'locations'>;

export type IssueTableData =
  | { state: 'loading' }
  | { state: 'failed'; message: string; retry: () => void }
  | {
      state: 'ready';
      rows: readonly IssueRow[];
      rowContext: RowContext;
      world: QueryWorld;
    };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Ready = Extract<IssueTableData, { state: 'ready' }>;

/**
 * Follows the four live queries and derives the rows from them; returns the unsubscribe.
 * Throws when the database cannot be queried at all (it was closed, say).
 */
function followTableData(
  db: AppDatabase,
  onData: (data: Ready) => void,
  onError: (error: unknown) => void,
): () => void {
  // The stored objects themselves (no copies): unchanged documents keep their objects, and
  // with them their rows.
  // In id order: the order every sort of the table breaks its ties by (issue-view.ts).
  const issues$ = db.issues
    .find({ sort: [{ id: 'asc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toJSON(true) as Issue)));
  const workflows$ = db.workflows
    .find()
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).sort(byWorkflowOrder)));
  const locations$ = db.locations.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
  const escalations$ = db.escalations.find().$.pipe(map((docs) => docs.map((d) => d.toJSON())));

  let cache: IssueRowCache | undefined;
  let cachedWorkflows: readonly Workflow[] | undefined;
  let cachedLocations: readonly Location[] | undefined;
  let world: QueryWorld = { statuses: [], locations: [] };
  let marks: Map<string, EscalationMark> | undefined;
  let markSource: unknown;

  const subscription = combineLatest([issues$, workflows$, locations$, escalations$]).subscribe({
    next: ([issues, workflows, locations, escalations]) => {
      if (!cache || workflows !== cachedWorkflows || locations !== cachedLocations) {
        cache = new IssueRowCache(createRowContext(workflows, locations));
        cachedWorkflows = workflows;
        cachedLocations = locations;
        world = { statuses: workflows.flatMap((workflow) => workflow.statuses), locations };
      }
      if (escalations !== markSource) {
        marks = escalationMarks(escalations, marks);
        markSource = escalations;
      }
      onData({ state: 'ready', rows: cache.rows(issues, marks), rowContext: cache.context, world });
    },
    error: onError,
  });
  return () => subscription.unsubscribe();
}

export function useIssueTableData(db: AppDatabase): IssueTableData {
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const [data, setData] = useState<IssueTableData>({ state: 'loading' });

  useEffect(() => {
    setData({ state: 'loading' });
    const fail = (error: unknown) => setData({ state: 'failed', message: messageOf(error), retry });
    try {
      return followTableData(db, setData, fail);
    } catch (error) {
      fail(error);
      return undefined;
    }
  }, [db, attempt, retry]);

  return data;
}

/** The default workflow first, then by name: the order statuses sort in. */
function byWorkflowOrder(a: Workflow, b: Workflow): number {
  if (a.id === b.id) return 0;
  if (a.id === DEFAULT_WORKFLOW_ID) return -1;
  if (b.id === DEFAULT_WORKFLOW_ID) return 1;
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
}
