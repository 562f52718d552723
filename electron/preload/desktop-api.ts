/**
 * The one API a window gets, built over ipcRenderer. Only this object crosses
 * contextBridge: ipcRenderer itself, and the IPC events (whose `sender` is ipcRenderer),
 * never reach the page.
 */
import type { AppCommandName } from '../../shared/core/commands';
import type { SyncStatus } from '../../shared/core/sync/sync-status';
import {
  IPC_CHANNELS,
  isIpcEventName,
  RXDB_STORAGE_CHANNEL,
  SYNC_STATUS_EVENT,
  type CommandInvokers,
  type CommandReply,
  type CoreStatus,
  type DesktopApi,
  type DesktopSyncApi,
  type SignInReply,
  type SyncSessionView,
} from '../../shared/ipc/contract';

/** The part of Electron's ipcRenderer the preload script uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  postMessage(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Subscribes `listener` to a main → renderer channel, hiding the IPC event. */
function subscribe(
  ipc: PreloadIpc,
  channel: string,
  listener: (payload: unknown) => void,
): () => void {
  const forward = (_event: unknown, payload: unknown): void => listener(payload);
  ipc.on(channel, forward);
  return () => void ipc.removeListener(channel, forward);
}

export function createDesktopApi(ipc: PreloadIpc): DesktopApi {
  const invokeCommand =
    <K extends AppCommandName>(name: K) =>
    (...args: unknown[]) =>
      ipc.invoke(IPC_CHANNELS.command, name, args) as Promise<CommandReply<never>>;

  const commands: CommandInvokers = {
    createIssue: invokeCommand('createIssue'),
    updateIssue: invokeCommand('updateIssue'),
    transition: invokeCommand('transition'),
    addComment: invokeCommand('addComment'),
    createLocation: invokeCommand('createLocation'),
    updateLocation: invokeCommand('updateLocation'),
    saveWorkflow: invokeCommand('saveWorkflow'),
    acknowledgeIssue: invokeCommand('acknowledgeIssue'),
    snoozeIssue: invokeCommand('snoozeIssue'),
    saveEscalationRule: invokeCommand('saveEscalationRule'),
    setEscalationRuleEnabled: invokeCommand('setEscalationRuleEnabled'),
  };

  return {
    commands,
    coreStatus: () => ipc.invoke(IPC_CHANNELS.coreStatus) as Promise<CoreStatus>,
    on(event, listener) {
      if (!isIpcEventName(event)) throw new Error(`There is no event '${String(event)}'.`);
      return subscribe(ipc, event, listener as (payload: unknown) => void);
    },
    rxdbChannel: {
      postMessage: (message) => ipc.postMessage(RXDB_STORAGE_CHANNEL, message),
      on: (listener) => subscribe(ipc, RXDB_STORAGE_CHANNEL, listener),
    },
    sync: {
      session: () => ipc.invoke(IPC_CHANNELS.syncSession) as Promise<SyncSessionView>,
      signIn: (input) => ipc.invoke(IPC_CHANNELS.syncSignIn, input) as Promise<SignInReply>,
      signOut: async () => void (await ipc.invoke(IPC_CHANNELS.syncSignOut)),
      status: () => ipc.invoke(IPC_CHANNELS.syncStatus) as Promise<SyncStatus>,
      syncNow: async () => void (await ipc.invoke(IPC_CHANNELS.syncNow)),
      onStatus: (listener) =>
        subscribe(ipc, SYNC_STATUS_EVENT, listener as (payload: unknown) => void),
    } satisfies DesktopSyncApi,
  } satisfies DesktopApi;
}
