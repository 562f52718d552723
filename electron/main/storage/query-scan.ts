/**
 * Answering a query without an index: every document is tested with the query's selector and
 * the matches are put in the query's order. The durable storage does this while the index a
 * query would use is still to be built (a large collection just opened, see `memory-state.ts`):
 * one pass over the documents costs far less than computing and sorting an index string for
 * each of them.
 *
 * The answer is the memory storage's: RxDB's selector semantics (its query matcher, or an
 * equivalent shortcut for plain equalities) and its sort comparator, which ends with the
 * primary key and so orders any two documents.
 */
import type { FilledMangoQuery, RxDocumentData, RxJsonSchema } from 'rxdb';
import { getQueryMatcher, getSortComparator, objectPathMonad } from 'rxdb';

type Matcher<T> = (document: RxDocumentData<T>) => boolean;

function isPlainValue(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && !Number.isNaN(value))
  );
}

/**
 * The query's selector as a function. A selector made only of equalities with strings,
 * numbers or booleans (`{ status: 'new' }`, which RxDB turns into `{ status: { $eq: 'new' },
 * _deleted: { $eq: false } }`) is tested by comparing the fields; a document whose field
 * holds an array or an object, or a dotted path that reaches none, is left to RxDB's
 * matcher, as is every other selector.
 */
export function selectorMatcher<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  query: FilledMangoQuery<T>,
): Matcher<T> {
  const matcher = getQueryMatcher(schema, query);
  const equalities: { path: string; get: (document: unknown) => unknown; value: unknown }[] = [];
  for (const [path, condition] of Object.entries(query.selector as Record<string, unknown>)) {
    let value = condition;
    if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
      const keys = Object.keys(condition);
      if (keys.length !== 1 || keys[0] !== '$eq') {
        return matcher;
      }
      value = (condition as { $eq: unknown }).$eq;
    }
    if (path.startsWith('$') || !isPlainValue(value)) {
      return matcher;
    }
    equalities.push({ path, get: objectPathMonad(path), value });
  }
  return (document) => {
    for (const equality of equalities) {
      const actual = equality.get(document);
      if (actual === equality.value) {
        continue;
      }
      if (
        (typeof actual === 'object' && actual !== null) ||
        (actual === undefined && equality.path.includes('.'))
      ) {
        return matcher(document);
      }
      return false;
    }
    return true;
  };
}

/**
 * The first `wanted` of `rows` in the order of `compare`, sorted (`rows` itself when that is
 * all of them). Keeps a sorted buffer of at most `wanted` rows, so picking 50 of 50,000 costs
 * about 50,000 comparisons, not a sort.
 */
export function firstInOrder<R>(rows: R[], wanted: number, compare: (a: R, b: R) => number): R[] {
  if (rows.length <= wanted) {
    return rows.sort(compare);
  }
  const best: R[] = [];
  if (wanted <= 0) {
    return best;
  }
  for (const row of rows) {
    if (best.length === wanted && compare(row, best[wanted - 1]!) >= 0) {
      continue;
    }
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(best[middle]!, row) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    best.splice(low, 0, row);
    if (best.length > wanted) {
      best.pop();
    }
  }
  return best;
}

/**
 * A scan answers a query when it asks for at most this many documents (skip + limit), or
 * matches at most this many: sorting more than that is better done once, by building the index.
 */
export const SCAN_MAX_SORTED = 5_000;

/**
 * The query's answer (skip and limit applied) from `documents`, or undefined when it asks for
 * and matches more than {@link SCAN_MAX_SORTED} documents.
 */
export function scanQuery<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  query: FilledMangoQuery<T>,
  documents: Iterable<RxDocumentData<T>>,
): RxDocumentData<T>[] | undefined {
  const skip = query.skip ?? 0;
  const wanted = skip + (typeof query.limit === 'number' ? query.limit : Infinity);
  const matches = selectorMatcher(schema, query);
  const rows: RxDocumentData<T>[] = [];
  for (const document of documents) {
    if (matches(document)) {
      rows.push(document);
    }
  }
  if (wanted > SCAN_MAX_SORTED && rows.length > SCAN_MAX_SORTED) {
    return undefined;
  }
  const compare = getSortComparator(schema, query);
  const first = firstInOrder(rows, Math.min(wanted, rows.length), compare);
  return skip > 0 ? first.slice(skip) : first;
}

/** How many of `documents` the query's selector matches. */
export function scanCount<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  query: FilledMangoQuery<T>,
  documents: Iterable<RxDocumentData<T>>,
): number {
  const matches = selectorMatcher(schema, query);
  let count = 0;
  for (const document of documents) {
    if (matches(document)) {
      count++;
    }
  }
  return count;
}
