/**
 * The shape a device keeps its sync session in, wherever it keeps it (a file beside the
 * desktop app's data, a browser's localStorage), and the one reader of it: anything that
 * does not have that shape, in part or whole, is dropped rather than trusted.
 */
import type { SyncSessionView } from './device-sync';
import { isSyncUser, type SyncSession } from './sign-in';

/** What prefills the sign-in form; kept after signing out. */
export interface KeptNames {
  serverUrl: string;
  userName: string;
  deviceName: string;
}

/** A kept session; `Secret` is how the store keeps the token (plain, or encrypted). */
export interface KeptSession<Secret extends object> {
  version: 1;
  last?: KeptNames;
  session?: {
    serverUrl: string;
    deviceName: string;
    deviceId: string;
    user: SyncSession['user'];
  } & Secret;
}

export function isKeptText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 4_096;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads a kept session from parsed JSON. `secretOf` reads the store's token fields from the
 * session part, or says (undefined) the session is unusable.
 */
export function readKeptSession<Secret extends object>(
  value: unknown,
  secretOf: (session: Record<string, unknown>) => Secret | undefined,
): KeptSession<Secret> {
  const kept: KeptSession<Secret> = { version: 1 };
  if (!isRecord(value)) return kept;
  const { last, session } = value;
  if (isRecord(last)) {
    const { serverUrl, userName, deviceName } = last;
    if (isKeptText(serverUrl) && isKeptText(userName) && isKeptText(deviceName)) {
      kept.last = { serverUrl, userName, deviceName };
    }
  }
  if (isRecord(session)) {
    const { serverUrl, deviceName, deviceId, user } = session;
    const secret = secretOf(session);
    if (
      secret !== undefined &&
      isKeptText(serverUrl) &&
      isKeptText(deviceName) &&
      isKeptText(deviceId) &&
      isSyncUser(user)
    ) {
      kept.session = { serverUrl, deviceName, deviceId, user, ...secret };
    }
  }
  return kept;
}

/** What the UI may know of a kept session: never its token. */
export function viewOfKeptSession(
  kept: KeptSession<object>,
  session: SyncSessionView['session'],
): SyncSessionView {
  return {
    session,
    lastServerUrl: kept.last?.serverUrl ?? null,
    lastUserName: kept.last?.userName ?? null,
    lastDeviceName: kept.last?.deviceName ?? null,
  };
}
