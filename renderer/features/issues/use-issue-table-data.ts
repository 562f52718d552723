/**
 * Everything the issue table reads, kept live from RxDB queries on the window's database: all
 * issues as rows, the workflows, locations and people they are shown and queried against, and
 * which issues have escalated (documents in `escalations`). People come from the one people
 * directory of the database (app/people.ts) that every screen names people by.
 *
 * Reading 50,000 issues from IndexedDB takes seconds, so the newest are read first and the
 * rest in slices (issue-list.ts): the table shows as soon as the newest are in, with its
 * progress, and grows as the rest arrive. The data is kept per database and shared: it stays
 * followed for a while after the table is left, and coming back from the board shows the
 * table at once.
 */
import { useSyncExternalStore } from 'react';
import {
  Observable,
  asyncScheduler,
  combineLatest,
  map,
  share,
  startWith,
  switchMap,
  take,
  throttleTime,
} from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import type { Location, Workflow } from '../../../shared/domain';
import { DEFAULT_WORKFLOW_ID } from '../../../shared/workflow';
import { peopleSource, type PeopleDirectory } from '../../app/people';
import {
  IssueRowCache,
  createRowContext,
  escalationMarks,
  type EscalationMark,
  type IssueRow,
  type RowContext,
} from './issue-rows';

import type { QueryWorld } from '../query-bar/query-analysis';
import { followIssueList, type IssueList } from './issue-list';

/** The most often the table takes a new list of issues while they change in a burst. */
export const UPDATE_EVERY_MS = 250;

/** How long the queries stay subscribed after the last view of the table has closed. */
export const KEEP_ALIVE_MS = 5 * 60_000;

export type IssueTableData =
  /** `expected`: how many issues are being read, once counted. */
  | { state: 'loading'; expected?: number }
  | { state: 'failed'; message: string; retry: () => void }
  | {
      state: 'ready';
      rows: readonly IssueRow[];
      rowContext: RowContext;
      world: QueryWorld;
      /** Present while issues are still being read: how many are in, of how many. */
      reading?: { loaded: number; expected: number | undefined };
      /** Escalation marks are still being read (the rows show none until then). */
      marksPending?: boolean;
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
  // with them their rows. In id order: the order every sort of the table breaks its ties by
  // (issue-view.ts).
  const issues$ = new Observable<IssueList>((subscriber) =>
    followIssueList(
      db.issues,
      (list) => subscriber.next(list),
      (error) => subscriber.error(error),
    ),
  ).pipe(share());
  const workflows$ = db.workflows
    .find()
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).sort(byWorkflowOrder)));
  const locations$ = db.locations.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
  // The rows show before the escalations are read (no marks until then), and the escalations
  // are read only once the first rows are in: the two reads would slow each other down.
  const escalations$ = issues$.pipe(
    take(1),
    switchMap(() => db.escalations.find().$),
    // The stored data itself: a copy of every record at every change cost more than the
    // marks made from them.
    map((docs) => docs.map((d) => d.toJSON(true))),
    startWith(undefined),
  );

  let cache: IssueRowCache | undefined;
  let cachedWorkflows: readonly Workflow[] | undefined;
  let cachedLocations: readonly Location[] | undefined;
  let cachedPeople: PeopleDirectory | undefined;
  let world: QueryWorld = { statuses: [], locations: [], people: [] };
  let marks: Map<string, EscalationMark> | undefined;
  let markSource: unknown;

  const people$ = peopleSource(db).directory$;
  const subscription = combineLatest([issues$, workflows$, locations$, people$, escalations$])
    .pipe(
      // Each new list derives and orders every row again: a burst of writes (the escalation
      // scheduler firing a backlog, a sync catching up) is shown at most every UPDATE_EVERY_MS,
      // its first change at once and its last one too.
      throttleTime(UPDATE_EVERY_MS, asyncScheduler, { leading: true, trailing: true }),
    )
    .subscribe({
      next: ([list, workflows, locations, people, escalations]) => {
        if (
          !cache ||
          workflows !== cachedWorkflows ||
          locations !== cachedLocations ||
          people !== cachedPeople
        ) {
          cache = new IssueRowCache(createRowContext(workflows, locations, people));
          cachedWorkflows = workflows;
          cachedLocations = locations;
          cachedPeople = people;
          world = {
            statuses: workflows.flatMap((workflow) => workflow.statuses),
            locations,
            people: people.all,
          };
        }
        if (escalations !== undefined && escalations !== markSource) {
          marks = escalationMarks(escalations, marks);
          markSource = escalations;
        }
        onData({
          state: 'ready',
          rows: cache.rows(list.issues, marks),
          rowContext: cache.context,
          world,
          ...(!list.complete && {
            reading: { loaded: list.issues.length, expected: list.expected },
          }),
          ...(escalations === undefined && { marksPending: true }),
        });
      },
      error: onError,
    });
  return () => subscription.unsubscribe();
}

interface TableDataStore {
  get: () => IssueTableData;
  subscribe: (listener: () => void) => () => void;
}

const stores = new WeakMap<AppDatabase, TableDataStore>();

function createStore(db: AppDatabase, onDisposed: () => void): TableDataStore {
  let data: IssueTableData = { state: 'loading' };
  const listeners = new Set<() => void>();
  let stop: (() => void) | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const set = (next: IssueTableData) => {
    data = next;
    for (const listener of [...listeners]) listener();
  };
  const stopFollowing = () => {
    stop?.();
    stop = undefined;
  };
  const fail = (error: unknown) => {
    stopFollowing();
    set({ state: 'failed', message: messageOf(error), retry: start });
  };
  function start(): void {
    if (closed) return;
    stopFollowing();
    set({ state: 'loading' });
    // A count is quick (an index), so the wait can say how much is being read.
    db.issues
      .count()
      .exec()
      .then(
        (expected) =>
          expected > 0 && data.state === 'loading' && set({ state: 'loading', expected }),
        () => undefined,
      );
    try {
      stop = followTableData(db, set, fail);
    } catch (error) {
      // A database that cannot even be queried fails like a failing query.
      fail(error);
    }
  }
  function dispose(): void {
    clearTimeout(idle);
    stopFollowing();
    onDisposed();
  }
  db.onClose.push(() => {
    closed = true;
    dispose();
  });

  return {
    get: () => data,
    subscribe: (listener) => {
      listeners.add(listener);
      clearTimeout(idle);
      idle = undefined;
      if (!stop && !closed) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) idle = setTimeout(dispose, KEEP_ALIVE_MS);
      };
    },
  };
}

function storeOf(db: AppDatabase): TableDataStore {
  let store = stores.get(db);
  if (!store) {
    store = createStore(db, () => stores.delete(db));
    stores.set(db, store);
  }
  return store;
}

export function useIssueTableData(db: AppDatabase): IssueTableData {
  const store = storeOf(db);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** The default workflow first, then by name: the order statuses sort in. */
function byWorkflowOrder(a: Workflow, b: Workflow): number {
  if (a.id === b.id) return 0;
  if (a.id === DEFAULT_WORKFLOW_ID) return -1;
  if (b.id === DEFAULT_WORKFLOW_ID) return 1;
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
}
