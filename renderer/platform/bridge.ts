/**
 * The one interface between the UI and the platform it runs on. It is chosen once at
 * start-up (choose-bridge.ts): over the preload API in an Electron window (electron.ts), over
 * a core running in the page in the web edition (web.ts). The UI never reaches past it.
 */
import type { RxStorage } from 'rxdb';
import type { AppCommands } from '../../shared/core/commands';
import type { AppDatabase } from '../../shared/core/database';
import type { SignInReply, SyncSessionView } from '../../shared/core/sync/device-sync';
import type { SignInInput } from '../../shared/core/sync/sign-in';
import type { Role } from '../../shared/domain';
import type { CoreInfo, IpcEventName, IpcEvents, Unsubscribe } from '../../shared/ipc/contract';
import type { SyncStatus } from './sync-status';

export interface PlatformBridge {
  /** The storage the UI's database lives on (IPC to the main process, or IndexedDB). */
  // RxDB's own signatures use `any` for a storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly storage: RxStorage<any, any>;
  /** The core's commands: the only way the UI writes. A refusal throws a DomainError. */
  readonly commands: AppCommands;
  /** Resolves once the core is ready (with the database to open); rejects if it failed. */
  whenReady(): Promise<CoreInfo>;
  /**
   * The database the UI reads with live queries, opened once (later calls return the same
   * promise): the window's view over IPC in Electron, the core's own database in the web
   * edition. Waits for the core; rejects when it failed.
   */
  openDatabase(): Promise<AppDatabase>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe;
  /**
   * Signing this device in to the team server, and the state of replication with it: the
   * main process's over the preload API on the desktop, the core's in the page on the web.
   * A platform without it keeps everything on the device: the UI then shows "local only".
   */
  readonly sync?: SyncControls;
  /**
   * Present where the person using the app names themselves on this device (the web
   * edition): the core starts once a profile is saved, and acts as it while no user is
   * signed in to the team server.
   */
  readonly localIdentity?: LocalIdentity;
  /**
   * Present where escalation alerts are shown as browser notifications, which need the
   * person's permission (the web edition); the desktop app may always notify.
   */
  readonly alertPermission?: AlertPermission;
  /**
   * The UI has shown its first screen with its data. Where the core runs in the page (the web
   * edition), work that can wait, the escalation scheduler reading every issue, waits for
   * this instead of slowing the start. Later calls do nothing.
   */
  firstScreenShown?(): void;
}

/**
 * Sync with the team server as the UI sees it, the same on every platform (the desktop's
 * preload API is one as it is). A refused sign-in resolves with the reason, per field.
 */
export interface SyncControls {
  /** Who is signed in here, and what to prefill the sign-in form with. */
  session(): Promise<SyncSessionView>;
  /** Signs in with the server's address and the user's credentials; sync then starts. */
  signIn(input: SignInInput): Promise<SignInReply>;
  /** Stops sync, revokes the token if the server answers, forgets it. */
  signOut(): Promise<void>;
  /** The current replication status (`stopped` while signed out). */
  status(): Promise<SyncStatus>;
  /** Ends every wait and asks the server for changes now. */
  syncNow(): Promise<void>;
  /** Every status change (not the current one: ask `status()` after subscribing). */
  onStatus(listener: (status: SyncStatus) => void): Unsubscribe;
}

export type AlertPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export interface AlertPermission {
  state(): AlertPermissionState;
  /** Asks the person (call it from a click: browsers ignore requests made without one). */
  request(): Promise<AlertPermissionState>;
}

/** Who uses this device, as they told it. */
export interface LocalProfile {
  userId: string;
  role: Role;
}

export interface LocalIdentity {
  /** The saved profile, or undefined before the first run. */
  current(): LocalProfile | undefined;
  /** Checks and stores the profile; throws a DomainError naming the field when it is invalid. */
  save(profile: LocalProfile): LocalProfile;
}

/** Thrown by whenReady() when the core could not start. */
export class CoreStartError extends Error {
  override readonly name = 'CoreStartError';
}
