/**
 * The one interface between the UI and the platform it runs on. It is chosen once at
 * start-up (main.tsx): over the preload API in an Electron window (electron.ts), over an
 * in-page core in the web edition. The UI never reaches past it.
 */
import type { RxStorage } from 'rxdb';
import type { AppCommands } from '../../shared/core/commands';
import type { CoreInfo, IpcEventName, IpcEvents, Unsubscribe } from '../../shared/ipc/contract';

export interface PlatformBridge {
  /** The storage the window opens its database on. */
  // RxDB's own signatures use `any` for a storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly storage: RxStorage<any, any>;
  /** The core's commands: the only way the UI writes. A refusal throws a DomainError. */
  readonly commands: AppCommands;
  /** Resolves once the core is ready (with the database to open); rejects if it failed. */
  whenReady(): Promise<CoreInfo>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe;
}

/** Thrown by whenReady() when the core could not start. */
export class CoreStartError extends Error {
  override readonly name = 'CoreStartError';
}
