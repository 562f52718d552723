/**
 * Every failure leaves the server as a SyncErrorBody with a fitting status: refusals the
 * code throws (SyncError), Fastify's own (bad JSON, body too large, schema mismatch), an
 * unreachable database (503), and anything else (500, logged with its stack, not shown).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { SyncError } from './sync-error';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

function isDatabaseUnreachable(error: Error & { code?: unknown }): boolean {
  return (
    (typeof error.code === 'string' && UNREACHABLE_CODES.has(error.code)) ||
    /Connection terminated|PGlite is closed/i.test(error.message)
  );
}

export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new SyncError('bad-request', `The request is invalid: ${fastifyError.message}.`);
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) {
    return new SyncError('too-large', 'The request body is larger than this server accepts.');
  }
  if (status >= 400 && status < 500) {
    return new SyncError('bad-request', fastifyError.message || 'The request is invalid.');
  }
  if (error instanceof Error && isDatabaseUnreachable(error)) {
    return new SyncError('unavailable', 'The database is unreachable; try again shortly.');
  }
  return new SyncError('internal', 'The server failed to answer; the failure is logged.');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const syncError = toSyncError(error);
    if (syncError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: syncError.code, status: syncError.status }, syncError.message);
    return reply.code(syncError.status).send(syncError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new SyncError(
      'not-found',
      `There is no ${request.method} ${request.url.split('?')[0]}.`,
    );
    return reply.code(404).send(error.toBody());
  });
}
