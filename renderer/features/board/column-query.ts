/**
 * The live data of one board column: the most recently updated issues in its status (at
 * most `limit`, optionally only at some locations) and how many there are in all. Only
 * what is shown is loaded, so a board over 50,000 issues stays as quick as one over fifty.
 */
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { catchError, combineLatest, map, of, throwError, type Observable } from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue } from '../../../shared/domain';

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

export function columnContent(
  db: AppDatabase,
  statusId: string,
  locationIds: readonly string[] | undefined,
  limit: number,
): Observable<ColumnContent> {
  const selector = columnSelector(statusId, locationIds);
  const issues = db.issues
    .find({ selector, sort: [{ updatedAt: 'desc' }, { id: 'asc' }], limit })
    .$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON())));
  return combineLatest([issues, liveCount(db.issues, selector)]).pipe(
    map(([shown, total]) => ({ issues: shown, total: Math.max(total, shown.length) })),
  );
}
