/**
 * Signing this device in to the team server and out again, for every platform: sign-in
 * keeps the session (where is the platform's: the desktop's keychain, a browser's storage),
 * starts the core's replication with it once the core is open (at once if it is), and
 * forwards the replication status; sign-out stops replication, revokes the token if the
 * server answers in time and forgets it. The platform gives the fetch and the keeper.
 */
import type { SyncUser } from '../../sync/protocol';
import type { FetchLike, Timers } from './platform';
import { platformTimers } from './platform';
import {
  signIn as requestSignIn,
  signInFailureOf,
  signOut as requestSignOut,
  type SignInFailure,
  type SignInInput,
  type SyncSession,
} from './sign-in';
import type { SyncControl } from './sync-control';
import { describeFailure } from './sync-http';
import { STOPPED_STATUS, type SyncStatus } from './sync-status';

/** Who is signed in on this device, where; never the token. */
export interface SyncSessionInfo {
  serverUrl: string;
  deviceName: string;
  user: SyncUser;
  /**
   * The token is kept for the next start of the app: encrypted with the operating system's
   * keychain on the desktop, in the page's storage in a browser. False when it lives in
   * memory only (no keychain): signing in is needed again after a restart.
   */
  tokenKept: boolean;
}

export interface SyncSessionView {
  /** null when signed out (or the kept token could not be read). */
  session: SyncSessionInfo | null;
  /** To prefill the sign-in form: the server and user of the last sign-in. */
  lastServerUrl: string | null;
  lastUserName: string | null;
  lastDeviceName: string | null;
}

export type SignInReply =
  | { outcome: 'signed-in'; session: SyncSessionInfo }
  /** Nothing changed; `failure` says why, per field where it can. */
  | { outcome: 'refused'; failure: SignInFailure };

/** Where a platform keeps the session between starts of the app. */
export interface SessionKeeper {
  /** The kept session with its token (undefined when none, or it cannot be read). */
  load(): { session: SyncSession | undefined; view: SyncSessionView };
  /** Keeps a new session in place of any other; returns what the UI may know of it. */
  save(session: SyncSession, names: { userName: string; deviceName: string }): SyncSessionInfo;
  /** Forgets the session and its token; the names stay for the next sign-in. */
  forget(): void;
}

export interface DeviceSyncLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface DeviceSyncOptions {
  fetch: FetchLike;
  keeper: SessionKeeper;
  log?: DeviceSyncLog;
  /** How long signing out waits for the server to revoke the token. Default 5 s. */
  signOutWaitMs?: number;
  timers?: Timers;
}

export interface DeviceSync {
  /** Hands over the open core's sync: it starts at once with the kept session, if any. */
  attach(sync: SyncControl): Promise<void>;
  session(): SyncSessionView;
  signIn(input: SignInInput): Promise<SignInReply>;
  signOut(): Promise<void>;
  status(): SyncStatus;
  syncNow(): void;
  /** Every status change (not the current one: ask `status()` after subscribing). */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  close(): void;
}

const SILENT: DeviceSyncLog = { info: () => undefined, warn: () => undefined };

export function createDeviceSync(options: DeviceSyncOptions): DeviceSync {
  const { fetch, keeper } = options;
  const log = options.log ?? SILENT;
  const timers = options.timers ?? platformTimers();
  const listeners = new Set<(status: SyncStatus) => void>();
  let control: SyncControl | undefined;
  let unsubscribe: (() => void) | undefined;
  let current: SyncStatus = STOPPED_STATUS;
  let queue: Promise<unknown> = Promise.resolve();

  /** Sign-in, sign-out and attaching run one after the other. */
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  function publish(status: SyncStatus): void {
    current = status;
    for (const listener of [...listeners]) listener(status);
  }

  async function startWith(session: SyncSession | undefined): Promise<void> {
    if (!control) return;
    if (!session) {
      await control.stop();
      return;
    }
    await control.start({ serverUrl: session.serverUrl, token: session.token, user: session.user });
    log.info('Sync started', { server: session.serverUrl, user: session.user.name });
  }

  /** Revokes a token on the server if it answers in time; the device forgets it anyway. */
  async function revoke(session: SyncSession): Promise<void> {
    let timer: unknown;
    const waited = new Promise<void>((resolve) => {
      timer = timers.setTimeout(resolve, options.signOutWaitMs ?? 5_000);
    });
    try {
      await Promise.race([requestSignOut(fetch, session), waited]);
    } catch (error) {
      log.warn('The server could not revoke the sync token', { reason: describeFailure(error) });
    } finally {
      timers.clearTimeout(timer);
    }
  }

  return {
    attach(sync) {
      return serially(async () => {
        control = sync;
        unsubscribe?.();
        const subscription = sync.status$.subscribe(publish);
        unsubscribe = () => subscription.unsubscribe();
        await startWith(keeper.load().session);
      });
    },
    session: () => keeper.load().view,
    signIn(input) {
      return serially(async (): Promise<SignInReply> => {
        let session: SyncSession;
        try {
          session = await requestSignIn(fetch, input);
        } catch (error) {
          return { outcome: 'refused', failure: signInFailureOf(error, input.serverUrl.trim()) };
        }
        const previous = keeper.load().session;
        const info = keeper.save(session, {
          userName: input.userName.trim(),
          deviceName: input.deviceName.trim(),
        });
        log.info('Signed in to the sync server', {
          server: session.serverUrl,
          user: session.user.name,
          tokenKept: info.tokenKept,
        });
        await startWith(session);
        if (previous && previous.token !== session.token) void revoke(previous);
        return { outcome: 'signed-in', session: info };
      });
    },
    signOut() {
      return serially(async () => {
        const previous = keeper.load().session;
        keeper.forget();
        await control?.stop();
        if (previous) await revoke(previous);
        log.info('Signed out of the sync server');
      });
    },
    status: () => current,
    syncNow() {
      control?.syncNow();
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      unsubscribe?.();
      listeners.clear();
    },
  };
}
