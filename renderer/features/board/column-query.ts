/**
 * The live data of one board column: the most recently updated issues in its status (at
 * most `limit`, optionally only at some locations) and how many there are in all. Only
 * what is shown is read, and the count comes from an index, so a board over 50,000 issues
 * opens as quickly as one over fifty.
 */
import type { MangoQuerySelector, MangoQuerySortPart, RxCollection } from 'rxdb';
import {
  BehaviorSubject,
  ReplaySubject,
  share,
  take,
  timer,
  catchError,
  combineLatest,
  defer,
  distinctUntilChanged,
  filter,
  firstValueFrom,
  from,
  map,
  of,
  switchMap,
  throwError,
  Observable,
} from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue } from '../../../shared/domain';
import {
  countKey,
  defaultCountMemory,
  recallUnchanged,
  rememberedLiveCount,
  rememberWhenQuiet,
  type CountMemory,
} from './remembered-count';

export interface ColumnContent {
  issues: Issue[];
  /** Every issue in the column (under the location filter), shown or not. */
  total: number;
}

export function columnSelector(
  statusId: string,
  locationIds: readonly string[] | undefined,
): MangoQuerySelector<Issue> {
  return locationIds === undefined
    ? { status: statusId }
    : { status: statusId, locationId: { $in: [...locationIds] } };
}

function isSlowCountRefusal(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'QU14'
  );
}

/**
 * A live count. Storages answer counts from an index when they can; IndexedDB cannot for a
 * selector no single index covers (status and location together), and RxDB refuses such a
 * count rather than run it slowly. Then the matching documents are counted instead.
 */
export function liveCount<T>(
  collection: RxCollection<T>,
  selector: MangoQuerySelector<T>,
): Observable<number> {
  return collection
    .count({ selector })
    .$.pipe(
      catchError((error: unknown) =>
        isSlowCountRefusal(error)
          ? collection.find({ selector }).$.pipe(map((docs) => docs.length))
          : throwError(() => error),
      ),
    );
}

/**
 * A live count of the documents whose `field` is any of `values`, as the sum of one indexed
 * count per value: fast on every storage, where a `$in` count may not be.
 */
export function liveCountOfAny<T>(
  collection: RxCollection<T>,
  field: keyof T & string,
  values: readonly string[],
): Observable<number> {
  if (values.length === 0) return of(0);
  return combineLatest(
    values.map((value) => liveCount(collection, { [field]: value } as MangoQuerySelector<T>)),
  ).pipe(map((counts) => counts.reduce((sum, n) => sum + n, 0)));
}

/** The newest first; ties in the order of ids, so every look gives the same cards. */
const NEWEST_FIRST: MangoQuerySortPart<Issue>[] = [{ updatedAt: 'desc' }, { id: 'asc' }];

/** How far back the first look for a column's newest issues goes, and how much further each next one. */
export const FIRST_SPAN_MS = 60 * 60_000;
export const SPAN_GROWTH = 4;
/** How many bounds are counted at once. */
const BOUNDS_AT_ONCE = 3;

/** The next, earlier bound after `since`: four times as far back, or none once past the epoch. */
export function widerBound(since: number, now: number): number | undefined {
  const next = now - Math.max(now - since, 1) * SPAN_GROWTH;
  return next > 0 ? next : undefined;
}

/** A bound that holds more than this many times `limit` issues is narrowed down. */
const NARROW_ABOVE = 4;

/**
 * The latest bound on `updatedAt` since which the column holds at least `limit` issues (and,
 * where the times allow, not many more), found by counting on the [status, updatedAt] index:
 * no document is read, and IndexedDB counts a short range quickly. Bounds an hour, four
 * hours, sixteen… back are counted a few at once; when the one found holds far more than
 * `limit` issues (many updated at about the same time, say by a burst of escalations), it is
 * halved towards the previous one until it does not. Undefined when the whole column is
 * needed. Ignores a location filter: the count is then an upper bound.
 */
export async function firstBound(
  issues: RxCollection<Issue>,
  statusId: string,
  limit: number,
  now: number,
  /** The whole column's count, when it is being taken anyway. */
  total?: Promise<number>,
): Promise<number | undefined> {
  const newer = (since: number) =>
    issues.count({ selector: { status: statusId, updatedAt: { $gte: since } } }).exec();
  // The whole column is counted alongside the first bounds (its header shows the count);
  // should that fail, the bounds alone decide.
  const all = (total ?? issues.count({ selector: { status: statusId } }).exec()).catch(
    () => Infinity,
  );
  /** A bound known to hold fewer than `limit` issues. */
  let later = now + 1;
  let since: number | undefined = now - FIRST_SPAN_MS;
  while (since !== undefined) {
    const bounds: number[] = [];
    while (since !== undefined && bounds.length < BOUNDS_AT_ONCE) {
      bounds.push(since);
      since = widerBound(since, now);
    }
    const counts = await Promise.all(bounds.map(newer));
    const at = counts.findIndex((count) => count >= limit);
    if (at >= 0) {
      let found = bounds[at] as number;
      let count = counts[at] as number;
      if (at > 0) later = bounds[at - 1] as number;
      while (count > NARROW_ABOVE * limit && later - found > 1) {
        const middle = Math.floor((found + later) / 2);
        const inside = await newer(middle);
        if (inside >= limit) {
          found = middle;
          count = inside;
        } else later = middle;
      }
      return found;
    }
    later = bounds[bounds.length - 1] as number;
    if ((await all) <= limit) return undefined;
  }
  return undefined;
}

/**
 * Where the bound of a whole column's first page is remembered between starts: the oldest
 * `updatedAt` the page showed, or 0 when it showed the whole column.
 */
function firstPageKey(db: AppDatabase, statusId: string, limit: number): Promise<string> {
  return countKey(db.issues, { status: statusId }).then((key) =>
    JSON.stringify(['first-page', limit, key]),
  );
}

/**
 * The bound of the whole column's first page as it was at the last start, when no issue has
 * been written since (the page is then the same); else found by counting (firstBound).
 */
async function startingBound(
  db: AppDatabase,
  statusId: string,
  limit: number,
  started: number,
  memory: CountMemory | undefined,
  now: () => number,
  total: Promise<number> | undefined,
): Promise<number | undefined> {
  if (memory && total) {
    const remembered = await firstPageKey(db, statusId, limit)
      .then((key) => recallUnchanged(db.issues, memory, key, now))
      .catch(() => undefined);
    if (remembered !== undefined) return remembered === 0 ? undefined : remembered;
  }
  return firstBound(db.issues, statusId, limit, started, total);
}

/**
 * The column's content, live. IndexedDB has no descending index, so a query for the most
 * recently updated issues reads every issue of the status before it can keep the first
 * `limit` (every closed issue, for the Closed column). The query asks instead for the issues
 * updated since a bound (firstBound), which the [status, updatedAt] index answers by reading
 * about `limit` documents. When the result falls short while the column holds more (cards
 * moved away, a location filter), the bound moves further back and the query runs again;
 * a short result is not shown meanwhile. The whole board's columns remember the bound their
 * first page needed, and start from it while the issues are unchanged (startingBound).
 */
export function columnContent(
  db: AppDatabase,
  statusId: string,
  locationIds: readonly string[] | undefined,
  limit: number,
  now: () => number = Date.now,
  memory: CountMemory | undefined = defaultCountMemory(),
): Observable<ColumnContent> {
  const selector = columnSelector(statusId, locationIds);
  return defer(() => {
    const started = now();
    // The whole board's columns start from the count remembered from the last start when the
    // issues have not changed since (a location filter changes too often to keep counts for).
    const total$ = () =>
      locationIds === undefined
        ? rememberedLiveCount(
            db.issues,
            selector,
            () => liveCount(db.issues, selector),
            memory,
            now,
          )
        : liveCount(db.issues, selector);
    // The first bound is looked for meanwhile; the count is taken (or found) once, and the
    // live count below finds it in the query's cache.
    const total = locationIds === undefined ? firstValueFrom(total$()) : undefined;
    return from(startingBound(db, statusId, limit, started, memory, now, total)).pipe(
      switchMap((first) => {
        const bound$ = new BehaviorSubject<number | undefined>(first);
        const shown$ = bound$.pipe(
          distinctUntilChanged(),
          switchMap((since) =>
            db.issues
              .find({
                selector:
                  since === undefined ? selector : { ...selector, updatedAt: { $gte: since } },
                sort: NEWEST_FIRST,
                limit,
              })
              .$.pipe(map((docs) => ({ since, docs }))),
          ),
        );
        const content$ = combineLatest([shown$, total$()]).pipe(
          filter(([{ since, docs }, total]) => {
            if (since === undefined || docs.length >= Math.min(limit, total)) return true;
            bound$.next(widerBound(since, started));
            return false;
          }),
          map(([{ docs }, total]) => ({
            issues: docs.map((doc) => doc.toMutableJSON()),
            total: Math.max(total, docs.length),
          })),
        );
        return memory && locationIds === undefined
          ? rememberingFirstPage(content$, db, statusId, limit, memory, now)
          : content$;
      }),
    );
  });
}

/**
 * The content as it comes, remembering the bound of each page shown once the issues have
 * been quiet a while (see rememberWhenQuiet), for the next start.
 */
function rememberingFirstPage(
  content$: Observable<ColumnContent>,
  db: AppDatabase,
  statusId: string,
  limit: number,
  memory: CountMemory,
  now: () => number,
): Observable<ColumnContent> {
  return new Observable<ColumnContent>((subscriber) => {
    let cancel: (() => void) | undefined;
    let closed = false;
    /** How many contents were shown: only the last one's bound is remembered. */
    let shown = 0;
    const key = firstPageKey(db, statusId, limit);
    const subscription = content$.subscribe({
      next: (content) => {
        subscriber.next(content);
        cancel?.();
        cancel = undefined;
        const current = ++shown;
        const oldest = content.issues.at(-1);
        const bound = content.issues.length >= limit && oldest ? oldest.updatedAt : 0;
        void key.then(
          (found) => {
            if (closed || current !== shown) return;
            cancel = rememberWhenQuiet(db.issues, memory, found, bound, now);
          },
          () => undefined,
        );
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      closed = true;
      cancel?.();
      subscription.unsubscribe();
    };
  });
}

/** How many cards a column shows at first. */
export const BOARD_PAGE_SIZE = 50;

/** How long a column's live data outlives its last subscriber. */
const KEEP_MS = 10_000;

const sharedColumns = new WeakMap<AppDatabase, Map<string, Observable<ColumnContent>>>();

/**
 * columnContent, one live query per column shared by whoever asks for it, kept a few seconds
 * after the last one leaves: what preloadBoard started is taken over by the column, and a
 * column shown again soon after shows at once.
 */
export function sharedColumnContent(
  db: AppDatabase,
  statusId: string,
  locationIds: readonly string[] | undefined,
  limit: number,
): Observable<ColumnContent> {
  let columns = sharedColumns.get(db);
  if (!columns) {
    columns = new Map();
    sharedColumns.set(db, columns);
  }
  const key = JSON.stringify([statusId, limit, locationIds ?? null]);
  let column = columns.get(key);
  if (!column) {
    column = columnContent(db, statusId, locationIds, limit).pipe(
      share({
        connector: () => new ReplaySubject<ColumnContent>(1),
        resetOnError: true,
        resetOnComplete: true,
        resetOnRefCountZero: () => timer(KEEP_MS),
      }),
    );
    columns.set(key, column);
  }
  return column;
}

/**
 * Starts reading the board's columns (all locations, the first page) as soon as the database
 * is open, while the first screen is still being rendered: the columns then find their
 * queries under way, or done.
 */
export function preloadBoard(db: AppDatabase, statusIds: readonly string[]): void {
  for (const statusId of statusIds) {
    sharedColumnContent(db, statusId, undefined, BOARD_PAGE_SIZE)
      .pipe(take(1))
      // A failure shows in the column itself, which reads again.
      .subscribe({ error: () => undefined });
  }
}
