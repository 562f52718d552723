/**
 * Builds the memory storage's state of one collection from the documents read off disk.
 *
 * The memory storage keeps every index as a sorted array of [index string, document, id].
 * Computing those strings and sorting is most of the cost of opening a large collection
 * (about 80 ms per index for 50,000 issues, and an issue collection has seven indexes), so
 * a loaded state starts with only the document map filled and builds each index on first
 * use, or one per macrotask in the background, starting shortly after the open. Meanwhile the
 * durable storage answers most queries without the index (`query-scan.ts`), so the first
 * queries after an open need not pay for one.
 *
 * A change to the state (a write, a cleanup) updates the document map and the indexes built
 * so far only, see {@link withBuiltIndexesOnly}: an index built later is built from the
 * document map as it is then, so it contains the change exactly once.
 */
import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import { getPrimaryFieldOfPrimaryKey, randomToken } from 'rxdb';
import {
  addIndexesToInternalsState,
  type DocWithIndexString,
  type MemoryStorageInternals,
  type MemoryStorageInternalsByIndex,
} from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';

interface LazyIndexes {
  /** The indexes not built yet, with their builders. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one state, many doc types
  pending: Map<MemoryStorageInternalsByIndex<any>, () => void>;
  /** Cancels the next background step, if one is scheduled. */
  cancel: (() => void) | undefined;
}

/**
 * The background build waits this long after loading, so the queries that follow an open (a
 * window showing its first list) build only what they need and answer first.
 */
const BACKGROUND_BUILD_DELAY_MS = 100;

const lazyIndexesByState = new WeakMap<MemoryStorageInternals<unknown>, LazyIndexes>();

function sortByIndexString<T>(a: DocWithIndexString<T>, b: DocWithIndexString<T>): number {
  return a[0] < b[0] ? -1 : 1;
}

function buildIndex<T>(
  documents: Map<string, RxDocumentData<T>>,
  byIndex: MemoryStorageInternalsByIndex<T>,
  primaryPath: string,
): DocWithIndexString<T>[] {
  const entries = new Array<DocWithIndexString<T>>(documents.size);
  const getIndexableString = byIndex.getIndexableString;
  let i = 0;
  for (const document of documents.values()) {
    const id = (document as Record<string, unknown>)[primaryPath] as string;
    entries[i++] = [getIndexableString(document), document, id];
  }
  return entries.sort(sortByIndexString);
}

/** Turns `byIndex.docsWithIndex` into a property that is built on first read. */
function makeLazy<T>(
  byIndex: MemoryStorageInternalsByIndex<T>,
  documents: Map<string, RxDocumentData<T>>,
  primaryPath: string,
  lazy: LazyIndexes,
): void {
  let built: DocWithIndexString<T>[] | undefined;
  const build = (): void => {
    if (!built) {
      built = buildIndex(documents, byIndex, primaryPath);
    }
    lazy.pending.delete(byIndex);
  };
  lazy.pending.set(byIndex, build);
  Object.defineProperty(byIndex, 'docsWithIndex', {
    configurable: true,
    enumerable: true,
    get(): DocWithIndexString<T>[] {
      if (!built) {
        build();
      }
      return built as DocWithIndexString<T>[];
    },
    set(value: DocWithIndexString<T>[]) {
      built = value;
      lazy.pending.delete(byIndex);
    },
  });
}

/** Builds one index per macrotask, so other work (IPC, timers) runs in between. */
function scheduleBackgroundBuild(lazy: LazyIndexes): void {
  const step = (): void => {
    lazy.cancel = undefined;
    const next = lazy.pending.values().next();
    if (next.done) {
      return;
    }
    next.value();
    if (lazy.pending.size > 0) {
      const immediate = setImmediate(step).unref();
      lazy.cancel = () => clearImmediate(immediate);
    }
  };
  const timeout = setTimeout(step, BACKGROUND_BUILD_DELAY_MS).unref();
  lazy.cancel = () => clearTimeout(timeout);
}

/**
 * Collections with fewer documents build all their indexes when they are loaded: it costs a
 * few milliseconds, and their first queries then cost nothing extra.
 */
export const DEFAULT_LAZY_INDEXES_FROM = 10_000;

/**
 * A memory state holding `documents` (deleted ones included), shaped exactly as the memory
 * storage creates its own. From `lazyIndexesFrom` documents on, its indexes are built lazily.
 */
export function createLoadedMemoryState<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  documents: readonly RxDocumentData<T>[],
  lazyIndexesFrom = DEFAULT_LAZY_INDEXES_FROM,
): MemoryStorageInternals<T> {
  const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as string;
  const state: MemoryStorageInternals<T> = {
    id: randomToken(5),
    schema,
    removed: false,
    refCount: 1,
    documents: new Map(),
    // The memory storage leaves this undefined for schemas without attachments; the
    // durable storage refuses schemas with attachments.
    attachments: undefined as unknown as MemoryStorageInternals<T>['attachments'],
    byIndex: {},
    byIndexArray: [],
    changes$: new Subject(),
  };
  addIndexesToInternalsState(state, schema);
  for (const document of documents) {
    state.documents.set((document as Record<string, unknown>)[primaryPath] as string, document);
  }
  if (state.documents.size > 0 && state.documents.size < lazyIndexesFrom) {
    for (const byIndex of state.byIndexArray) {
      byIndex.docsWithIndex = buildIndex(state.documents, byIndex, primaryPath);
    }
  } else if (state.documents.size > 0) {
    const lazy: LazyIndexes = { pending: new Map(), cancel: undefined };
    for (const byIndex of state.byIndexArray) {
      makeLazy(byIndex, state.documents, primaryPath, lazy);
    }
    lazyIndexesByState.set(state as MemoryStorageInternals<unknown>, lazy);
    scheduleBackgroundBuild(lazy);
  }
  return state;
}

/** Builds every index not built yet. */
export function buildAllIndexes<T>(state: MemoryStorageInternals<T>): void {
  const lazy = lazyIndexesByState.get(state as MemoryStorageInternals<unknown>);
  if (!lazy || lazy.pending.size === 0) {
    return;
  }
  for (const build of [...lazy.pending.values()]) {
    build();
  }
  stopBackgroundBuild(state);
}

/**
 * Runs `change` (code of the memory storage that updates the document map and every index
 * in `state.byIndexArray`) with only the built indexes in that array. Unbuilt indexes are
 * left alone: they are built from the document map when first needed, change included.
 */
export function withBuiltIndexesOnly<T, R>(state: MemoryStorageInternals<T>, change: () => R): R {
  const lazy = lazyIndexesByState.get(state as MemoryStorageInternals<unknown>);
  if (!lazy || lazy.pending.size === 0) {
    return change();
  }
  const all = state.byIndexArray;
  state.byIndexArray = all.filter((byIndex) => !lazy.pending.has(byIndex));
  try {
    return change();
  } finally {
    state.byIndexArray = all;
  }
}

/** Whether the index named `indexName` (see `getMemoryIndexName`) is built. */
export function isIndexBuilt<T>(state: MemoryStorageInternals<T>, indexName: string): boolean {
  const lazy = lazyIndexesByState.get(state as MemoryStorageInternals<unknown>);
  const byIndex = state.byIndex[indexName];
  return !lazy || !byIndex || !lazy.pending.has(byIndex);
}

/** How many indexes of the state are not built yet (0 for a fully built state). */
export function unbuiltIndexCount<T>(state: MemoryStorageInternals<T>): number {
  return lazyIndexesByState.get(state as MemoryStorageInternals<unknown>)?.pending.size ?? 0;
}

/** Stops building in the background, e.g. when the state is dropped. */
export function stopBackgroundBuild<T>(state: MemoryStorageInternals<T>): void {
  const lazy = lazyIndexesByState.get(state as MemoryStorageInternals<unknown>);
  lazy?.cancel?.();
  if (lazy) {
    lazy.cancel = undefined;
  }
}
