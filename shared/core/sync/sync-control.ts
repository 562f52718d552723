/**
 * The replication client of the app core: one RxDB replication per replicated collection
 * (`replicateRxCollection`), each pulling by checkpoint and pushing with the server answering
 * conflicts, and one live stream for them all (server-sent events read from a fetch body,
 * each naming its collection), handed out to each collection's `stream$`. Failed requests are retried with capped, jittered backoff; a wake-up (the
 * platform reports the network back, any request gets through again, the user asks to sync
 * now) ends every wait at once. Its {@link SyncStatus} is an observable for the UI.
 *
 * RxDB's own retry (`retryTime`) is not used for failures: the handlers below wait and retry
 * themselves, so a handler returns only with the server's answer, or throws once sync stops.
 */
import {
  BehaviorSubject,
  filter,
  firstValueFrom,
  merge,
  Subject,
  type Observable,
  type Subscription,
} from 'rxjs';
import {
  getAssumedMasterState,
  getPrimaryFieldOfPrimaryKey,
  type RxCollection,
  type RxJsonSchema,
  type RxReplicationPullStreamItem,
  type RxReplicationWriteToMasterRow,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { SETUP_ROLES, type Role } from '../../domain';
import { COLLECTIONS } from '../../schemas';
import { DOCUMENT_PARENTS } from '../../sync/document-parents';
import {
  isSyncCheckpoint,
  parseTaggedStreamEvent,
  pullQuery,
  REPLICATED_COLLECTIONS,
  RESYNC,
  streamQuery,
  type PullResponse,
  type ReplicatedCollection,
  type ReplicatedDocument,
  type SyncCheckpoint,
  type SyncUser,
} from '../../sync/protocol';
import type { AppDatabase } from '../database';
import { backoffDelay, DEFAULT_BACKOFF, WakeUp, type BackoffPolicy } from './backoff';
import { readEventStream, StreamIdleError } from './event-stream';
import { countPendingChanges } from './pending-changes';
import {
  newAbortController,
  platformFetch,
  platformTimers,
  type AbortControllerLike,
  type AbortSignalLike,
  type FetchLike,
  type Timers,
} from './platform';
import {
  memoryRefusalStore,
  type DocumentState,
  type RefusalStore,
  type StoredRefusal,
} from './refusal-store';
import { normalizeServerUrl, whoAmI } from './sign-in';
import {
  describeFailure,
  requestJson,
  send,
  SyncRequestError,
  SyncStoppedError,
  type SyncHttp,
} from './sync-http';
import {
  refusedChangeMessage,
  sameStatus,
  STOPPED_STATUS,
  type RefusedChange,
  type SyncErrorInfo,
  type SyncOperation,
  type SyncStatus,
} from './sync-status';

/** What the platform gives the replication client. Every member has a working default. */
export interface SyncPlatform {
  /** Default: the platform's global fetch. */
  fetch?: FetchLike;
  /**
   * The platform's own word on the network (browser `online`/`offline` events, Electron's
   * `net.isOnline()`): true when it believes a network is there. While it says false, no
   * request is tried; when it turns true, every waiting retry runs at once. Absent: the
   * client learns about the network from its requests alone.
   */
  online$?: Observable<boolean>;
  /** Default: Math.random (backoff jitter). */
  random?: () => number;
  /** Default: the platform's setTimeout/clearTimeout. */
  timers?: Timers;
}

export interface SyncTuning {
  backoff?: Partial<BackoffPolicy>;
  /** Documents per pull request; at most the server's SYNC_PULL_MAX_LIMIT. Default 1000. */
  pullBatchSize?: number;
  /** Rows per push request; at most the server's SYNC_PUSH_MAX_ROWS. Default 200. */
  pushBatchSize?: number;
  /**
   * A live stream that delivers nothing, not even a heartbeat, for this long is reconnected.
   * Default 45 s (the server sends a heartbeat every 15 s by default).
   */
  streamIdleMs?: number;
  /** The pending-changes count is refreshed at most this often. Default 250 ms. */
  pendingRecountMs?: number;
}

export interface SyncStartOptions {
  serverUrl: string;
  token: string;
  /** The signed-in user as sign-in returned it; asked from the server (`/auth/me`) when absent. */
  user?: SyncUser;
  /** Default: every collection the server replicates. */
  collections?: readonly ReplicatedCollection[];
}

export interface SyncControl {
  /** The current status first, then every change. */
  readonly status$: Observable<SyncStatus>;
  /**
   * The user sync runs as, once known (at once when `start` is given the user), and null
   * while sync is stopped: the current one first, then every change. The core acts as them.
   */
  readonly user$: Observable<SyncUser | null>;
  status(): SyncStatus;
  /**
   * Starts replicating with the server (stopping a running sync first). Resolves once the
   * replications are set up; the first exchange with the server happens in the background.
   */
  start(options: SyncStartOptions): Promise<void>;
  /** Stops replicating; local data and replication checkpoints stay. Safe to call twice. */
  stop(): Promise<void>;
  /** Ends every backoff wait now and asks every collection for changes. */
  syncNow(): void;
  /**
   * Resolves once every local change is on the server and every server change is here (as
   * far as the live streams told), waiting through any outage. For tests, benchmarks and a
   * CLI; the UI watches `status$`.
   */
  awaitInSync(): Promise<void>;
}

export interface SyncControlOptions {
  db: AppDatabase;
  now(): number;
  platform?: SyncPlatform;
  tuning?: SyncTuning;
  /**
   * Where the changes the server refused are kept for a user of a server
   * (`localRefusalStore` for a database with local documents). Default: memory.
   */
  refusals?: (serverUrl: string, userId: string) => RefusalStore;
}

/**
 * The order in which collections start: parents before the documents that name them. Pushes
 * keep that order too: a batch waits for the parents it names that are still to be pushed
 * (see `parentsPushed`), so the server never has to refuse a comment for an unknown issue.
 */
const START_ORDER: readonly ReplicatedCollection[] = [
  'people',
  'locations',
  'workflows',
  'escalation_rules',
  'issues',
  'comments',
  'issue_events',
  'escalations',
];

/** The wake-up topic of retries waiting for a parent document to reach the server. */
const PARENT_PUSHED = 'parent-pushed';

/** The team's setup: pushed by supervisors and admins, pulled by everyone. */
const SETUP_COLLECTIONS: readonly ReplicatedCollection[] = [
  'locations',
  'workflows',
  'escalation_rules',
];

/**
 * Collections a role may only pull (the server refuses their pushes): the team's setup, and
 * people, whom only the server writes.
 */
export function pushesAllowed(role: Role, collection: ReplicatedCollection): boolean {
  if (collection === 'people') return false;
  return SETUP_ROLES.includes(role) || !SETUP_COLLECTIONS.includes(collection);
}

/** What a refusal is kept under: its collection and document. */
function refusalKey(name: ReplicatedCollection, documentId: string): string {
  return `${name} ${documentId}`;
}

/** The user may now do what they could not: another role, a site more, every site. */
function allowsMore(before: SyncUser, now: SyncUser): boolean {
  return (
    now.role !== before.role ||
    (now.allSites && !before.allSites) ||
    now.sites.some((site) => !before.sites.includes(site))
  );
}

/** A kept refusal as the status shows it: what it is, and the issue it concerns. */
function refusedChangeOf(refusal: StoredRefusal): RefusedChange {
  const { collection, documentId, message, at, mine } = refusal;
  const change: RefusedChange = { collection, documentId, message, at };
  if (collection === 'issues') change.issueId = documentId;
  else if (typeof mine.issueId === 'string') change.issueId = mine.issueId;
  const title =
    collection === 'issues' ? mine.title : collection === 'locations' ? mine.name : undefined;
  if (typeof title === 'string' && title !== '') change.title = title;
  return change;
}

/** A stored document as the replication sends it: no `_meta`, `_rev`, `_attachments`. */
function documentState(stored: Record<string, unknown>): DocumentState {
  const { _meta, _rev, _attachments, ...state } = stored;
  return { ...state, _deleted: stored._deleted === true };
}

/** Whether the two roles push different collections. */
function pushesDiffer(before: Role, now: Role): boolean {
  return REPLICATED_COLLECTIONS.some(
    (name) => pushesAllowed(before, name) !== pushesAllowed(now, name),
  );
}

/** A replicated document's id: its collection's primary key (a rule version's is `key`). */
function documentIdOf(name: ReplicatedCollection, doc: Record<string, unknown>): string {
  const schema = COLLECTIONS[name].schema as RxJsonSchema<Record<string, unknown>>;
  return String(doc[getPrimaryFieldOfPrimaryKey(schema.primaryKey)]);
}

export function createSyncControl(options: SyncControlOptions): SyncControl {
  const status = new BehaviorSubject<SyncStatus>(STOPPED_STATUS);
  const user = new BehaviorSubject<SyncUser | null>(null);
  let session: SyncSession | undefined;
  let queue: Promise<void> = Promise.resolve();

  function publish(next: SyncStatus): void {
    if (!sameStatus(status.getValue(), next)) status.next(next);
  }

  /** start and stop run one after the other, never interleaved. */
  function serially(task: () => Promise<void>): Promise<void> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function stopSession(): Promise<void> {
    const running = session;
    session = undefined;
    if (running) await running.stop();
    if (user.getValue() !== null) user.next(null);
    const last = status.getValue();
    publish({ ...last, state: 'stopped', syncing: false, pendingChanges: 0 });
  }

  function begin(start: SyncStartOptions): Promise<void> {
    const running = new SyncSession(options, start, publish);
    session = running;
    running.onUser((known) => {
      if (session !== running) return;
      const before = user.getValue();
      user.next(known);
      if (before !== null && pushesDiffer(before.role, known.role)) {
        void restart(running, { ...start, user: known });
      }
    });
    return running.begin();
  }

  /**
   * Sets the replications up anew for a user whose role now pushes other collections (a
   * technician made a supervisor): RxDB's replications cannot gain or lose a push. The user
   * stays signed in meanwhile; checkpoints and kept refusals carry over.
   */
  function restart(running: SyncSession, start: SyncStartOptions): Promise<void> {
    return serially(async () => {
      if (session !== running) return;
      session = undefined;
      await running.stop();
      await begin(start);
    }).catch(() => undefined);
  }

  return {
    status$: status.asObservable(),
    user$: user.asObservable(),
    status: () => status.getValue(),
    start(start) {
      return serially(async () => {
        await stopSession();
        const server = normalizeServerUrl(start.serverUrl);
        if (!server.ok) throw new Error(server.message);
        await begin({ ...start, serverUrl: server.url });
      });
    },
    stop: () => serially(stopSession),
    syncNow() {
      session?.syncNow();
    },
    async awaitInSync() {
      await queue;
      if (!session) throw new Error('Sync is not running.');
      await session.awaitInSync();
    },
  };
}

// RxDB's replication is generic over the document type; the client treats documents as data.
type AnyReplication = RxReplicationState<Record<string, unknown>, SyncCheckpoint>;
type StreamItem = RxReplicationPullStreamItem<Record<string, unknown>, SyncCheckpoint>;
type PushRow = RxReplicationWriteToMasterRow<Record<string, unknown>>;
type Doc = ReplicatedDocument<Record<string, unknown>>;

interface Attempt {
  collection?: ReplicatedCollection;
  operation: SyncOperation;
  /** 413 answers are handed back to the caller (which splits the batch) instead of retried. */
  splitWhenTooLarge?: boolean;
  /** 403 answers are handed back to the caller (which sets the refused rows aside). */
  setAsideForbidden?: boolean;
}

class SyncSession {
  private stopped = false;
  /** The server refused the token: nothing is tried until sync is started again. */
  private halted = false;
  /** undefined until the first answer or failure. */
  private reachable: boolean | undefined;
  private platformOnline = true;
  private lastSyncAt: number | null = null;
  private lastError: SyncErrorInfo | null = null;
  /**
   * The changes the server refused (`refusalKey` → refusal), oldest first: kept on the
   * device (`refusalStore`) and sent again once the user has access (see `resendCreated`,
   * `serverCopiesArrived`).
   */
  private readonly refusals = new Map<string, StoredRefusal>();
  private refusedChanges: readonly RefusedChange[] = [];
  private refusalStore: RefusalStore | undefined;
  /** Refusals are sent again one piece of work after another. */
  private refusalWork: Promise<void> = Promise.resolve();
  /** The saves of the refusals, one after another (stopping waits for them); never fails. */
  private refusalsSaved: Promise<void> = Promise.resolve();
  /** A save is queued behind the running one and will take every change made meanwhile. */
  private refusalsSaveQueued = false;
  private user: SyncUser | undefined;
  private userAsked: Promise<void> | undefined;
  private askUserAgain = false;
  private readonly http: SyncHttp;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly policy: BackoffPolicy;
  private readonly wake: WakeUp;
  private readonly replications = new Map<ReplicatedCollection, AnyReplication>();
  private readonly streams = new Map<ReplicatedCollection, Subject<StreamItem>>();
  private readonly active = new Map<ReplicatedCollection, boolean>();
  private readonly pending = new Map<ReplicatedCollection, number>();
  private readonly controllers = new Set<AbortControllerLike>();
  private readonly subscriptions: Subscription[] = [];
  private readonly loops: Promise<void>[] = [];
  private announceStop: () => void = () => undefined;
  private userListener: ((user: SyncUser) => void) | undefined;
  private readonly stopping = new Promise<void>((resolve) => (this.announceStop = resolve));
  private setUp: Promise<void> = Promise.resolve();
  private recountTimer: unknown;
  private recounting: Promise<void> | undefined;
  private readonly recountWanted = new Set<ReplicatedCollection>();

  constructor(
    private readonly options: SyncControlOptions,
    private readonly start: SyncStartOptions,
    private readonly publish: (status: SyncStatus) => void,
  ) {
    const platform = options.platform ?? {};
    this.timers = platform.timers ?? platformTimers();
    this.random = platform.random ?? Math.random;
    this.policy = { ...DEFAULT_BACKOFF, ...options.tuning?.backoff };
    this.wake = new WakeUp(this.timers);
    this.user = start.user;
    this.http = {
      serverUrl: start.serverUrl,
      token: start.token,
      fetch: platform.fetch ?? platformFetch(),
      now: () => options.now(),
    };
  }

  // ---------------------------------------------------------------------------------------
  // Life cycle

  /** Calls `listener` with the user once known: at once when start was given it. */
  onUser(listener: (user: SyncUser) => void): void {
    this.userListener = listener;
    if (this.user) listener(this.user);
  }

  begin(): Promise<void> {
    const online$ = this.options.platform?.online$;
    if (online$) {
      this.subscriptions.push(online$.subscribe((online) => this.onPlatformOnline(online)));
    }
    this.update();
    this.setUp = this.setUpReplications();
    // Failures other than stopping are reported through the status.
    this.setUp.catch(() => undefined);
    return this.user ? this.setUp : Promise.resolve();
  }

  private async setUpReplications(): Promise<void> {
    if (!this.user) {
      const me = await this.attempt({ operation: 'sign-in' }, () => whoAmI(this.http));
      if (this.stopped) throw new SyncStoppedError();
      this.user = me.user;
      this.userListener?.(me.user);
      this.update();
    }
    const user = this.user;
    await this.loadRefusals(user);
    const wanted = this.start.collections ?? REPLICATED_COLLECTIONS;
    for (const name of START_ORDER) {
      if (this.stopped) throw new SyncStoppedError();
      if (wanted.includes(name)) this.replicate(name, user);
    }
    this.follow();
    // What the server refused before may be allowed now (a site given back meanwhile).
    this.resendCreatedLater();
  }

  private replicate(name: ReplicatedCollection, user: SyncUser): void {
    const tuning = this.options.tuning ?? {};
    const pullBatchSize = tuning.pullBatchSize ?? 1_000;
    const stream = new Subject<StreamItem>();
    const collection = this.options.db.collections[name] as unknown as RxCollection<
      Record<string, unknown>
    >;
    const replication = replicateRxCollection<Record<string, unknown>, SyncCheckpoint>({
      collection,
      replicationIdentifier: `autoescalate|${this.http.serverUrl}|${user.id}|${name}`,
      live: true,
      // Used only while stopping: the handlers below do their own waiting.
      retryTime: 25,
      autoStart: true,
      toggleOnDocumentVisible: false,
      pull: {
        batchSize: pullBatchSize,
        stream$: stream.asObservable(),
        handler: (checkpoint, batchSize) => this.pull(name, checkpoint, batchSize),
      },
      ...(pushesAllowed(user.role, name) && {
        push: {
          batchSize: tuning.pushBatchSize ?? 200,
          handler: (rows: PushRow[]) => this.push(name, rows),
        },
      }),
    });
    this.replications.set(name, replication);
    this.streams.set(name, stream);
    this.active.set(name, true);
    this.subscriptions.push(
      replication.active$.subscribe((active) => {
        this.active.set(name, active);
        this.update();
        this.scheduleRecount(name);
      }),
      replication.error$.subscribe((error) => this.onReplicationError(name, error)),
      replication.sent$.subscribe(() => this.scheduleRecount(name)),
      collection.eventBulks$.subscribe((bulk) => {
        if (!bulk.context.startsWith('replication-downstream')) this.scheduleRecount(name);
        else this.serverCopiesArrived(name, bulk.events);
      }),
    );
    this.loops.push(
      Promise.race([replication.startPromise, this.stopping]).then(() => {
        if (!this.stopped) this.scheduleRecount(name);
      }),
    );
  }

  /**
   * Opens the one live stream of every collection replicated, once RxDB listens to each
   * collection's `stream$` (an event before would be lost); the server's RESYNC of each
   * collection on connecting then makes RxDB pull whatever happened meanwhile.
   */
  private follow(): void {
    const names = [...this.streams.keys()];
    if (names.length === 0) return;
    const started = Promise.all(names.map((name) => this.replications.get(name)!.startPromise));
    this.loops.push(
      Promise.race([started, this.stopping]).then(() =>
        this.stopped ? undefined : this.runStream(names),
      ),
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.announceStop();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
    this.wake.wakeAll();
    if (this.recountTimer !== undefined) this.timers.clearTimeout(this.recountTimer);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await Promise.allSettled([this.setUp]);
    await Promise.all([...this.replications.values()].map((r) => r.cancel()));
    for (const stream of this.streams.values()) stream.complete();
    await Promise.allSettled([...this.loops, this.recounting, this.userAsked, this.refusalWork]);
    await this.refusalsSaved;
  }

  syncNow(): void {
    if (this.stopped) return;
    this.wake.wakeAll();
    for (const stream of this.streams.values()) resync(stream);
  }

  async awaitInSync(): Promise<void> {
    await this.setUp;
    for (const replication of this.replications.values()) await replication.awaitInSync();
    // A stream event or a conflict resolution may have started more work meanwhile.
    for (const replication of this.replications.values()) await replication.awaitInSync();
    await this.recountNow();
  }

  // ---------------------------------------------------------------------------------------
  // Handlers

  private async pull(
    name: ReplicatedCollection,
    checkpoint: SyncCheckpoint | undefined,
    batchSize: number,
  ): Promise<{ documents: Doc[]; checkpoint: SyncCheckpoint | undefined }> {
    const documents: Doc[] = [];
    let position = checkpoint;
    // RxDB takes a short page as "nothing more"; a server that caps pages below batchSize
    // would make it stop early, so pages are gathered until full or empty.
    for (;;) {
      const page = await this.attempt({ collection: name, operation: 'pull' }, (signal) =>
        requestJson<PullResponse<Record<string, unknown>>>(
          this.http,
          `/sync/${name}/pull?${pullQuery(position, batchSize - documents.length)}`,
          { signal },
        ).then(checkPullResponse),
      );
      documents.push(...page.documents);
      if (page.checkpoint) position = page.checkpoint;
      if (page.documents.length === 0 || documents.length >= batchSize) break;
    }
    return { documents, checkpoint: position };
  }

  private async push(name: ReplicatedCollection, rows: PushRow[]): Promise<Doc[]> {
    await this.parentsPushed(name, rows);
    return this.pushNow(name, rows);
  }

  /**
   * Sets aside the rows whose issue or location the server refused: it does not know that
   * parent and would answer `unknown-parent` for them again and again.
   */
  private withoutRefusedParents(name: ReplicatedCollection, rows: PushRow[]): PushRow[] {
    const reference = DOCUMENT_PARENTS[name];
    if (reference.kind !== 'parent' || this.refusals.size === 0) return rows;
    const sending: PushRow[] = [];
    for (const row of rows) {
      const parentId = row.newDocumentState[reference.field];
      // Only a parent the server never had makes it answer `unknown-parent` again and again.
      if (
        typeof parentId === 'string' &&
        this.refusals.get(refusalKey(reference.parent, parentId))?.base === null
      ) {
        this.refuse(name, row, refusedChangeMessage(name, true));
      } else {
        sending.push(row);
      }
    }
    return sending;
  }

  /**
   * The server refused these rows for good (403: the user's role or sites do not allow
   * them). Answering them with no conflict ends RxDB's attempts to push them; the documents
   * stay on this device as they are, and the status names them.
   */
  private setAside(
    name: ReplicatedCollection,
    rows: PushRow[],
    error: SyncRequestError,
  ): PushRow[] {
    const named = new Set(
      error.problems.flatMap((problem) =>
        problem.row !== undefined && problem.row >= 0 && problem.row < rows.length
          ? [problem.row]
          : [],
      ),
    );
    // A refusal that names no row (the role may not write the collection) is of them all.
    const refused = named.size === 0 ? rows.map((_, index) => index) : [...named];
    for (const index of refused) this.refuse(name, rows[index]!, refusedChangeMessage(name));
    return rows.filter((_, index) => !refused.includes(index));
  }

  /** Keeps a refused row on the device, to be sent again once the user has access. */
  private refuse(name: ReplicatedCollection, row: PushRow, message: string): void {
    const documentId = documentIdOf(name, row.newDocumentState);
    const key = refusalKey(name, documentId);
    const earlier = this.refusals.get(key);
    const at = this.options.now();
    // Refused again, it moves to the end; an edit refused since was answered as written,
    // so the server's state it was made on is the first refusal's.
    this.refusals.delete(key);
    this.refusals.set(key, {
      collection: name,
      documentId,
      message,
      at,
      base: earlier ? earlier.base : (row.assumedMasterState ?? null),
      mine: row.newDocumentState,
    });
    this.refusalsChanged();
    this.lastError = {
      message,
      code: 'forbidden',
      operation: 'push',
      collection: name,
      documentId,
      at,
    };
    this.update();
  }

  // ---------------------------------------------------------------------------------------
  // Refused changes, kept and sent again

  /** Takes up the refusals kept on this device for this user of this server. */
  private async loadRefusals(user: SyncUser): Promise<void> {
    const store = this.options.refusals?.(this.http.serverUrl, user.id) ?? memoryRefusalStore();
    this.refusalStore = store;
    try {
      for (const refusal of await store.load()) {
        this.refusals.set(refusalKey(refusal.collection, refusal.documentId), refusal);
      }
    } catch (error) {
      this.keepingFailed(error);
    }
    this.refusalsChanged(false);
  }

  /** Publishes the refusals and, unless just loaded, keeps them. */
  private refusalsChanged(keep = true): void {
    this.refusedChanges = [...this.refusals.values()].map(refusedChangeOf);
    if (keep) this.saveRefusals();
    this.update();
  }

  /**
   * Keeps the refusals as they are when the save runs, after the save before it: the rows of
   * a refused batch, set aside one by one, are kept in one save, not one each.
   */
  private saveRefusals(): void {
    const store = this.refusalStore;
    if (!store || this.refusalsSaveQueued) return;
    this.refusalsSaveQueued = true;
    this.refusalsSaved = this.refusalsSaved.then(async () => {
      this.refusalsSaveQueued = false;
      try {
        await store.save([...this.refusals.values()]);
      } catch (error) {
        if (!this.stopped) this.keepingFailed(error);
      }
    });
  }

  private keepingFailed(error: unknown): void {
    this.lastError = {
      message: `Keeping the changes the server refused on this device failed: ${describeFailure(error)}`,
      code: 'local',
      operation: 'push',
      at: this.options.now(),
    };
    this.update();
  }

  /** Runs `work` after the refusal work before it; a failure is reported, not thrown. */
  private queueRefusalWork(work: () => Promise<void>): void {
    this.refusalWork = this.refusalWork.then(async () => {
      if (this.stopped) return;
      try {
        await work();
      } catch (error) {
        if (this.stopped || error instanceof SyncStoppedError) return;
        this.lastError = {
          message: `Sending a refused change again failed on this device: ${describeFailure(error)}`,
          code: 'local',
          operation: 'push',
          at: this.options.now(),
        };
        this.update();
      }
    });
  }

  /**
   * The server sent documents whose change it refused: the user may see them again (a site
   * given back), so each change is merged with the server's copy three ways, as a conflict
   * is (the issue's history keeps what lost), and written here; the replication then sends
   * it like any change. Refused again, it is kept again.
   */
  private serverCopiesArrived(
    name: ReplicatedCollection,
    events: readonly { documentId: string }[],
  ): void {
    if (this.refusals.size === 0) return;
    for (const event of events) {
      const refusal = this.refusals.get(refusalKey(name, event.documentId));
      if (refusal?.base == null) continue;
      this.queueRefusalWork(() => this.mergeRefused(refusal));
    }
  }

  private async mergeRefused(refusal: StoredRefusal): Promise<void> {
    const key = refusalKey(refusal.collection, refusal.documentId);
    // Refused again meanwhile, or merged already.
    if (this.refusals.get(key) !== refusal || refusal.base === null) return;
    const collection = this.options.db.collections[refusal.collection] as unknown as RxCollection<
      Record<string, unknown>
    >;
    // The document as it is here now: the server's copy, or a later one pulled or edited since
    // the event (merging with the event's copy would undo those).
    const [stored] = await collection.storageInstance.findDocumentsById([refusal.documentId], true);
    if (stored === undefined) return;
    const arrived = documentState(stored);
    const handler = collection.conflictHandler;
    const merged = await handler.resolve(
      {
        assumedMasterState: refusal.base,
        realMasterState: arrived,
        newDocumentState: refusal.mine,
      },
      'refused-change-returned',
    );
    if (this.stopped) return;
    // Forgotten before the write: the replication may send it and have it refused at once.
    this.refusals.delete(key);
    this.refusalsChanged();
    if (!handler.isEqual(merged, arrived, 'refused-change-returned')) {
      try {
        const { _deleted: deleted, ...body } = merged;
        if (deleted) await (await collection.findOne(refusal.documentId).exec())?.remove();
        else await collection.upsert(body);
      } catch (error) {
        if (!this.refusals.has(key)) {
          this.refusals.set(key, refusal);
          this.refusalsChanged();
        }
        throw error;
      }
    }
    // What was created under it here (a comment on the issue) may go now too.
    this.resendCreatedLater();
  }

  private resendCreatedLater(): void {
    for (const refusal of this.refusals.values()) {
      if (refusal.base === null) {
        this.queueRefusalWork(() => this.resendCreated());
        return;
      }
    }
  }

  /**
   * Sends again, as they are here now, the refused documents the server never had (created
   * on this device), parents first: the server knows no copy of them to send back. Refused
   * again, they are kept again.
   */
  private async resendCreated(): Promise<void> {
    for (const name of START_ORDER) {
      if (this.stopped) return;
      if (!this.replications.get(name)?.push) continue;
      const created = [...this.refusals.values()].filter(
        (refusal) => refusal.collection === name && refusal.base === null,
      );
      if (created.length === 0) continue;
      const collection = this.options.db.collections[name] as unknown as RxCollection<
        Record<string, unknown>
      >;
      const stored = await collection.storageInstance.findDocumentsById(
        created.map((refusal) => refusal.documentId),
        true,
      );
      const rows: PushRow[] = stored.map((doc) => ({
        newDocumentState: documentState(doc as Record<string, unknown>),
      }));
      // A conflict means the server has the document already: the stream brings its copy.
      if (rows.length > 0) await this.pushNow(name, rows);
      if (this.stopped) return;
      // Kept until answered, so the list does not blink; refused again, a refusal is replaced.
      for (const refusal of created) {
        const key = refusalKey(name, refusal.documentId);
        if (this.refusals.get(key) === refusal) this.refusals.delete(key);
      }
      this.refusalsChanged();
    }
  }

  /**
   * Waits while parents these rows name (an issue's location, a comment's issue) are still to
   * be pushed from this device, so they reach the server first. It stops waiting once the
   * parent collection's push goes idle, whatever became of them: a parent the server still
   * does not know then is refused as `unknown-parent` and retried, as before.
   */
  private async parentsPushed(name: ReplicatedCollection, rows: PushRow[]): Promise<void> {
    const reference = DOCUMENT_PARENTS[name];
    if (reference.kind !== 'parent' || reference.parent === name) return;
    // Not replicated here, or pulled only (this role may not push it): nothing to wait for.
    const parent = this.replications.get(reference.parent);
    if (!parent?.push) return;
    const ids = [
      ...new Set(
        rows.flatMap((row) => {
          const id = row.newDocumentState[reference.field];
          return typeof id === 'string' && id !== '' ? [id] : [];
        }),
      ),
    ];
    if (ids.length === 0) return;
    await Promise.race([parent.startPromise, this.stopping]);
    const state = parent.internalReplicationState;
    if (this.stopped || !state) return;
    const pushing = state.events.active.up;
    for (;;) {
      const idle = !pushing.getValue();
      if ((await unpushed(state, ids)).length === 0 || idle || this.stopped) return;
      await Promise.race([
        firstValueFrom(merge(parent.sent$, pushing.pipe(filter((active) => !active)))).catch(
          () => undefined,
        ),
        this.stopping,
      ]);
    }
  }

  private async pushNow(name: ReplicatedCollection, rows: PushRow[]): Promise<Doc[]> {
    // Each attempt leaves out the rows whose parent has been refused meanwhile.
    let sent = rows;
    try {
      return await this.attempt(
        {
          collection: name,
          operation: 'push',
          get splitWhenTooLarge() {
            return sent.length > 1;
          },
          setAsideForbidden: true,
        },
        async (signal) => {
          sent = this.withoutRefusedParents(name, rows);
          if (sent.length === 0) return [];
          const conflicts = await requestJson<unknown>(this.http, `/sync/${name}/push`, {
            method: 'POST',
            body: sent,
            signal,
          });
          if (!Array.isArray(conflicts)) {
            throw new SyncRequestError('protocol', 'The server answered a push with no list.');
          }
          return conflicts as Doc[];
        },
      );
    } catch (error) {
      if (error instanceof SyncRequestError && error.forbidden) {
        const rest = this.setAside(name, sent, error);
        return rest.length === 0 ? [] : this.pushNow(name, rest);
      }
      if (!(error instanceof SyncRequestError) || !error.tooLarge || sent.length < 2) throw error;
      const half = Math.ceil(sent.length / 2);
      return [
        ...(await this.pushNow(name, sent.slice(0, half))),
        ...(await this.pushNow(name, sent.slice(half))),
      ];
    }
  }

  /**
   * Reads the one live stream of `names` and hands each event to its collection's `stream$`,
   * reconnecting with backoff while sync runs.
   */
  private async runStream(names: readonly ReplicatedCollection[]): Promise<void> {
    const idleMs = this.options.tuning?.streamIdleMs ?? 45_000;
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.gate();
      } catch {
        return;
      }
      const controller = this.track(newAbortController());
      let delivered = false;
      try {
        const response = await send(this.http, `/sync/stream?${streamQuery(names)}`, {
          signal: controller.signal,
          headers: { accept: 'text/event-stream' },
        });
        if (!response.body) throw new SyncRequestError('protocol', 'The stream has no body.');
        this.answered();
        await readEventStream(response.body, {
          idleMs,
          timers: this.timers,
          abort: () => controller.abort(),
          onData: (data) => {
            const tagged = parseTaggedStreamEvent<Record<string, unknown>>(data);
            const events = tagged && this.streams.get(tagged.collection);
            if (!tagged || !events) return;
            const { event } = tagged;
            if (!delivered) {
              delivered = true;
              attempt = 0;
            }
            if (event === RESYNC) {
              resync(events);
              // Sent on connecting and when the user's sites or role change: ask who they are now.
              this.askUser();
            } else {
              events.next(event);
            }
          },
        });
      } catch (error) {
        if (this.stopped) return;
        this.failed({ operation: 'stream' }, asStreamError(error));
        if (this.halted) continue;
      } finally {
        this.untrack(controller);
      }
      if (this.stopped) return;
      // The server ended the stream (restart, shutdown) or it failed: reconnect after a pause.
      await this.wake.sleep(backoffDelay(attempt, this.policy, this.random));
      attempt += 1;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Retrying

  /** Waits while sync cannot run: halted, or the platform reports no network. */
  private async gate(): Promise<void> {
    for (;;) {
      if (this.stopped) throw new SyncStoppedError();
      if (this.halted) {
        await this.wake.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      if (!this.platformOnline) {
        // Trust the platform, but probe now and then in case it is wrong.
        if ((await this.wake.sleep(this.policy.maxMs)) === 'elapsed') return;
        continue;
      }
      return;
    }
  }

  /** Runs `request` until it succeeds, waiting between failures; throws only when stopped. */
  private async attempt<T>(
    context: Attempt,
    request: (signal: AbortSignalLike) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.gate();
      const controller = this.track(newAbortController());
      let failure: unknown;
      try {
        const value = await request(controller.signal);
        this.answered();
        // A batch refused for a parent not pushed yet may go now.
        if (context.operation === 'push') this.wake.wakeAll(PARENT_PUSHED);
        return value;
      } catch (error) {
        failure = error;
      } finally {
        this.untrack(controller);
      }
      if (this.stopped) throw new SyncStoppedError();
      // A parent still on its way in another collection's push is the normal order of
      // things, not a failure to show; it is one only when it lasts.
      const waitingForParent =
        failure instanceof SyncRequestError && failure.code === 'unknown-parent' && attempt < 3;
      // A batch too large is split by the caller: that is handled, not an error to show.
      const splitting =
        failure instanceof SyncRequestError && failure.tooLarge && context.splitWhenTooLarge;
      // A refusal is set aside by the caller, which tells the user what was refused.
      const refused =
        failure instanceof SyncRequestError && failure.forbidden && context.setAsideForbidden;
      this.failed(context, failure, !waitingForParent && !splitting && !refused);
      if (splitting || refused) throw failure;
      if (this.halted) continue;
      const backoff = backoffDelay(attempt, this.policy, this.random);
      const serverWait = failure instanceof SyncRequestError ? (failure.retryAfterMs ?? 0) : 0;
      const delay = Math.max(backoff, serverWait);
      // A parent the server does not know yet is most likely in another collection's push
      // on its way: retry as soon as a push gets through, or after the backoff.
      const unknownParent =
        failure instanceof SyncRequestError && failure.code === 'unknown-parent';
      await this.wake.sleep(delay, unknownParent ? PARENT_PUSHED : undefined);
    }
  }

  private track(controller: AbortControllerLike): AbortControllerLike {
    this.controllers.add(controller);
    return controller;
  }

  private untrack(controller: AbortControllerLike): void {
    this.controllers.delete(controller);
  }

  /** A request got an answer from the server. */
  private answered(): void {
    const wasUnreachable = this.reachable === false;
    this.reachable = true;
    this.update();
    // The server is back: every other waiting request and stream may go now.
    if (wasUnreachable) this.wake.wakeAll();
  }

  private failed(context: Attempt, error: unknown, report = true): void {
    const info: SyncErrorInfo = {
      message: describeFailure(error),
      code: 'local',
      operation: context.operation,
      ...(context.collection !== undefined && { collection: context.collection }),
      at: this.options.now(),
    };
    if (error instanceof SyncRequestError) {
      if (error.kind === 'network') {
        this.reachable = false;
        info.code = 'network';
      } else {
        this.reachable = true;
        info.code = error.kind === 'protocol' ? 'protocol' : (error.code ?? 'internal');
      }
      const documentId = error.problems.find((p) => p.documentId !== undefined)?.documentId;
      if (documentId !== undefined) info.documentId = documentId;
      if (error.unauthorized) this.halted = true;
    }
    if (report) this.lastError = info;
    this.update();
  }

  /**
   * Asks the server who the user is now and takes the answer when it differs (sites added or
   * taken away, another role), so the core checks writes against the sites the user has. One
   * request at a time; a request asked for meanwhile runs once it is done, since the one in
   * flight may have been answered before the change. A failure leaves the user as known.
   */
  private askUser(): void {
    if (this.stopped || this.halted) return;
    if (this.userAsked) {
      this.askUserAgain = true;
      return;
    }
    this.userAsked = (async () => {
      do {
        this.askUserAgain = false;
        const me = await whoAmI(this.http);
        if (this.stopped) return;
        if (JSON.stringify(me.user) !== JSON.stringify(this.user)) {
          const before = this.user;
          this.user = me.user;
          this.userListener?.(me.user);
          this.update();
          // New sites or another role may let the server take what it refused.
          if (before === undefined || allowsMore(before, me.user)) this.resendCreatedLater();
        }
      } while (this.askUserAgain && !this.stopped);
    })()
      .catch(() => undefined)
      .finally(() => {
        this.userAsked = undefined;
      });
  }

  private onPlatformOnline(online: boolean): void {
    const cameBack = online && !this.platformOnline;
    this.platformOnline = online;
    if (!online) {
      // Requests in flight would only time out: end them, they are retried when online.
      for (const controller of this.controllers) controller.abort();
    }
    this.update();
    if (cameBack) this.syncNow();
  }

  private onReplicationError(name: ReplicatedCollection, error: unknown): void {
    if (this.stopped) return;
    // The handlers never throw while running; what arrives here failed inside RxDB: a
    // conflict that could not be resolved or written, a pulled document the local schema
    // refuses. RxDB retries it with the next change; the user sees it meanwhile.
    this.lastError = {
      message: `Replicating ${name} failed on this device: ${describeFailure(error)}`,
      code: 'local',
      operation: 'resolve',
      collection: name,
      at: this.options.now(),
    };
    this.update();
  }

  // ---------------------------------------------------------------------------------------
  // Status

  private scheduleRecount(name: ReplicatedCollection): void {
    if (this.stopped) return;
    this.recountWanted.add(name);
    if (this.recountTimer !== undefined || this.recounting) return;
    this.recountTimer = this.timers.setTimeout(() => {
      this.recountTimer = undefined;
      this.recounting = this.recount().finally(() => {
        this.recounting = undefined;
        if (this.recountWanted.size > 0) this.scheduleRecount([...this.recountWanted][0]!);
      });
    }, this.options.tuning?.pendingRecountMs ?? 250);
  }

  private async recountNow(): Promise<void> {
    await this.recounting;
    for (const name of this.replications.keys()) this.recountWanted.add(name);
    await this.recount();
  }

  private async recount(): Promise<void> {
    const names = [...this.recountWanted];
    this.recountWanted.clear();
    for (const name of names) {
      const replication = this.replications.get(name);
      const state = replication?.internalReplicationState;
      if (this.stopped || !replication?.push || !state) {
        this.pending.set(name, 0);
        continue;
      }
      try {
        this.pending.set(name, await countPendingChanges(state));
      } catch (error) {
        if (this.stopped) return;
        this.onReplicationError(name, error);
      }
    }
    this.update(true);
  }

  /** Publishes the status; `counted` marks a fresh pending count (it may complete a sync). */
  private update(counted = false): void {
    if (this.stopped) return;
    const state = this.halted
      ? 'unauthorized'
      : !this.platformOnline || this.reachable === false
        ? 'offline'
        : this.reachable
          ? 'online'
          : 'connecting';
    const busy = [...this.active.values()].some(Boolean) || this.replications.size === 0;
    const pendingChanges = [...this.pending.values()].reduce((sum, n) => sum + n, 0);
    if (
      counted &&
      state === 'online' &&
      !busy &&
      pendingChanges === 0 &&
      this.recountWanted.size === 0
    ) {
      this.lastSyncAt = this.options.now();
    }
    this.publish({
      state,
      syncing: state === 'online' && busy,
      pendingChanges,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      refusedChanges: this.refusedChanges,
      serverUrl: this.http.serverUrl,
      user: this.user ?? null,
    });
  }
}

type ReplicationInternals = NonNullable<AnyReplication['internalReplicationState']>;

/** Of these documents of the collection, those this device has that the server has not. */
async function unpushed(state: ReplicationInternals, ids: readonly string[]): Promise<string[]> {
  const present = await state.input.forkInstance.findDocumentsById([...ids], true);
  const held = present.map((doc) => String((doc as Record<string, unknown>)[state.primaryPath]));
  if (held.length === 0) return [];
  // A document the replication has pushed or pulled has a master state.
  const known = await getAssumedMasterState(state, held);
  return held.filter((id) => known[id] === undefined);
}

/**
 * Tells RxDB to pull from its checkpoint. Sent twice: RxDB 17.6's downstream drops a RESYNC
 * that is queued behind a batch of changes (it takes the RESYNC off the queue and then stops
 * without running it), and the batch after it would move the checkpoint past everything
 * the stream missed. The second RESYNC is then the head of the queue and runs; when the
 * first one ran, the second arrived before its pull began and RxDB skips it.
 */
function resync(stream: Subject<StreamItem>): void {
  stream.next(RESYNC);
  stream.next(RESYNC);
}

function checkPullResponse(
  value: PullResponse<Record<string, unknown>>,
): PullResponse<Record<string, unknown>> {
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(value.documents) ||
    (value.checkpoint !== null && !isSyncCheckpoint(value.checkpoint))
  ) {
    throw new SyncRequestError('protocol', 'The server answered a pull in an unexpected form.');
  }
  return value;
}

function asStreamError(error: unknown): unknown {
  if (error instanceof SyncRequestError) return error;
  if (error instanceof StreamIdleError) {
    return new SyncRequestError('network', 'The live connection to the server went silent.', {
      cause: error,
    });
  }
  return new SyncRequestError('network', 'The live connection to the server dropped.', {
    cause: error,
  });
}
