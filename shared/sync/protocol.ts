/**
 * The sync protocol on the wire between the app's replication client and the sync server.
 * It is RxDB's replication protocol carried over HTTP: pull and push per collection, and one
 * live stream per device that carries the changes of every collection it asks for:
 *
 *   GET  /sync/:collection/pull?updatedAt=&id=&scope=&limit=  → PullResponse
 *   POST /sync/:collection/push   body PushRow[]       → the conflicting master states
 *   GET  /sync/stream?collections=a,b (text/event-stream) → TaggedStreamEvent per `data:` line
 *   GET  /sync/:collection/stream (text/event-stream)  → StreamEvent per `data:` line (one
 *        collection: the stream of clients that predate the shared one)
 *
 * Documents travel as RxDB hands them to a replication handler: the document's own fields
 * plus `_deleted`, without `_rev`, `_meta` or `_attachments`. The server keeps its stamps
 * (when it accepted a write, from whom, for which site) in the row beside the document, never
 * in the body, so every document a client stores stays valid under shared/schemas. The only
 * server stamp a client sees is the checkpoint's `updatedAt`.
 *
 * Pure types and helpers: no platform code, usable by the client and the server alike.
 */
import type { Role } from '../domain';
import type { CollectionName } from '../schemas';

/**
 * Raised whenever the wire format changes incompatibly. The server sends it in the
 * `Sync-Protocol` header of every answer; a client may send it too, and a server that speaks
 * another version refuses the request with 400 instead of misreading it.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_PROTOCOL_HEADER = 'sync-protocol';

/** The collections the server replicates; a subset of shared/schemas' COLLECTIONS. */
export const REPLICATED_COLLECTIONS = [
  'issues',
  'comments',
  'issue_events',
  'workflows',
  'locations',
  'people',
  'escalation_rules',
  'escalations',
] as const satisfies readonly CollectionName[];
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

export function isReplicatedCollection(name: string): name is ReplicatedCollection {
  return (REPLICATED_COLLECTIONS as readonly string[]).includes(name);
}

/**
 * A position in a collection's change feed. `updatedAt` is the server's stamp of the last
 * document delivered: a per-server monotonic number (epoch milliseconds, or one more than the
 * previous stamp when the clock has not moved on), never the client's clock. `id` breaks
 * ties between documents with one stamp. Documents are delivered in (updatedAt, id) order.
 *
 * `scope` is the user's scope version the position was issued under: the server raises it
 * whenever the user's sites or role change. A position in one scope says nothing of the
 * documents another scope adds (a site given to the user later holds documents stamped long
 * before), so a pull from a checkpoint of another scope version is answered from the
 * beginning of the feed. Pulls answer with the version; stream batches leave it out, so a
 * live change never carries a device into a new scope before a pull has brought it all (RxDB
 * stacks checkpoints with Object.assign: the version of the last pull stays).
 */
export interface SyncCheckpoint {
  id: string;
  updatedAt: number;
  scope?: number;
}

/** A document as replicated: its fields plus the deleted flag. */
export type ReplicatedDocument<T> = T & { _deleted: boolean };

/**
 * Answer to a pull: up to `limit` documents changed after the given checkpoint, in order,
 * and the checkpoint to ask from next. With no documents, the checkpoint is the one the
 * client sent (null when it sent none), as RxDB expects.
 */
export interface PullResponse<T> {
  documents: ReplicatedDocument<T>[];
  checkpoint: SyncCheckpoint | null;
}

/**
 * One row of a push. `assumedMasterState` is the server's state the client based its change
 * on (absent for a document the client believes new). The server compares it with what it
 * stores, by content, and writes `newDocumentState` only when they are equal.
 */
export interface PushRow<T> {
  assumedMasterState?: ReplicatedDocument<T>;
  newDocumentState: ReplicatedDocument<T>;
}

/** Answer to a push: the server's current state of every row that conflicted (often empty). */
export type PushResponse<T> = ReplicatedDocument<T>[];

/** The stream's word for "you may have missed changes: pull from your checkpoint". */
export const RESYNC = 'RESYNC';

/**
 * One event of the live stream, sent as one SSE `data:` line of JSON: a batch of changes
 * (the checkpoint is that of the batch's last document), or the string "RESYNC", which the
 * server sends first on every (re)connection.
 */
export type StreamEvent<T> =
  { documents: ReplicatedDocument<T>[]; checkpoint: SyncCheckpoint } | typeof RESYNC;

/**
 * One event of the shared live stream (`GET /sync/stream`), one SSE `data:` line of JSON,
 * naming the collection it is of: a batch of changes of that collection, or its RESYNC
 * (`{ "collection": "issues", "resync": true }`). On every (re)connection the server sends a
 * RESYNC of each collection of the stream first, and again whenever the user's sites or role
 * change. A browser holds at most six connections to one server; one stream for all the
 * collections leaves the others to pulls and pushes.
 */
export type TaggedStreamEvent<T> =
  | {
      collection: ReplicatedCollection;
      documents: ReplicatedDocument<T>[];
      checkpoint: SyncCheckpoint;
    }
  | { collection: ReplicatedCollection; resync: true };

/** The query of the shared stream: the collections it carries, joined by commas. */
export const STREAM_COLLECTIONS_PARAM = 'collections';

export function streamQuery(collections: readonly ReplicatedCollection[]): string {
  return `${STREAM_COLLECTIONS_PARAM}=${collections.join(',')}`;
}

export type StreamCollectionsParse =
  { ok: true; collections: ReplicatedCollection[] } | { ok: false; message: string };

/** Reads `collections=a,b` of a stream request; absent: every replicated collection. */
export function parseStreamCollections(raw: string | undefined): StreamCollectionsParse {
  if (raw === undefined) return { ok: true, collections: [...REPLICATED_COLLECTIONS] };
  const names = raw.split(',').filter((name) => name !== '');
  if (names.length === 0) {
    return { ok: false, message: 'collections names at least one collection.' };
  }
  const unknown = names.find((name) => !isReplicatedCollection(name));
  if (unknown !== undefined) {
    return { ok: false, message: `The server does not replicate a collection named ${unknown}.` };
  }
  return { ok: true, collections: [...new Set(names as ReplicatedCollection[])] };
}

/**
 * Decodes the `data:` of one message of the shared stream into its collection and the event
 * as a stream of that collection alone would carry it; undefined when it is not one.
 */
export function parseTaggedStreamEvent<T>(
  data: string,
): { collection: ReplicatedCollection; event: StreamEvent<T> } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { collection, resync, documents, checkpoint } = value as Record<string, unknown>;
  if (typeof collection !== 'string' || !isReplicatedCollection(collection)) return undefined;
  if (resync === true) return { collection, event: RESYNC };
  if (!Array.isArray(documents) || !isSyncCheckpoint(checkpoint)) return undefined;
  return { collection, event: { documents: documents as ReplicatedDocument<T>[], checkpoint } };
}

/**
 * What the server stamps on every accepted write, kept in its row beside the document (not
 * in the body). `updatedAt` is the stamp the change feed orders by.
 */
export interface DocumentStamp {
  updatedAt: number;
  /** The user id that wrote this state. */
  by: string;
  /** The device id the write came from. */
  deviceId: string;
  /** The site the document belongs to (derived from its location); null for shared data. */
  site: string | null;
}

/** The user as the server describes them after sign-in. */
export interface SyncUser {
  id: string;
  name: string;
  role: Role;
  /** Site ids (ids of site locations) the user may read and write. */
  sites: string[];
  /** True for admins: every site, including ones created later. */
  allSites: boolean;
}

/** POST /auth/sign-in */
export interface SignInRequest {
  userName: string;
  password: string;
  /** A name for this device the user recognises later, e.g. "Line 3 tablet". */
  deviceName: string;
}

export interface SignInResponse {
  /** Bearer token: send as `Authorization: Bearer <token>`. Shown once; only its hash is stored. */
  token: string;
  deviceId: string;
  user: SyncUser;
}

/** GET /auth/me */
export interface WhoAmIResponse {
  user: SyncUser;
  deviceId: string;
}

export const SYNC_ERROR_CODES = [
  /** 400: malformed request (query, body shape, unknown collection is 404). */
  'bad-request',
  /** 401: no token, an unknown or a revoked token, or wrong credentials at sign-in. */
  'unauthenticated',
  /** 403: the user's role or sites do not allow this. */
  'forbidden',
  /** 404: no such collection, user or device. */
  'not-found',
  /** 409: a unique name is taken (e.g. a user name). */
  'already-exists',
  /** 413: too many rows in a batch, a document or a body too large. */
  'too-large',
  /** 422: a pushed document fails its collection's schema. */
  'invalid-document',
  /** 422: a pushed document names a location or issue the server does not know (yet). */
  'unknown-parent',
  /** 429: too many requests; see the Retry-After header. */
  'rate-limited',
  /** 503: the database is unreachable or the server is shutting down. */
  'unavailable',
  /** 500 */
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** One reason a pushed batch was refused, pointing at the row and the field. */
export interface SyncProblem {
  /** Index of the row in the pushed array. */
  row?: number;
  documentId?: string;
  /** JSON pointer into the document, e.g. `/title`; empty for the document as a whole. */
  path?: string;
  message: string;
}

/** Body of every 4xx/5xx answer. A refused push wrote nothing. */
export interface SyncErrorBody {
  error: SyncErrorCode;
  message: string;
  problems?: SyncProblem[];
}

/** Orders checkpoints as the server's change feed does: by updatedAt, then id. */
export function compareCheckpoints(a: SyncCheckpoint, b: SyncCheckpoint): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function isSyncCheckpoint(value: unknown): value is SyncCheckpoint {
  if (typeof value !== 'object' || value === null) return false;
  const { id, updatedAt, scope } = value as Record<string, unknown>;
  return typeof id === 'string' && isCount(updatedAt) && (scope === undefined || isCount(scope));
}

/**
 * The scope version a client sends with a checkpoint that has none: one stored before scope
 * versions existed. Versions start at 1, so such a checkpoint is answered from the beginning
 * once, which also brings what a site added to the user back then never delivered.
 */
export const UNVERSIONED_SCOPE = 0;

/**
 * The query string of a pull: `updatedAt=…&id=…&scope=…&limit=…` (no checkpoint: from the
 * start).
 */
export function pullQuery(checkpoint: SyncCheckpoint | null | undefined, limit: number): string {
  const parts = checkpoint
    ? [
        `updatedAt=${checkpoint.updatedAt}`,
        `id=${encodeURIComponent(checkpoint.id)}`,
        `scope=${checkpoint.scope ?? UNVERSIONED_SCOPE}`,
      ]
    : [];
  parts.push(`limit=${limit}`);
  return parts.join('&');
}

export type CheckpointParse =
  { ok: true; checkpoint: SyncCheckpoint | null } | { ok: false; message: string };

const COUNT_TEXT = /^\d{1,16}$/;

/**
 * Reads the checkpoint of a pull's query; updatedAt and id both or neither, and `scope` only
 * with them (absent: the position is taken to be of the user's current scope).
 */
export function parseCheckpointQuery(query: {
  updatedAt?: string | undefined;
  id?: string | undefined;
  scope?: string | undefined;
}): CheckpointParse {
  const { updatedAt, id, scope } = query;
  if (updatedAt === undefined && id === undefined) {
    if (scope !== undefined) {
      return { ok: false, message: 'A scope version comes with a checkpoint only.' };
    }
    return { ok: true, checkpoint: null };
  }
  if (updatedAt === undefined || id === undefined) {
    return { ok: false, message: 'A checkpoint needs both updatedAt and id, or neither.' };
  }
  if (!COUNT_TEXT.test(updatedAt) || !Number.isSafeInteger(Number(updatedAt))) {
    return { ok: false, message: 'Checkpoint updatedAt must be a non-negative integer.' };
  }
  if (scope !== undefined && (!COUNT_TEXT.test(scope) || !Number.isSafeInteger(Number(scope)))) {
    return { ok: false, message: 'Checkpoint scope must be a non-negative integer.' };
  }
  return {
    ok: true,
    checkpoint: {
      id,
      updatedAt: Number(updatedAt),
      ...(scope !== undefined && { scope: Number(scope) }),
    },
  };
}

/** Decodes the `data:` of one stream message; undefined when it is not a stream event. */
export function parseStreamEvent<T>(data: string): StreamEvent<T> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (value === RESYNC) return RESYNC;
  if (typeof value !== 'object' || value === null) return undefined;
  const { documents, checkpoint } = value as Record<string, unknown>;
  if (!Array.isArray(documents) || !isSyncCheckpoint(checkpoint)) return undefined;
  return { documents: documents as ReplicatedDocument<T>[], checkpoint };
}
