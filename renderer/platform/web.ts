/**
 * The platform bridge of the web edition: the app core runs in the page itself, on the
 * storage it is given (IndexedDB through Dexie, see web-core.ts). The core starts once the
 * person using the page has named themselves (first run) and is the one writer, exactly as
 * in the main process of the desktop app; the UI reads the core's own database.
 */
import type { RxStorage } from 'rxdb';
import type { AppCore } from '../../shared/core/app-core';
import type { AppDatabase } from '../../shared/core/database';
import type { Actor } from '../../shared/domain';
import type { CommandValue, CoreInfo, IpcEventName, IpcEvents } from '../../shared/ipc/contract';
import {
  CoreStartError,
  type AlertPermission,
  type LocalIdentity,
  type PlatformBridge,
} from './bridge';
import { forwardCommands } from './forward-commands';
import { STOPPED_STATUS } from './sync-status';
import type { DeviceIdentity } from './local-identity';

export interface StartCoreOptions {
  actor: Actor;
  // RxDB's own signatures use `any` for a storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  databaseName?: string;
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
      })
      .then(
        (opened) => {
          stopExtras = options.onCoreStarted?.(
            opened,
            (issueId) => emit('alert:open-issue', { issueId }),
            firstScreen,
          );
          resolveCore(opened);
          emit('core:ready', { databaseName: opened.db.name, actor: opened.actor });
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
    onSyncStatus(listener) {
      let active = true;
      let stop: (() => void) | undefined;
      listener(STOPPED_STATUS);
      core.then(
        (opened) => {
          if (!active) return;
          const subscription = opened.sync.status$.subscribe(listener);
          stop = () => subscription.unsubscribe();
        },
        () => undefined,
      );
      return () => {
        active = false;
        stop?.();
      };
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
    async close() {
      if (!started) return;
      const opened = await core.catch(() => undefined);
      await stopExtras?.();
      await opened?.close();
    },
  };
}
