/**
 * What the UI shows about replication with the team server. Plain data: it crosses IPC as it
 * is and is pushed to every window as `sync:status`.
 */
import type { ReplicatedCollection, SyncErrorCode, SyncUser } from '../../sync/protocol';

/**
 * - `stopped`: not signed in (or signed out): data stays on this device.
 * - `connecting`: started, no answer from the server yet.
 * - `online`: the last request reached the server.
 * - `offline`: the platform reports no network, or the server cannot be reached; changes wait
 *   on this device and are sent when the connection returns.
 * - `unauthorized`: the server no longer accepts this device's token (revoked, user
 *   disabled): sync halts until the user signs in again.
 */
export type SyncState = 'stopped' | 'connecting' | 'online' | 'offline' | 'unauthorized';

export type SyncOperation = 'sign-in' | 'pull' | 'push' | 'stream' | 'resolve';

export interface SyncErrorInfo {
  /** A sentence for the user. */
  message: string;
  /** The server's error code, `network` for no answer, `protocol` for an unexpected answer. */
  code: SyncErrorCode | 'network' | 'protocol' | 'local';
  operation: SyncOperation;
  collection?: ReplicatedCollection;
  /** The document the server named, when it named one. */
  documentId?: string;
  /** This device's clock when it happened. */
  at: number;
}

/**
 * A change the server refused to take from this user (their role or sites do not allow it,
 * or no longer do). It does not hold up the rest: the document stays on this device as the
 * user left it, kept across restarts, and is sent again once the user may have access (their
 * sites or role change, or the server sends the document again).
 */
export interface RefusedChange {
  collection: ReplicatedCollection;
  documentId: string;
  /** A sentence for the user. */
  message: string;
  /** This device's clock when the server refused it. */
  at: number;
  /** The issue it is or belongs to (an issue, its comment, history entry or escalation). */
  issueId?: string;
  /** What it is called here: an issue's title, a location's name. */
  title?: string;
}

export interface SyncStatus {
  state: SyncState;
  /** A request or a batch of changes is on its way right now. */
  syncing: boolean;
  /** Documents changed on this device that the server has not acknowledged yet. */
  pendingChanges: number;
  /**
   * When this device last was fully in sync with the server: everything sent, everything
   * received, nothing running (this device's clock). Null before the first time.
   */
  lastSyncAt: number | null;
  /** The most recent failure; compare its `at` with `lastSyncAt` to tell whether it is over. */
  lastError: SyncErrorInfo | null;
  /** Changes the server refused and this device keeps, oldest first (see `RefusedChange`). */
  refusedChanges: readonly RefusedChange[];
  serverUrl: string | null;
  user: SyncUser | null;
}

export const STOPPED_STATUS: SyncStatus = Object.freeze({
  state: 'stopped',
  syncing: false,
  pendingChanges: 0,
  lastSyncAt: null,
  lastError: null,
  refusedChanges: Object.freeze([]),
  serverUrl: null,
  user: null,
});

const REFUSED_THINGS: Record<ReplicatedCollection, string> = {
  issues: 'An issue',
  comments: 'A comment',
  issue_events: 'An entry of an issue’s history',
  workflows: 'A workflow',
  locations: 'A location',
  people: 'A person',
  escalation_rules: 'An escalation rule',
  escalations: 'A fired escalation',
};

/**
 * What the user reads about a change the server refused. `parentRefused`: it was not sent,
 * since the issue (or location) it belongs to was refused.
 */
export function refusedChangeMessage(
  collection: ReplicatedCollection,
  parentRefused = false,
): string {
  const what = REFUSED_THINGS[collection];
  return parentRefused
    ? `${what} was not sent: the server did not accept what it belongs to. It stays on this device and is sent with it.`
    : `${what} was not accepted by the server: you may not change it, or no longer may (your sites or your role). It stays on this device and is sent again once an admin gives you access.`;
}

/** Whether an error is still current: it happened after the last complete sync. */
export function isCurrentError(status: SyncStatus): boolean {
  return (
    status.lastError !== null &&
    (status.lastSyncAt === null || status.lastError.at >= status.lastSyncAt)
  );
}

export function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.state === b.state &&
    a.syncing === b.syncing &&
    a.pendingChanges === b.pendingChanges &&
    a.lastSyncAt === b.lastSyncAt &&
    a.lastError === b.lastError &&
    a.refusedChanges === b.refusedChanges &&
    a.serverUrl === b.serverUrl &&
    a.user === b.user
  );
}
