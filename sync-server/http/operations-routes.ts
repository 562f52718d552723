/**
 * Endpoints for operators, open without a token: /health (is the database reachable),
 * /metrics (Prometheus text) and /openapi.json (the HTTP API's description).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database';
import type { Metrics } from './metrics';
import { SyncError } from './sync-error';

export function registerOperationsRoutes(
  app: FastifyInstance,
  deps: { db: Database; metrics: Metrics; openApi: () => object },
): void {
  const open = { config: { public: true } };

  app.get('/health', open, async () => {
    try {
      await deps.db.query('SELECT 1');
    } catch {
      throw new SyncError('unavailable', 'The database is unreachable.');
    }
    return { status: 'ok', database: deps.db.kind };
  });

  app.get('/metrics', open, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
  );

  app.get('/openapi.json', open, () => deps.openApi());
}
