/**
 * The replication endpoints, shaped for RxDB's replicateRxCollection:
 *
 *   GET  /sync/:collection/pull?updatedAt=&id=&scope=&limit=   pull handler
 *   POST /sync/:collection/push   (PushRow[])           push handler, answers the conflicts
 *   GET  /sync/stream?collections=a,b                   every pull.stream$ of a device, in
 *                                                       one stream of server-sent events
 *   GET  /sync/:collection/stream                       one collection's stream (clients
 *                                                       that predate the shared one)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  isReplicatedCollection,
  parseCheckpointQuery,
  parseStreamCollections,
  RESYNC,
  STREAM_COLLECTIONS_PARAM,
  type PullResponse,
  type ReplicatedCollection,
  type SyncCheckpoint,
} from '../../shared/sync/protocol';
import type { Authenticator } from '../auth/authenticate';
import type { ServerLimits } from '../config';
import type { Metrics } from '../http/metrics';
import type { Shutdown } from '../http/shutdown';
import { principalOf } from '../http/request-context';
import { SyncError } from '../http/sync-error';
import type { Database } from '../store/database';
import type { ChangeHub, OutgoingBatch } from './change-hub';
import type { DocumentValidator } from './document-validator';
import { EventStream } from './event-stream';
import { readFeed, SERVER_WRITTEN } from './feeds';
import { StreamHeartbeat } from './stream-heartbeat';
import type { StreamScopes } from './stream-scopes';
import { pushBatch, replicatedState } from './push-batch';

export interface ReplicationDeps {
  db: Database;
  hub: ChangeHub;
  authenticator: Authenticator;
  validator: DocumentValidator;
  metrics: Metrics;
  limits: ServerLimits;
  heartbeatMs: number;
  /** Moves open streams to their user's new scope, and tells them RESYNC. */
  scopes: StreamScopes;
  /** Refuses streams once the server is closing, and ends the open ones. */
  shutdown: Shutdown;
}

interface CollectionParams {
  collection: string;
}

interface StreamQuery {
  collections?: string;
}

interface PullQuery {
  updatedAt?: string;
  id?: string;
  scope?: string;
  limit?: string;
}

/**
 * Where a pull reads from: after its checkpoint when that was issued under the user's
 * current scope version (or names none), else from the beginning of the feed. A position
 * taken while the user had other sites or another role says nothing of the documents the new
 * scope adds: a site given to the user today holds documents stamped long before. Documents
 * the device already holds come again, which the replication takes as no change.
 */
export function pullStart(
  checkpoint: SyncCheckpoint | null,
  scopeVersion: number,
): SyncCheckpoint | null {
  if (checkpoint?.scope !== undefined && checkpoint.scope !== scopeVersion) return null;
  return checkpoint;
}

function collectionOf(request: FastifyRequest<{ Params: CollectionParams }>): ReplicatedCollection {
  const { collection } = request.params;
  if (!isReplicatedCollection(collection)) {
    throw new SyncError(
      'not-found',
      `The server does not replicate a collection named ${collection}.`,
    );
  }
  return collection;
}

function pullLimit(raw: string | undefined, limits: ServerLimits): number {
  if (raw === undefined) return limits.defaultPullLimit;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1) {
    throw new SyncError('bad-request', 'limit must be a positive integer.');
  }
  return Math.min(limit, limits.maxPullLimit);
}

export function registerReplicationRoutes(app: FastifyInstance, deps: ReplicationDeps): void {
  const { db, hub, validator, metrics, limits } = deps;
  const heartbeat = new StreamHeartbeat(deps.heartbeatMs, (hashes) =>
    deps.authenticator.validTokens(hashes),
  );

  app.get<{ Params: CollectionParams; Querystring: PullQuery }>(
    '/sync/:collection/pull',
    async (request): Promise<PullResponse<Record<string, unknown>>> => {
      const collection = collectionOf(request);
      const principal = principalOf(request);
      const parsed = parseCheckpointQuery(request.query);
      if (!parsed.ok) throw new SyncError('bad-request', parsed.message);
      const limit = pullLimit(request.query.limit, limits);
      // The session's sites and scope version were read together (auth/authenticate.ts).
      const scopeVersion = principal.user.scopeVersion;
      const start = pullStart(parsed.checkpoint, scopeVersion);
      // From the changes the hub keeps when they cover the start (PGlite), else a query.
      const changes =
        (await hub.keptChangesAfter(collection, start, limit, principal.scope)) ??
        (await readFeed(db, collection, start, limit, principal.scope));
      const last = changes.at(-1);
      return {
        documents: changes.map(replicatedState),
        checkpoint: last
          ? { id: last.id, updatedAt: last.updatedAt, scope: scopeVersion }
          : parsed.checkpoint,
      };
    },
  );

  app.post<{ Params: CollectionParams; Body: unknown }>(
    '/sync/:collection/push',
    async (request) => {
      const collection = collectionOf(request);
      const principal = principalOf(request);
      if (SERVER_WRITTEN.includes(collection)) {
        throw new SyncError(
          'forbidden',
          `The server writes ${collection} from its user accounts; devices only pull them.`,
        );
      }
      const rows = request.body;
      if (!Array.isArray(rows)) {
        throw new SyncError('bad-request', 'The body of a push is a JSON array of rows.');
      }
      if (rows.length > limits.pushRows) {
        throw new SyncError(
          'too-large',
          `A push may hold at most ${limits.pushRows} rows; this one has ${rows.length}. Push smaller batches.`,
        );
      }
      const checked = validator.check(collection, rows);
      if (!checked.ok) {
        const code = checked.tooLarge ? 'too-large' : 'invalid-document';
        throw new SyncError(code, checked.problems[0]!.message, checked.problems);
      }
      const outcome = await pushBatch(db, collection, checked.rows, principal);
      if (outcome.written > 0) metrics.pushedDocuments.inc({ collection }, outcome.written);
      if (outcome.conflicts.length > 0)
        metrics.pushConflicts.inc({ collection }, outcome.conflicts.length);
      return outcome.conflicts;
    },
  );

  /**
   * Opens a live stream of `collections`. `tagged`: the shared stream, whose events name
   * their collection; else a one-collection stream of plain events.
   */
  async function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    collections: readonly ReplicatedCollection[],
    tagged: boolean,
  ): Promise<void> {
    const principal = principalOf(request);
    // A client may reconnect while the server closes: it is told to come back later.
    if (deps.shutdown.isClosing) {
      throw new SyncError('unavailable', 'The server is shutting down; connect again shortly.');
    }
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).map(([name, value]) => [name, String(value)]),
    );
    reply.hijack();
    const stream = new EventStream(reply.raw, {});
    deps.shutdown.track(stream);
    metrics.streamOpened();
    const unsubscribes: (() => void)[] = [];
    const stopBeating = heartbeat.add(stream, principal.tokenHash);
    // Batches committed while subscribing wait until RESYNC is out: a batch's checkpoint
    // must never reach the client before the resync that covers what came earlier.
    const waiting: OutgoingBatch[] = [];
    let ready = false;
    const send = (batch: OutgoingBatch): void =>
      stream.sendEvent(tagged ? batch.taggedEvent : batch.event);
    const subscribers = collections.map((collection) => ({
      collection,
      subscriber: {
        scope: principal.scope,
        deliver: (batch: OutgoingBatch) => (ready ? send(batch) : waiting.push(batch)),
      },
    }));
    const resync = (): void => {
      if (!tagged) return stream.send(RESYNC);
      for (const collection of collections) stream.send({ collection, resync: true });
    };
    const stopFollowing = deps.scopes.add({
      userId: principal.user.id,
      scopeVersion: principal.user.scopeVersion,
      subscribers: subscribers.map(({ subscriber }) => subscriber),
      resync,
      close: () => stream.close(),
    });
    stream.onClose(() => {
      metrics.streamClosed();
      stopBeating();
      stopFollowing();
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    });
    stream.open(headers);

    const subscribed = await Promise.allSettled(
      subscribers.map(({ collection, subscriber }) => hub.subscribe(collection, subscriber)),
    );
    for (const outcome of subscribed) {
      if (outcome.status === 'fulfilled') unsubscribes.push(outcome.value);
    }
    const failure = subscribed.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      request.log.error({ err: failure.reason }, 'could not subscribe a stream to changes');
      stream.close();
      return;
    }
    if (stream.isClosed) {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      return;
    }
    resync();
    for (const batch of waiting.splice(0)) send(batch);
    ready = true;
  }

  app.get<{ Querystring: StreamQuery }>('/sync/stream', async (request, reply) => {
    const parsed = parseStreamCollections(request.query[STREAM_COLLECTIONS_PARAM]);
    if (!parsed.ok) throw new SyncError('bad-request', parsed.message);
    await openStream(request, reply, parsed.collections, true);
  });

  app.get<{ Params: CollectionParams }>('/sync/:collection/stream', async (request, reply) => {
    await openStream(request, reply, [collectionOf(request)], false);
  });
}
