/**
 * The one IPC contract between Electron's main process, the preload script and the renderer.
 * Channel names live here and nowhere else; the commands map is derived from the core's
 * `AppCommands`, so a command added to the core is a type error here until it is wired.
 *
 * Platform-free and dependency-free on purpose: the sandboxed preload bundle includes it.
 */
import type { AppCommandName, AppCommands } from '../core/commands';
import type { SignInInput } from '../core/sync/sign-in';
import type { SyncStatus } from '../core/sync/sync-status';
import type { SignInReply, SyncSessionInfo, SyncSessionView } from '../core/sync/device-sync';
import type { Actor } from '../domain';
import type { DomainErrorJSON } from '../validation/errors';

/** The key under which the preload script exposes {@link DesktopApi} on `window`. */
export const DESKTOP_API_KEY = 'autoescalate';

/**
 * The key given to RxDB's electron plugin on both sides (`exposeIpcMainRxStorage`,
 * `getRxStorageIpcRenderer`). The plugin derives its channel from it, see below.
 */
export const RXDB_STORAGE_KEY = 'autoescalate-storage';

/**
 * The IPC channel RxDB's electron plugin uses for {@link RXDB_STORAGE_KEY}: the plugin's
 * prefix joined to the key with `|` (a test proves it against the plugin's own constant).
 */
export const RXDB_STORAGE_CHANNEL = `rxdb-ipc-renderer-storage|${RXDB_STORAGE_KEY}`;

/** Every request/response channel (renderer invokes, main handles). */
export const IPC_CHANNELS = {
  /** `(name: AppCommandName, args: unknown[]) → CommandReply` */
  command: 'core:command',
  /** `() → CoreStatus` */
  coreStatus: 'core:status',
  /** `(input: SignInInput) → SignInReply` */
  syncSignIn: 'sync:sign-in',
  /** `() → void`: stops sync, revokes the token if the server can be reached, forgets it. */
  syncSignOut: 'sync:sign-out',
  /** `() → SyncSessionView` */
  syncSession: 'sync:session',
  /** `() → SyncStatus` */
  syncStatus: 'sync:get-status',
  /** `() → void`: ends every backoff wait and asks the server for changes now. */
  syncNow: 'sync:sync-now',
} as const;

/**
 * Main → windows: the replication status (`SyncStatus`), on every change. Apart from
 * {@link IpcEvents} so that platforms without sync need not know it.
 */
export const SYNC_STATUS_EVENT = 'sync:status';

// ---------------------------------------------------------------------------------------
// Commands

export type CommandArgs<K extends AppCommandName> = Parameters<AppCommands[K]>;
export type CommandValue<K extends AppCommandName> = Awaited<ReturnType<AppCommands[K]>>;

/**
 * What crosses IPC for one command. Class instances do not survive structured cloning, so
 * a refusal travels as the DomainError's JSON and is revived on the renderer side.
 */
export type CommandReply<T> =
  /** The command ran; `value` is its result. */
  | { outcome: 'done'; value: T }
  /** The core refused the command (invalid input, not found, conflict, forbidden …). */
  | { outcome: 'refused'; error: DomainErrorJSON }
  /** Something unexpected failed; the details are in the main process's log. */
  | { outcome: 'failed'; message: string };

/** The renderer's view of the commands: one typed invoke per command. */
export type CommandInvokers = {
  readonly [K in AppCommandName]: (
    ...args: CommandArgs<K>
  ) => Promise<CommandReply<CommandValue<K>>>;
};

// ---------------------------------------------------------------------------------------
// The core's state and the events main pushes to windows

/** What a window needs to open its own view of the core's database. */
export interface CoreInfo {
  databaseName: string;
  actor: Actor;
}

export interface CoreFailure {
  /** A sentence for the user; the details are in the main process's log. */
  message: string;
}

export type CoreStatus =
  | { state: 'starting' }
  | { state: 'ready'; info: CoreInfo }
  | { state: 'failed'; failure: CoreFailure };

/** Pushes from main to windows: event name → payload. The event name is the channel. */
export interface IpcEvents {
  /** The core has opened the database; windows may now open theirs over IPC. */
  'core:ready': CoreInfo;
  /** The core could not start; windows show why instead of waiting. */
  'core:failed': CoreFailure;
  /** A person clicked an escalation alert (notification or tray): show this issue. */
  'alert:open-issue': OpenIssueRequest;
  /** Someone else acts now: a user signed in to the team server, or out again. */
  'core:actor': Actor;
}

export interface OpenIssueRequest {
  issueId: string;
}

export type IpcEventName = keyof IpcEvents;

const EVENT_NAMES_BY_KEY: { readonly [E in IpcEventName]: E } = {
  'core:ready': 'core:ready',
  'core:failed': 'core:failed',
  'alert:open-issue': 'alert:open-issue',
  'core:actor': 'core:actor',
};

export const IPC_EVENT_NAMES: readonly IpcEventName[] = Object.values(EVENT_NAMES_BY_KEY);

export function isIpcEventName(value: unknown): value is IpcEventName {
  return typeof value === 'string' && Object.hasOwn(EVENT_NAMES_BY_KEY, value);
}

// ---------------------------------------------------------------------------------------
// The preload API

/** Stops a subscription. Functions cross contextBridge as fresh wrappers, so listeners are
 * never removed by reference: every `on` returns one of these instead. */
export type Unsubscribe = () => void;

/**
 * Carries RxDB's storage messages for {@link RXDB_STORAGE_CHANNEL} and nothing else; the
 * renderer adapts it to the `ipcRenderer`-like object `getRxStorageIpcRenderer` expects.
 */
export interface RxdbChannel {
  postMessage(message: unknown): void;
  on(listener: (message: unknown) => void): Unsubscribe;
}

// ---------------------------------------------------------------------------------------
// Sync: signing this device in to the team server, and the replication status (the session
// types are the shared sign-in's, shared/core/sync/device-sync.ts)

export type { SignInReply, SyncSessionInfo, SyncSessionView };

/** The desktop's sync controls, as the preload script exposes them. */
export interface DesktopSyncApi {
  session(): Promise<SyncSessionView>;
  signIn(input: SignInInput): Promise<SignInReply>;
  signOut(): Promise<void>;
  status(): Promise<SyncStatus>;
  syncNow(): Promise<void>;
  /** Every status change (not the current one: ask `status()` after subscribing). */
  onStatus(listener: (status: SyncStatus) => void): Unsubscribe;
}

/** Everything a window can reach of the main process, exposed by the preload script. */
export interface DesktopApi {
  readonly commands: CommandInvokers;
  coreStatus(): Promise<CoreStatus>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe;
  readonly rxdbChannel: RxdbChannel;
  /** Sign-in with the team server and the replication status; absent in a build without sync. */
  readonly sync?: DesktopSyncApi;
}
