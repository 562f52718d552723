/**
 * Sync in the desktop app: signing this device in to the team server (the token kept with
 * the operating system's keychain), starting the core's replication with the kept session
 * once the core is open, signing out, and the status every window shows.
 */
import type { SyncControl } from '../../../shared/core/sync/sync-control';
import {
  signIn as requestSignIn,
  signInFailureOf,
  signOut as requestSignOut,
  type SignInInput,
  type SyncSession,
} from '../../../shared/core/sync/sign-in';
import type { FetchLike } from '../../../shared/core/sync/platform';
import { STOPPED_STATUS, type SyncStatus } from '../../../shared/core/sync/sync-status';
import type { SignInReply, SyncSessionView } from '../../../shared/ipc/contract';
import type { NetApi, SafeStorageApi } from '../electron-api';
import { describeError, type Logger } from '../logger';
import { SyncSessionStore } from './session-store';

export interface DesktopSyncOptions {
  safeStorage: SafeStorageApi;
  net: NetApi;
  userDataDir: string;
  log: Logger;
  /** How long signing out waits for the server to revoke the token. Default 5 s. */
  signOutWaitMs?: number;
}

export interface DesktopSync {
  /** The fetch the core's replication uses: Chromium's network stack. */
  readonly fetch: FetchLike;
  /** Hands over the open core's sync: it starts at once with the kept session, if any. */
  attach(sync: SyncControl): Promise<void>;
  session(): SyncSessionView;
  signIn(input: SignInInput): Promise<SignInReply>;
  signOut(): Promise<void>;
  status(): SyncStatus;
  syncNow(): void;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  close(): void;
}

/** Chromium's fetch as the shared client sees it (the same object at run time). */
export function fetchOverNet(net: NetApi): FetchLike {
  return (url, init) => net.fetch(url, init as RequestInit);
}

export function startDesktopSync(options: DesktopSyncOptions): DesktopSync {
  const { log } = options;
  const store = new SyncSessionStore(options.userDataDir, options.safeStorage, log);
  const fetch = fetchOverNet(options.net);
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
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.signOutWaitMs ?? 5_000);
    });
    try {
      await Promise.race([requestSignOut(fetch, session), waited]);
    } catch (error) {
      log.warn('The server could not revoke the sync token', describeError(error));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    fetch,
    attach(sync) {
      return serially(async () => {
        control = sync;
        unsubscribe?.();
        const subscription = sync.status$.subscribe(publish);
        unsubscribe = () => subscription.unsubscribe();
        await startWith(store.load().session);
      });
    },
    session: () => store.load().view,
    signIn(input) {
      return serially(async (): Promise<SignInReply> => {
        let session: SyncSession;
        try {
          session = await requestSignIn(fetch, input);
        } catch (error) {
          return { outcome: 'refused', failure: signInFailureOf(error, input.serverUrl.trim()) };
        }
        const previous = store.load().session;
        const info = store.save(session, {
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
        const previous = store.load().session;
        store.forget();
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
