/**
 * The platform bridge of the web edition: the app core runs in the page itself, on the
 * storage it is given (IndexedDB through Dexie, see web-core.ts). The core starts once the
 * person using the page has named themselves (first run) and is the one writer, exactly as
 * in the main process of the desktop app; the UI reads the core's own database.
 */
import type { RxStorage } from 'rxdb';
import type { Observable } from 'rxjs';
import type { AppCore } from '../../shared/core/app-core';
import type { AppDatabase } from '../../shared/core/database';
import type { SessionKeeper } from '../../shared/core/sync/device-sync';
import type { FetchLike } from '../../shared/core/sync/platform';
import type { SyncPlatform } from '../../shared/core/sync/sync-control';
import type { Actor } from '../../shared/domain';
import type { CommandValue, CoreInfo, IpcEventName, IpcEvents } from '../../shared/ipc/contract';
import {
  CoreStartError,
  type AlertPermission,
  type LocalIdentity,
  type PlatformBridge,
} from './bridge';
import { forwardCommands } from './forward-commands';
import type { DeviceIdentity } from './local-identity';
import { createWebSync } from './web-sync';

export interface StartCoreOptions {
  actor: Actor;
  // RxDB's own signatures use `any` for a storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  databaseName?: string;
  /** What the core's replication runs on: the page's fetch and the browser's network word. */
  sync?: SyncPlatform;
}

export interface WebBridgeOptions {
  identity: DeviceIdentity;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  /** Opens the core on the storage for the actor (web-core.ts in the page, memory in tests). */
  startCore(options: StartCoreOptions): Promise<AppCore>;
  /** Default: the core's own default name. */
  databaseName?: string;
  /**
   * Runs once the core has started, e.g. the escalation scheduler in the leader tab;
   * `openIssue` asks the UI to show an issue; `firstScreen` resolves once the UI has shown
   * its first screen (see PlatformBridge.firstScreenShown). Returns how to stop what it
   * started.
   */
  onCoreStarted?: (
    core: AppCore,
    openIssue: (issueId: string) => void,
    firstScreen: Promise<void>,
  ) => () => Promise<void>;
  /** How alerts ask for permission to notify (browser notifications in a page). */
  alertPermission?: AlertPermission;
  /**
   * Sync with the team server from the page: where the session is kept, the fetch (the
   * page's by default) and the browser's word on the network. Absent: no sync.
   */
  sync?: { keeper: SessionKeeper; fetch?: FetchLike; online$?: Observable<boolean> };
}

type Listener<E extends IpcEventName> = (payload: IpcEvents[E]) => void;

export interface WebBridge extends PlatformBridge {
  readonly localIdentity: LocalIdentity;
  /** Closes the core, if it started (tests; a page simply goes away). */
  close(): Promise<void>;
}

export function createWebBridge(options: WebBridgeOptions): WebBridge {
  const { identity, storage } = options;
  const listeners = new Map<IpcEventName, Set<(payload: never) => void>>();
  function emit<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      (listener as Listener<E>)(payload);
    }
  }

  let resolveCore!: (core: AppCore) => void;
  let rejectCore!: (error: Error) => void;
  const core = new Promise<AppCore>((resolve, reject) => {
    resolveCore = resolve;
    rejectCore = reject;
  });
  // A failure is reported through whenReady/openDatabase/commands; never unhandled here.
  core.catch(() => undefined);
  let started = false;
  let stopExtras: (() => Promise<void>) | undefined;
  let stopFollowing: (() => void) | undefined;
  const web = options.sync && createWebSync(options.sync);
  const syncPlatform: SyncPlatform = {
    ...(options.sync?.fetch !== undefined && { fetch: options.sync.fetch }),
    ...(options.sync?.online$ !== undefined && { online$: options.sync.online$ }),
  };
  let screenShown!: () => void;
  const firstScreen = new Promise<void>((resolve) => (screenShown = resolve));

  function start(actor: Actor): void {
    if (started) return;
    started = true;
    options
      .startCore({
        actor,
        storage,
        ...(options.databaseName !== undefined && { databaseName: options.databaseName }),
        ...(web && { sync: syncPlatform }),
      })
      .then(async (opened) => {
        // Sync resumes with the session kept in the page, if any, before the UI is told
        // who acts: the signed-in user from the first screen on.
        await web?.device.attach(opened.sync).catch((error: unknown) => {
          console.error('Sync could not start:', error);
        });
        return opened;
      })
      .then(
        (opened) => {
          stopExtras = options.onCoreStarted?.(
            opened,
            (issueId) => emit('alert:open-issue', { issueId }),
            firstScreen,
          );
          resolveCore(opened);
          const first = opened.actor;
          emit('core:ready', { databaseName: opened.db.name, actor: first });
          let last = first;
          const following = opened.actor$.subscribe((next) => {
            if (next === last) return;
            last = next;
            emit('core:actor', next);
          });
          stopFollowing = () => following.unsubscribe();
        },
        (error: unknown) => {
          const message =
            error instanceof Error && error.message !== ''
              ? `The local database could not be opened: ${error.message}`
              : 'The local database could not be opened.';
          rejectCore(new CoreStartError(message));
          emit('core:failed', { message });
        },
      );
  }

  const actor = identity.actor();
  if (actor) start(actor);

  const localIdentity: LocalIdentity = {
    current: () => identity.current(),
    save(profile) {
      const saved = identity.save(profile);
      const next = identity.actor();
      if (next) start(next);
      return saved;
    },
  };

  /** Every command waits for the core, then runs in the page. */
  const commands = forwardCommands(async (name, args) => {
    const opened = await core;
    const run = opened.commands[name] as (...a: typeof args) => Promise<CommandValue<typeof name>>;
    return run.apply(opened.commands, args);
  });

  return {
    storage,
    commands,
    localIdentity,
    ...(options.alertPermission && { alertPermission: options.alertPermission }),
    firstScreenShown: () => screenShown(),
    whenReady: async (): Promise<CoreInfo> => {
      const opened = await core;
      return { databaseName: opened.db.name, actor: opened.actor };
    },
    openDatabase: async (): Promise<AppDatabase> => (await core).db,
    ...(web && { sync: web.controls }),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
    async close() {
      web?.device.close();
      if (!started) return;
      const opened = await core.catch(() => undefined);
      stopFollowing?.();
      await stopExtras?.();
      await opened?.close();
    },
  };
}
