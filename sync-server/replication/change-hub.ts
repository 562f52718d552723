/**
 * Fans committed changes out to the open streams of this server instance. It listens for
 * change notices (in-process with PGlite, LISTEN/NOTIFY with PostgreSQL, so writes through
 * any instance arrive), reads each collection's feed once from its cursor, and gives every
 * stream the documents of its sites. Reads of one collection's feed never overlap, so
 * streams receive changes in feed order.
 *
 * It can also keep what it read (`keptChanges`, change-log.ts) to answer pulls from memory.
 * It does so only while it knows it has read everything committed: every notice since it
 * last reached the end of the feed has been followed by a read to the end again. That holds
 * with PGlite, whose notices reach this process as their transaction commits; PostgreSQL's
 * arrive later, and from other instances, so there pulls always read the database.
 */
import type { ReplicatedCollection, SyncCheckpoint } from '../../shared/sync/protocol';
import type { Database } from '../store/database';
import type { SiteScope, StoredDocument } from '../store/documents';
import { CHANGES_CHANNEL, decodeChangeNotice } from './change-notice';
import { ChangeLog } from './change-log';
import { encodeEvent } from './event-stream';
import { lastFeedCheckpoint, readFeed, SERVER_WRITTEN, visibleTo } from './feeds';
import { replicatedState } from './push-batch';

export interface ChangeBatch {
  documents: ReturnType<typeof replicatedState>[];
  checkpoint: SyncCheckpoint;
}

/**
 * A batch as the streams send it. Every stream with the same site scope gets the same
 * object, so a change fanned out to hundreds of streams is turned into JSON, and into the
 * bytes of its event, once.
 */
export class OutgoingBatch {
  private text: string | undefined;
  private bytes: Buffer | undefined;
  private taggedBytes: Buffer | undefined;

  constructor(
    readonly collection: ReplicatedCollection,
    readonly batch: ChangeBatch,
  ) {}

  get json(): string {
    this.text ??= JSON.stringify(this.batch);
    return this.text;
  }

  /** The server-sent event of a one-collection stream (see EventStream.sendEvent). */
  get event(): Buffer {
    this.bytes ??= encodeEvent(this.json);
    return this.bytes;
  }

  /**
   * The event of the shared stream, which names the collection (`TaggedStreamEvent`):
   * `{"collection":…,` followed by the batch's own JSON without its opening brace.
   */
  get taggedEvent(): Buffer {
    this.taggedBytes ??= encodeEvent(
      `{"collection":${JSON.stringify(this.collection)},${this.json.slice(1)}`,
    );
    return this.taggedBytes;
  }
}

export interface FeedSubscriber {
  scope: SiteScope;
  deliver(batch: OutgoingBatch): void;
}

interface Feed {
  cursor: SyncCheckpoint | null;
  subscribers: Set<FeedSubscriber>;
  queue: Promise<void>;
  retry: NodeJS.Timeout | undefined;
  /** What was read, once the cursor is known (only with keptChanges). */
  log: ChangeLog | undefined;
  /** Notices of changes beyond the cursor received so far. */
  noticed: number;
  /** How many of those notices the last read to the end of the feed had seen. */
  readUpTo: number;
}

export interface ChangeHubOptions {
  pageSize?: number;
  retryMs?: number;
  onError?: (error: unknown) => void;
  /**
   * How many of the changes read to keep per collection for pulls (0, the default: none).
   * Only for a database whose notifications arrive as their transaction commits (PGlite).
   */
  keptChanges?: number;
}

export class ChangeHub {
  private readonly feeds = new Map<ReplicatedCollection, Feed>();
  private stopListening: (() => Promise<void>) | undefined;
  private closed = false;
  private readonly pageSize: number;
  private readonly retryMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly keptChanges: number;

  constructor(
    private readonly db: Database,
    options: ChangeHubOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.retryMs = options.retryMs ?? 1_000;
    this.onError = options.onError ?? (() => {});
    this.keptChanges = options.keptChanges ?? 0;
  }

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(
      CHANGES_CHANNEL,
      (payload) => {
        const notice = decodeChangeNotice(payload);
        const feed = notice && this.feeds.get(notice.collection);
        if (notice && feed && notice.lastStamp > (feed.cursor?.updatedAt ?? -1)) {
          feed.noticed += 1;
          this.drain(notice.collection, feed);
        }
      },
      () => {
        for (const [collection, feed] of this.feeds) {
          feed.noticed += 1;
          this.drain(collection, feed);
        }
      },
    );
  }

  /**
   * Starts delivering changes of `collection` committed from now on. Resolves once the
   * subscriber is in place, so a client told to resync after this misses nothing.
   */
  async subscribe(
    collection: ReplicatedCollection,
    subscriber: FeedSubscriber,
  ): Promise<() => void> {
    let feed = this.feeds.get(collection);
    if (!feed) {
      const created: Feed = {
        cursor: null,
        subscribers: new Set(),
        queue: Promise.resolve(),
        retry: undefined,
        log: undefined,
        noticed: 0,
        readUpTo: 0,
      };
      created.queue = lastFeedCheckpoint(this.db, collection).then((cursor) => {
        created.cursor = cursor;
        // The log filters by a document's site; people follow a rule of their own (feeds.ts).
        if (this.keptChanges > 0 && !SERVER_WRITTEN.includes(collection)) {
          created.log = new ChangeLog(cursor, this.keptChanges);
        }
      });
      this.feeds.set(collection, created);
      feed = created;
    }
    const joined = feed;
    joined.subscribers.add(subscriber);
    try {
      await joined.queue;
    } catch (error) {
      this.unsubscribe(collection, joined, subscriber);
      throw error;
    }
    return () => this.unsubscribe(collection, joined, subscriber);
  }

  /**
   * The page a pull after `after` gets (as readChanges in store/documents.ts would read it),
   * from the changes kept in memory; undefined when they cannot tell and the database must
   * be asked. Waits for a read of the feed already under way.
   */
  async keptChangesAfter(
    collection: ReplicatedCollection,
    after: SyncCheckpoint | null,
    limit: number,
    scope: SiteScope,
  ): Promise<StoredDocument[] | undefined> {
    const feed = this.feeds.get(collection);
    if (!feed?.log) return undefined;
    if (feed.readUpTo !== feed.noticed) {
      await feed.queue.catch(() => {});
      if (this.feeds.get(collection) !== feed || feed.readUpTo !== feed.noticed) return undefined;
    }
    return feed.log.read(after, limit, scope);
  }

  get subscriberCount(): number {
    let count = 0;
    for (const feed of this.feeds.values()) count += feed.subscribers.size;
    return count;
  }

  private unsubscribe(
    collection: ReplicatedCollection,
    feed: Feed,
    subscriber: FeedSubscriber,
  ): void {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size === 0 && this.feeds.get(collection) === feed) {
      clearTimeout(feed.retry);
      this.feeds.delete(collection);
    }
  }

  private drain(collection: ReplicatedCollection, feed: Feed): void {
    feed.queue = feed.queue
      .catch(() => {})
      .then(() => this.readFeed(collection, feed))
      .catch((error: unknown) => {
        this.onError(error);
        if (!this.closed && !feed.retry) {
          feed.retry = setTimeout(() => {
            feed.retry = undefined;
            if (this.feeds.get(collection) === feed) this.drain(collection, feed);
          }, this.retryMs);
          feed.retry.unref();
        }
      });
  }

  private async readFeed(collection: ReplicatedCollection, feed: Feed): Promise<void> {
    for (;;) {
      if (this.closed || feed.subscribers.size === 0) return;
      const noticed = feed.noticed;
      const changes = await readFeed(this.db, collection, feed.cursor, this.pageSize, {
        allSites: true,
      });
      const last = changes.at(-1);
      if (!last) {
        feed.readUpTo = noticed;
        return;
      }
      feed.cursor = { id: last.id, updatedAt: last.updatedAt };
      feed.log?.append(changes);
      const byScope = new Map<string, OutgoingBatch | null>();
      for (const subscriber of feed.subscribers) {
        const key = scopeKey(subscriber.scope);
        let outgoing = byScope.get(key);
        if (outgoing === undefined) {
          outgoing = visibleBatch(collection, subscriber.scope, changes);
          byScope.set(key, outgoing);
        }
        if (outgoing) subscriber.deliver(outgoing);
      }
      if (changes.length < this.pageSize) {
        feed.readUpTo = noticed;
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const feed of this.feeds.values()) clearTimeout(feed.retry);
    this.feeds.clear();
    await this.stopListening?.();
  }
}

/** Scopes with the same key see the same documents. */
export function scopeKey(scope: SiteScope): string {
  return scope.allSites ? '*' : JSON.stringify([...new Set(scope.sites)].sort());
}

/** The part of `changes` that `scope` may see, or null when that is nothing. */
function visibleBatch(
  collection: ReplicatedCollection,
  scope: SiteScope,
  changes: readonly StoredDocument[],
): OutgoingBatch | null {
  const visible = changes.filter((doc) => visibleTo(scope, doc));
  const last = visible.at(-1);
  if (!last) return null;
  return new OutgoingBatch(collection, {
    documents: visible.map(replicatedState),
    checkpoint: { id: last.id, updatedAt: last.updatedAt },
  });
}
