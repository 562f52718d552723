/**
 * Wires the main process once the app is ready: the Content-Security-Policy, the trusted
 * senders, the storage in the user-data folder, the app core over it, the storage served to
 * windows, the IPC handlers, the core's status pushed to every window, and the escalation
 * scheduler with its tray icon and notifications (a click opens the issue in the window).
 */
import { join } from 'node:path';
import type { RxStorage } from 'rxdb';
import { createAppCore, DEFAULT_DATABASE_NAME, randomId, type AppCore } from '../../shared/core';
import {
  SYNC_STATUS_EVENT,
  type CoreStatus,
  type IpcEventName,
  type IpcEvents,
} from '../../shared/ipc/contract';
import { startEscalationAlerts, type EscalationAlerts } from './alerts/escalation-alerts';
import { isAppUrl, type AppLocation } from './app-location';
import { startCoreHost, type CoreHost } from './core-host';
import type { ElectronApi, IpcSenderContents, WindowApi } from './electron-api';
import { createCommandHandler } from './ipc/command-handler';
import { registerIpcHandlers } from './ipc/register-ipc';
import { exposeStorageToWindows } from './ipc/storage-for-windows';
import { loadLocalActor } from './local-actor';
import { describeError, type Logger } from './logger';
import {
  contentSecurityPolicy,
  installContentSecurityPolicy,
} from './security/content-security-policy';
import { createTrustedSenders } from './security/trusted-senders';
import { startDesktopSync } from './sync/desktop-sync';
import { watchNetwork } from './sync/network-signal';
import { registerSyncIpc } from './sync/sync-ipc';

// RxDB's own signatures use `any` for a storage's internals and options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStorage = RxStorage<any, any>;

/** Sub-folder of the user-data folder that holds the database files. */
export const DATABASE_FOLDER = 'database';

export interface AppServicesOptions {
  electron: ElectronApi;
  location: AppLocation;
  userDataDir: string;
  /** The operating system's user name, used until sign-in exists. */
  userName: string | undefined;
  openStorage(directory: string): AnyStorage;
  log: Logger;
  databaseName?: string;
  /** Opens the main window when none is open (an alert was clicked meanwhile). */
  showMainWindow?: () => void;
}

export interface AppServices {
  readonly core: CoreHost;
  /** Trusts a new app window's IPC and sends it the core's status changes. */
  addWindow(window: WindowApi): void;
  close(): Promise<void>;
}

function sendEvent<E extends IpcEventName>(
  contents: IpcSenderContents,
  event: E,
  payload: IpcEvents[E],
): void {
  if (!contents.isDestroyed()) contents.send(event, payload);
}

function announce(contents: IpcSenderContents, status: CoreStatus): void {
  if (status.state === 'ready') sendEvent(contents, 'core:ready', status.info);
  else if (status.state === 'failed') sendEvent(contents, 'core:failed', status.failure);
}

export function startAppServices(options: AppServicesOptions): AppServices {
  const { electron, location, log } = options;
  const databaseName = options.databaseName ?? DEFAULT_DATABASE_NAME;

  installContentSecurityPolicy(
    electron.defaultSession(),
    contentSecurityPolicy(
      location.kind === 'dev-server' ? { devServerOrigin: location.origin } : {},
    ),
  );

  const trusted = createTrustedSenders((url) => isAppUrl(location, url));
  const isTrusted = trusted.isTrusted.bind(trusted);
  const windows = new Set<IpcSenderContents>();

  const actor = loadLocalActor({
    directory: options.userDataDir,
    userName: options.userName,
    newId: randomId,
  });
  const storage = options.openStorage(join(options.userDataDir, DATABASE_FOLDER));

  // Replication with the team server: the session kept with the keychain, Chromium's
  // network, and the status pushed to every window.
  const network = watchNetwork(electron.net);
  const desktopSync = startDesktopSync({
    safeStorage: electron.safeStorage,
    net: electron.net,
    userDataDir: options.userDataDir,
    log,
  });
  desktopSync.onStatus((status) => {
    for (const contents of windows) {
      if (!contents.isDestroyed()) contents.send(SYNC_STATUS_EVENT, status);
    }
  });
  const appWindows: WindowApi[] = [];
  /** An issue to show once a window opens (an alert was clicked while none was open). */
  let pendingIssue: string | undefined;
  let alerts: EscalationAlerts | undefined;
  let closing = false;

  function currentWindow(): WindowApi | undefined {
    return appWindows.findLast((window) => !window.isDestroyed());
  }

  function showApp(): WindowApi | undefined {
    const window = currentWindow();
    if (window === undefined) {
      options.showMainWindow?.();
      return undefined;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }

  function openIssue(issueId: string): void {
    const window = showApp();
    if (window === undefined) pendingIssue = issueId;
    else sendEvent(window.webContents, 'alert:open-issue', { issueId });
  }

  /** The scheduler runs here, in the one main process; its alerts go to the tray. */
  function startEscalation(opened: AppCore): void {
    if (closing) return;
    alerts = startEscalationAlerts({
      electron,
      feed: opened.escalation,
      commands: opened.commands,
      clock: opened.clock,
      openIssue,
      showApp: () => void showApp(),
      quit: () => electron.app.quit(),
      log,
    });
    electron.powerMonitor().on('resume', () => {
      opened.escalation.wake();
      // The network may have changed while asleep; streams may be dead without knowing.
      network.check();
      desktopSync.syncNow();
    });
    opened.escalation.start().catch((error: unknown) => {
      log.error('The escalation scheduler could not start', describeError(error));
    });
  }

  const core = startCoreHost({
    open: async () => {
      const opened = await createAppCore({
        storage,
        actor,
        databaseName,
        escalation: { log: (level, message, details) => log[level](message, details) },
        // One live stream for every collection: net.fetch is Chromium's, six connections
        // to the server at most, and the rest are left to pulls and pushes.
        sync: { platform: { fetch: desktopSync.fetch, online$: network.online$ } },
      });
      startEscalation(opened);
      // Sync resumes with the kept session before windows are told who acts.
      await desktopSync.attach(opened.sync).catch((error: unknown) => {
        log.error('Sync could not start', describeError(error));
      });
      return opened;
    },
    log,
  });
  core.onStatus((status) => {
    for (const contents of windows) announce(contents, status);
  });
  core.onActor((actor) => {
    for (const contents of windows) sendEvent(contents, 'core:actor', actor);
  });

  const stopStorage = exposeStorageToWindows({
    ipcMain: electron.ipcMain,
    storage,
    databaseName,
    isTrusted,
    log,
  });
  const unregister = registerIpcHandlers({
    ipcMain: electron.ipcMain,
    handlers: {
      command: createCommandHandler({ commands: () => core.commands(), log }),
      coreStatus: () => core.status(),
    },
    isTrusted,
    log,
  });
  const unregisterSync = registerSyncIpc({
    ipcMain: electron.ipcMain,
    sync: desktopSync,
    isTrusted,
    log,
  });

  return {
    core,
    addWindow(window) {
      const contents = window.webContents;
      trusted.add(contents.id);
      windows.add(contents);
      appWindows.push(window);
      window.on('closed', () => {
        const index = appWindows.indexOf(window);
        if (index >= 0) appWindows.splice(index, 1);
      });
      const issueId = pendingIssue;
      pendingIssue = undefined;
      if (issueId !== undefined) {
        window.once('ready-to-show', () => sendEvent(contents, 'alert:open-issue', { issueId }));
      }
      contents.on('destroyed', () => {
        trusted.remove(contents.id);
        windows.delete(contents);
      });
    },
    async close() {
      closing = true;
      alerts?.stop();
      unregister();
      unregisterSync();
      desktopSync.close();
      network.stop();
      stopStorage();
      windows.clear();
      try {
        await core.close();
      } catch (error) {
        log.error('The app core did not close cleanly', describeError(error));
      }
    },
  };
}
