/**
 * A live count that starts from the count taken last time, when the collection has not been
 * written since. IndexedDB counts by walking its index: the board's Closed column (tens of
 * thousands of issues) took a few hundred milliseconds to count at every start, and held up
 * the other columns' reads meanwhile. Yet between two starts the issues have usually not
 * changed at all, and whether they have is one indexed read: every write stamps the
 * document with its time (`_meta.lwt`), so a collection with no document stamped since a
 * moment has not been written since then.
 *
 * A count is remembered with such a moment, `since`: no write at or after it had happened
 * when the count was checked. At the next start, if still no document is stamped at or after
 * `since` (and the clock has not been set back before it), the remembered count is the count.
 * Otherwise, and as soon as the collection
 * changes, the count is taken as before (liveCount), and remembered again once the collection
 * has been quiet for a while.
 */
import {
  getChangedDocumentsSince,
  type MangoQuerySelector,
  type RxCollection,
  type RxStorageDefaultCheckpoint,
} from 'rxdb';
import { Observable, type Subscription } from 'rxjs';

export interface RememberedCount {
  count: number;
  /** No document of the collection was written at or after this time (ms since the epoch). */
  since: number;
}

/** Where counts are kept between starts. */
export interface CountMemory {
  recall(key: string): RememberedCount | undefined;
  remember(key: string, entry: RememberedCount): void;
}

/**
 * How long the collection must have been quiet before a count is remembered: a write is
 * stamped before it is committed, and one still under way when the count is checked must
 * not be stamped before `since` (it would go unseen at the next start). Writes take
 * milliseconds; this leaves them ten seconds.
 */
export const QUIET_MS = 10_000;

function isRemembered(value: unknown): value is RememberedCount {
  const entry = value as Partial<RememberedCount> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Number.isSafeInteger(entry.count) &&
    (entry.count ?? -1) >= 0 &&
    typeof entry.since === 'number' &&
    Number.isFinite(entry.since)
  );
}

/** Counts kept in a Storage (the page's localStorage), one JSON entry per key. */
export function storageCountMemory(storage: Pick<Storage, 'getItem' | 'setItem'>): CountMemory {
  const prefix = 'autoescalate:count:';
  return {
    recall(key) {
      try {
        const value: unknown = JSON.parse(storage.getItem(prefix + key) ?? 'null');
        return isRemembered(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    remember(key, entry) {
      try {
        storage.setItem(prefix + key, JSON.stringify(entry));
      } catch {
        // A full or unavailable storage only means counting next time.
      }
    },
  };
}

/** The page's localStorage, where there is one. */
export function defaultCountMemory(): CountMemory | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage ? storageCountMemory(storage) : undefined;
  } catch {
    // A page may be refused its storage (e.g. by the browser's settings).
    return undefined;
  }
}

/** Whether no document of the collection has been written at or after `since`. */
export async function unchangedSince<T>(
  collection: RxCollection<T>,
  since: number,
): Promise<boolean> {
  const checkpoint: RxStorageDefaultCheckpoint = { id: '', lwt: since };
  const changed = await getChangedDocumentsSince(collection.storageInstance, 1, checkpoint);
  return changed.documents.length === 0;
}

/** The key of a collection's count: the database (its name and storage token) and the selector. */
export async function countKey<T>(
  collection: RxCollection<T>,
  selector: MangoQuerySelector<T>,
): Promise<string> {
  const database = collection.database;
  return JSON.stringify([database.name, await database.storageToken, collection.name, selector]);
}

/**
 * The value remembered under `key`, when the collection has not been written since it was
 * remembered (and the clock has not been set back before that); undefined otherwise.
 */
export async function recallUnchanged<T>(
  collection: RxCollection<T>,
  memory: CountMemory,
  key: string,
  now: () => number = Date.now,
): Promise<number | undefined> {
  const remembered = memory.recall(key);
  if (!remembered || remembered.since > now()) return undefined;
  return (await unchangedSince(collection, remembered.since)) ? remembered.count : undefined;
}

/**
 * Remembers `value` under `key` once the collection has been quiet for QUIET_MS (no write
 * under way or recent), looking again every QUIET_MS until then. Returns how to give up,
 * e.g. when the value has changed.
 */
export function rememberWhenQuiet<T>(
  collection: RxCollection<T>,
  memory: CountMemory,
  key: string,
  value: number,
  now: () => number = Date.now,
): () => void {
  let cancelled = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const attempt = async () => {
    const since = now() - QUIET_MS;
    const quiet = await unchangedSince(collection, since).catch(() => undefined);
    if (cancelled || quiet === undefined) return;
    if (quiet) memory.remember(key, { count: value, since });
    else retry = setTimeout(() => void attempt(), QUIET_MS);
  };
  void attempt();
  return () => {
    cancelled = true;
    clearTimeout(retry);
  };
}

/**
 * The live count `liveCount` (which counts), starting from the remembered count when the
 * collection has not been written since it was taken. `now` is the clock the collection's
 * writes are stamped with.
 */
export function rememberedLiveCount<T>(
  collection: RxCollection<T>,
  selector: MangoQuerySelector<T>,
  liveCount: () => Observable<number>,
  memory: CountMemory | undefined,
  now: () => number = Date.now,
): Observable<number> {
  if (!memory) return liveCount();
  return new Observable<number>((subscriber) => {
    let live: Subscription | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let key: string | undefined;
    /** The last count taken, and whether the collection changed after it was taken. */
    let latest: number | undefined;
    let changedSinceLatest = false;

    const count = () => {
      if (live) return;
      live = liveCount().subscribe({
        next: (value) => {
          latest = value;
          changedSinceLatest = false;
          subscriber.next(value);
          void rememberWhenQuiet();
        },
        error: (error: unknown) => subscriber.error(error),
      });
    };

    /** Remembers the latest count once no write is under way or recent, trying again later. */
    const rememberWhenQuiet = async () => {
      clearTimeout(retry);
      if (closed || key === undefined || latest === undefined) return;
      const taken = latest;
      const since = now() - QUIET_MS;
      const quiet = await unchangedSince(collection, since).catch(() => undefined);
      if (quiet === undefined) return;
      if (closed) return;
      if (quiet && !changedSinceLatest && latest === taken) {
        memory.remember(key, { count: taken, since });
      } else {
        retry = setTimeout(() => void rememberWhenQuiet(), QUIET_MS);
      }
    };

    // Watching for changes starts first: one made while the remembered count is checked
    // sends the count to be taken.
    const changes = collection.$.subscribe(() => {
      changedSinceLatest = true;
      count();
    });

    countKey(collection, selector)
      .then(async (found) => {
        key = found;
        const remembered = memory.recall(found);
        // A moment still to come says the clock was set back since: writes stamped meanwhile
        // could be stamped before it.
        if (
          remembered &&
          remembered.since <= now() &&
          (await unchangedSince(collection, remembered.since))
        ) {
          return remembered;
        }
        return undefined;
      })
      .catch(() => undefined)
      .then((remembered) => {
        if (closed || live) return;
        if (remembered) subscriber.next(remembered.count);
        else count();
      })
      .catch((error: unknown) => subscriber.error(error));

    return () => {
      closed = true;
      clearTimeout(retry);
      changes.unsubscribe();
      live?.unsubscribe();
    };
  });
}
