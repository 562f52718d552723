/**
 * Turns a request's bearer token into a Principal, or refuses it. Tokens come in the
 * Authorization header; the stream endpoint also takes `?access_token=` because a browser's
 * EventSource cannot set headers. Each device's last-seen time is written at most once a
 * minute.
 *
 * On PGlite the sessions of valid tokens are kept in memory, so that a request costs no
 * query for its token: the embedded database serves this process alone (its data folder is
 * locked), every change that can end or alter a session notifies ACCOUNTS_CHANNEL, and those
 * notifications reach this process synchronously as their transaction commits, before any
 * later request is authenticated; the kept sessions are then forgotten. With PostgreSQL other
 * processes change accounts and their notifications arrive late, so every request reads its
 * session.
 */
import type { Database } from '../store/database';
import { ACCOUNTS_CHANNEL, findSession, findValidTokens, touchDevice } from '../store/accounts';
import { SyncError } from '../http/sync-error';
import { siteScopeOf } from './permissions';
import type { Principal } from './principal';
import { hashToken } from './tokens';

const TOUCH_INTERVAL_MS = 60_000;
/** How long a kept session is trusted without reading it again, whatever happens. */
const SESSION_KEPT_MS = 60_000;
const MAX_KEPT_SESSIONS = 10_000;

export interface Authenticator {
  /** The principal of a token; throws SyncError 'unauthenticated' for a missing or invalid one. */
  authenticate(token: string | undefined): Promise<Principal>;
  /** Which of the given token hashes are still valid (not revoked since), in one query. */
  validTokens(tokenHashes: readonly string[]): Promise<ReadonlySet<string>>;
  /** Stops listening for account changes. */
  close(): Promise<void>;
}

interface KeptSession {
  principal: Principal;
  readAt: number;
}

export async function createAuthenticator(
  db: Database,
  now: () => number = Date.now,
): Promise<Authenticator> {
  const lastTouched = new Map<string, number>();
  const kept = new Map<string, KeptSession>();
  const forget = () => kept.clear();
  const stopListening =
    db.kind === 'pglite' ? await db.listen(ACCOUNTS_CHANNEL, forget, forget) : undefined;

  async function principalOf(tokenHash: string, time: number): Promise<Principal | undefined> {
    const known = kept.get(tokenHash);
    if (known && time - known.readAt < SESSION_KEPT_MS) return known.principal;
    const session = await findSession(db, tokenHash);
    if (!session) {
      kept.delete(tokenHash);
      return undefined;
    }
    const principal: Principal = { ...session, scope: siteScopeOf(session.user) };
    if (stopListening) {
      if (kept.size >= MAX_KEPT_SESSIONS) kept.clear();
      kept.set(tokenHash, { principal, readAt: time });
    }
    return principal;
  }

  return {
    async authenticate(token) {
      if (!token) {
        throw new SyncError(
          'unauthenticated',
          'Sign in first: send Authorization: Bearer <token>.',
        );
      }
      const time = now();
      const principal = await principalOf(hashToken(token), time);
      if (!principal) {
        throw new SyncError(
          'unauthenticated',
          'The token is unknown or has been revoked; sign in again.',
        );
      }
      if (time - (lastTouched.get(principal.deviceId) ?? 0) >= TOUCH_INTERVAL_MS) {
        lastTouched.set(principal.deviceId, time);
        if (lastTouched.size > 10_000) lastTouched.clear();
        await touchDevice(db, principal.deviceId, time);
      }
      return principal;
    },
    validTokens(tokenHashes) {
      return findValidTokens(db, tokenHashes);
    },
    async close() {
      forget();
      await stopListening?.();
    },
  };
}
