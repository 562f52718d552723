/**
 * Turns a request's bearer token into a Principal, or refuses it. Tokens come in the
 * Authorization header; the stream endpoint also takes `?access_token=` because a browser's
 * EventSource cannot set headers. Each device's last-seen time is written at most once a
 * minute.
 */
import type { Database } from '../store/database';
import { findSession, findValidTokens, touchDevice } from '../store/accounts';
import { SyncError } from '../http/sync-error';
import { siteScopeOf } from './permissions';
import type { Principal } from './principal';
import { hashToken } from './tokens';

const TOUCH_INTERVAL_MS = 60_000;

export interface Authenticator {
  /** The principal of a token; throws SyncError 'unauthenticated' for a missing or invalid one. */
  authenticate(token: string | undefined): Promise<Principal>;
  /** Which of the given token hashes are still valid (not revoked since), in one query. */
  validTokens(tokenHashes: readonly string[]): Promise<ReadonlySet<string>>;
}

export function createAuthenticator(db: Database, now: () => number = Date.now): Authenticator {
  const lastTouched = new Map<string, number>();
  return {
    async authenticate(token) {
      if (!token) {
        throw new SyncError(
          'unauthenticated',
          'Sign in first: send Authorization: Bearer <token>.',
        );
      }
      const session = await findSession(db, hashToken(token));
      if (!session) {
        throw new SyncError(
          'unauthenticated',
          'The token is unknown or has been revoked; sign in again.',
        );
      }
      const time = now();
      if (time - (lastTouched.get(session.deviceId) ?? 0) >= TOUCH_INTERVAL_MS) {
        lastTouched.set(session.deviceId, time);
        if (lastTouched.size > 10_000) lastTouched.clear();
        await touchDevice(db, session.deviceId, time);
      }
      return { ...session, scope: siteScopeOf(session.user) };
    },
    validTokens(tokenHashes) {
      return findValidTokens(db, tokenHashes);
    },
  };
}
