/**
 * What the HTTP layer attaches to a request: the authenticated principal. Routes that need
 * one call `principalOf`, which refuses unauthenticated requests.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { SyncError } from './sync-error';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SyncError('unauthenticated', 'Sign in first.');
  return request.principal;
}

export function requireAdmin(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (principal.user.role !== 'admin') {
    throw new SyncError('forbidden', 'Only an admin may do this.');
  }
  return principal;
}
