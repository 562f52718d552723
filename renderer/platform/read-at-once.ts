/**
 * Queries on IndexedDB in one read instead of one step per document. RxDB's Dexie storage
 * answers a query by walking a cursor over its index range, and each step of a cursor is a
 * round trip to the browser's database process and a task on the page's main thread: a
 * board's start took some 540 of them, each waiting its turn behind the first screen's
 * rendering, before its columns could show (a column asks for the newest issues of a status,
 * an order IndexedDB's ascending indexes do not give, so its whole range is walked).
 *
 * This storage reads the same index range with one `getAll` instead, and gives the same
 * documents in the same order as the cursor would: when the index gives the query's order,
 * the first `skip + limit` documents of the range, as long as they all match (else the
 * cursor walks on, as for "has anything changed since": one document read, not a range);
 * otherwise every document of the range, matched and sorted as RxDB does. A range holding
 * more than READ_AT_ONCE documents is left to RxDB's cursor, which takes them one at a time
 * rather than all in one message (a query without a limit counts its range first).
 */
import {
  getQueryMatcher,
  getSortComparator,
  type PreparedQuery,
  type RxDocumentData,
  type RxStorage,
  type RxStorageQueryResult,
} from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  getKeyRangeByQueryPlan,
  type RxStorageInstanceDexie,
} from 'rxdb/plugins/storage-dexie';

/** The most documents one read takes. */
export const READ_AT_ONCE = 1_000;

/**
 * The query's documents read with one getAll, or undefined when the range may hold more than
 * READ_AT_ONCE documents (the caller walks it with a cursor then).
 */
export async function readAtOnce<T>(
  instance: RxStorageInstanceDexie<T>,
  prepared: PreparedQuery<T>,
): Promise<RxStorageQueryResult<T> | undefined> {
  const state = await instance.internals;
  const { query, queryPlan: plan } = prepared;
  const skip = query.skip ?? 0;
  const wanted = skip + (typeof query.limit === 'number' ? query.limit : Infinity);
  // (getAll would take a count of 0 for no limit at all.)
  if (wanted === 0) return { documents: [] };
  const matches = plan.selectorSatisfiedByIndex
    ? undefined
    : getQueryMatcher(instance.schema, query);
  let range: IDBKeyRange;
  try {
    range = getKeyRangeByQueryPlan(
      state.booleanIndexes,
      plan,
      instance.settings.IDBKeyRange,
    ) as IDBKeyRange;
  } catch (error) {
    // As RxDB: a range IndexedDB cannot express holds no document.
    if ((error as { name?: unknown }).name === 'DataError') return { documents: [] };
    throw error;
  }
  // When the index gives the order, the answer is the first `wanted` matching documents of
  // the range: a read of `wanted` documents answers unless some did not match.
  const inOrder = plan.sortSatisfiedByIndex && wanted <= READ_AT_ONCE;
  const indexName = `[${plan.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  let stored: unknown[] | undefined;
  await state.dexieDb.transaction('r', state.dexieTable, async (transaction) => {
    const index = transaction.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    // A query for all of a range (a table's window of reports) that holds more than a read
    // takes is walked at once, rather than after a read in vain.
    if (wanted === Infinity && (await result(index.count(range))) > READ_AT_ONCE) return;
    stored = await result(index.getAll(range, inOrder ? wanted : READ_AT_ONCE + 1));
  });
  if (stored === undefined || (!inOrder && stored.length > READ_AT_ONCE)) return undefined;
  let documents: RxDocumentData<T>[] = stored.map((row) =>
    fromDexieToStorage<T>(state.booleanIndexes, row),
  );
  if (matches) documents = documents.filter((document) => matches(document));
  // Fewer matches than wanted from a range that goes on: the cursor walks further.
  if (inOrder && documents.length < wanted && stored.length === wanted) return undefined;
  if (!plan.sortSatisfiedByIndex) documents.sort(getSortComparator(instance.schema, query));
  return { documents: documents.slice(skip, wanted) };
}

/** What an IndexedDB request answers. */
function result<R>(request: IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not read'));
  });
}

/** RxDB's Dexie storage, its queries answered by readAtOnce where it can. */
// RxDB's own signatures use `any` for a storage's internals and options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readingAtOnce(storage: RxStorage<any, any>): RxStorage<any, any> {
  return {
    ...storage,
    async createStorageInstance<T>(params: Parameters<typeof storage.createStorageInstance<T>>[0]) {
      const instance = await storage.createStorageInstance<T>(params);
      const dexie = instance as unknown as RxStorageInstanceDexie<T>;
      const walk = instance.query.bind(instance);
      instance.query = async (prepared) =>
        // A closed instance says so as RxDB's does.
        (dexie.closed ? undefined : await readAtOnce(dexie, prepared)) ?? walk(prepared);
      return instance;
    },
  };
}
