/**
 * Builds the Fastify application: hooks for CORS, the protocol version, rate limits,
 * authentication and metrics; the routes; error handling; and the shutdown (streams end
 * first and no new one starts, connections close once they have nothing left to answer, so
 * closing the server waits on nothing; see shutdown.ts). The database is given and stays
 * open: whoever opened it closes it.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { SYNC_PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { registerAdminRoutes } from '../auth/admin-routes';
import { registerAuthRoutes } from '../auth/auth-routes';
import { createAuthenticator } from '../auth/authenticate';
import { bearerToken, hashToken } from '../auth/tokens';
import type { ServerConfig } from '../config';
import { ChangeHub } from '../replication/change-hub';
import { createDocumentValidator } from '../replication/document-validator';
import { registerReplicationRoutes } from '../replication/replication-routes';
import { StreamScopes } from '../replication/stream-scopes';
import type { Database } from '../store/database';
import { installErrorHandling } from './error-handler';
import { Metrics } from './metrics';
import { openApiDocument } from './openapi';
import { registerOperationsRoutes } from './operations-routes';
import { RateLimiter } from './rate-limit';
import { Shutdown } from './shutdown';
import { SyncError } from './sync-error';

export interface SyncAppOptions {
  db: Database;
  config: ServerConfig;
  /** Fastify's logger setting; false (no logs) when absent. */
  logger?: FastifyServerOptions['logger'];
  https?: { key: Buffer; cert: Buffer };
}

export interface SyncApp {
  app: FastifyInstance;
  hub: ChangeHub;
  scopes: StreamScopes;
  metrics: Metrics;
  /** Every route registered, as `METHOD /path`. */
  routes: string[];
}

/**
 * Changes per collection the hub keeps for pulls: about 2 MB with issues of about 1 KB, and
 * at most 128 MB were every one of the largest documents allowed (64 KB).
 */
const KEPT_CHANGES = 2_000;

interface RouteFlags {
  public?: boolean;
  signIn?: boolean;
}

/** Hides tokens passed in the query string from logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');
}

export async function buildSyncApp(options: SyncAppOptions): Promise<SyncApp> {
  const { db, config } = options;
  const fastifyOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    bodyLimit: config.limits.bodyBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestIdHeader: 'x-request-id',
  };
  if (options.logger && typeof options.logger === 'object') {
    fastifyOptions.logger = {
      ...options.logger,
      redact: ['req.headers.authorization'],
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.ip,
        }),
      },
    };
  }
  const app = (
    options.https
      ? Fastify({ ...fastifyOptions, https: options.https } as FastifyServerOptions)
      : Fastify(fastifyOptions)
  ) as FastifyInstance;

  const metrics = new Metrics();
  const hub = new ChangeHub(db, {
    // PGlite's notifications come as their transactions commit: pulls of recent changes
    // can be answered from what the hub read (see change-hub.ts).
    keptChanges: db.kind === 'pglite' ? KEPT_CHANGES : 0,
    onError: (error) => app.log.error({ err: error }, 'reading the change feed failed'),
  });
  await hub.start();
  const scopes = new StreamScopes(db, (error) =>
    app.log.error({ err: error }, 'reading the scope of a user with open streams failed'),
  );
  await scopes.start();
  const authenticator = await createAuthenticator(db);
  const requestLimiter = new RateLimiter(config.limits.requestsPerMinute);
  const signInLimiter = new RateLimiter(config.limits.signInsPerMinute);
  const shutdown = new Shutdown(app.server, options.https !== undefined);
  const routes: string[] = [];

  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    }
  });

  const tooMany = (reply: FastifyReply, retryAfterSeconds: number, message: string) =>
    reply
      .code(429)
      .header('retry-after', String(retryAfterSeconds))
      .send(new SyncError('rate-limited', message).toBody());

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && config.corsOrigins.includes(origin)) {
      reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'origin')
        // A page reads only these of an answer's headers: the client checks the protocol
        // version of every answer and honours Retry-After.
        .header('access-control-expose-headers', `${SYNC_PROTOCOL_HEADER}, retry-after`);
      if (request.method === 'OPTIONS') {
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS')
          .header(
            'access-control-allow-headers',
            `authorization, content-type, ${SYNC_PROTOCOL_HEADER}`,
          )
          .header('access-control-max-age', '600')
          .send();
      }
    }
    reply.header(SYNC_PROTOCOL_HEADER, String(SYNC_PROTOCOL_VERSION));
    const spoken = request.headers[SYNC_PROTOCOL_HEADER];
    if (spoken !== undefined && spoken !== String(SYNC_PROTOCOL_VERSION)) {
      throw new SyncError(
        'bad-request',
        `This server speaks sync protocol ${SYNC_PROTOCOL_VERSION}, not ${String(spoken)}; update the app.`,
      );
    }

    const flags = (request.routeOptions.config ?? {}) as RouteFlags;
    const token =
      bearerToken(request.headers.authorization) ??
      (request.routeOptions.url === '/sync/:collection/stream' ||
      request.routeOptions.url === '/sync/stream'
        ? (request.query as Record<string, string | undefined>).access_token
        : undefined);
    const decision = requestLimiter.take(
      token ? `token ${hashToken(token)}` : `address ${request.ip}`,
    );
    if (!decision.allowed)
      return tooMany(reply, decision.retryAfterSeconds, 'Too many requests; slow down.');
    if (flags.signIn) {
      const attempt = signInLimiter.take(request.ip);
      if (!attempt.allowed) {
        return tooMany(
          reply,
          attempt.retryAfterSeconds,
          'Too many sign-in attempts; wait a minute.',
        );
      }
    }
    if (!flags.public && request.is404 !== true) {
      request.principal = await authenticator.authenticate(token);
    }
    return undefined;
  });

  // While closing, no connection is kept alive for another request.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (shutdown.isClosing) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.recordRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.addHook('preClose', async () => {
    shutdown.begin();
    await hub.close();
    await scopes.close();
    await authenticator.close();
  });

  installErrorHandling(app);
  registerOperationsRoutes(app, { db, metrics, openApi: () => openApiDocument(config.limits) });
  registerAuthRoutes(app, db);
  registerAdminRoutes(app, db);
  registerReplicationRoutes(app, {
    db,
    hub,
    authenticator,
    validator: createDocumentValidator({ maxDocumentBytes: config.limits.documentBytes }),
    metrics,
    limits: config.limits,
    heartbeatMs: config.heartbeatMs,
    scopes,
    shutdown,
  });
  await app.ready();
  return { app, hub, scopes, metrics, routes };
}
