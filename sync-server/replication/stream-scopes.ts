/**
 * Keeps every open stream of this server instance in its user's current scope. When an
 * account change gives a user a new scope version (their sites or role changed; accounts.ts
 * notifies it on ACCOUNTS_CHANNEL as the change commits, through any instance with
 * PostgreSQL), the user's streams here are moved to the sites the user has now and told
 * RESYNC: the device pulls, and its checkpoint, issued under the old version, is answered
 * from the beginning of the feed with the documents of the new scope (replication-routes.ts).
 *
 * A stream authenticated just before such a change and registered just after its notice was
 * handled would miss it, so the latest version announced for each user is remembered and a
 * stream registered with an older one is brought up to date at once. When notifications may
 * have been lost (PostgreSQL's listening connection came back), every user with a stream
 * here is read again. A stream whose user cannot be read is ended: its device reconnects and
 * is authenticated afresh.
 */
import { siteScopeOf } from '../auth/permissions';
import { ACCOUNTS_CHANNEL, decodeScopeChange, getUser } from '../store/accounts';
import type { Database } from '../store/database';
import type { FeedSubscriber } from './change-hub';

export interface ScopedStream {
  readonly userId: string;
  /** The scope version the stream's documents are chosen by; moved on by this class. */
  scopeVersion: number;
  /**
   * What the change hub delivers by, one per collection of the stream; their scope is
   * replaced when the user's changes.
   */
  readonly subscribers: readonly FeedSubscriber[];
  /** Tells the device RESYNC for every collection of the stream. */
  resync(): void;
  close(): void;
}

/** How many announced versions are remembered for streams still being opened. */
const MAX_ANNOUNCED = 10_000;

export class StreamScopes {
  private readonly byUser = new Map<string, Set<ScopedStream>>();
  private readonly announced = new Map<string, number>();
  /** Reads of each user's scope, one after the other, so a later one always wins. */
  private readonly refreshing = new Map<string, Promise<void>>();
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.db.listen(
      ACCOUNTS_CHANNEL,
      (payload) => {
        const change = decodeScopeChange(payload);
        if (!change) return;
        if (this.announced.size >= MAX_ANNOUNCED) this.announced.clear();
        const known = this.announced.get(change.userId) ?? 0;
        this.announced.set(change.userId, Math.max(known, change.scopeVersion));
        if (this.byUser.has(change.userId)) this.refresh(change.userId);
      },
      () => {
        for (const userId of this.byUser.keys()) this.refresh(userId);
      },
    );
  }

  /** Follows the stream's user from now on; returns its removal. */
  add(stream: ScopedStream): () => void {
    let streams = this.byUser.get(stream.userId);
    if (!streams) {
      streams = new Set();
      this.byUser.set(stream.userId, streams);
    }
    streams.add(stream);
    if ((this.announced.get(stream.userId) ?? 0) > stream.scopeVersion) this.refresh(stream.userId);
    return () => {
      const current = this.byUser.get(stream.userId);
      current?.delete(stream);
      if (current?.size === 0) this.byUser.delete(stream.userId);
    };
  }

  /** Settles once every read of a user's scope begun so far is done (for tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.refreshing.values()]);
  }

  private refresh(userId: string): void {
    const previous = this.refreshing.get(userId) ?? Promise.resolve();
    const next = previous.then(() => this.moveStreams(userId));
    this.refreshing.set(userId, next);
    void next.finally(() => {
      if (this.refreshing.get(userId) === next) this.refreshing.delete(userId);
    });
  }

  private async moveStreams(userId: string): Promise<void> {
    if (!this.byUser.has(userId)) return;
    let user: Awaited<ReturnType<typeof getUser>>;
    try {
      user = await getUser(this.db, userId);
    } catch (error) {
      this.onError(error);
      for (const stream of [...(this.byUser.get(userId) ?? [])]) stream.close();
      return;
    }
    // A user removed since: the heartbeat ends their streams when it finds the token invalid.
    if (!user) return;
    const scope = siteScopeOf(user);
    for (const stream of this.byUser.get(userId) ?? []) {
      if (stream.scopeVersion === user.scopeVersion) continue;
      stream.scopeVersion = user.scopeVersion;
      for (const subscriber of stream.subscribers) subscriber.scope = scope;
      stream.resync();
    }
  }

  async close(): Promise<void> {
    this.byUser.clear();
    await this.stopListening?.();
  }
}
