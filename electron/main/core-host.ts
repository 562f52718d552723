/**
 * Holds the app core in the main process: opens it once, tells whoever asks (and every
 * listener) whether it is starting, ready or failed, and closes it on quit.
 */
import type { Subscription } from 'rxjs';
import type { AppCommands, AppCore } from '../../shared/core';
import type { Actor } from '../../shared/domain';
import type { CoreStatus } from '../../shared/ipc/contract';
import { describeError, type Logger } from './logger';

export interface CoreHost {
  status(): CoreStatus;
  /** The core's commands once it is ready; rejects when it failed to start. */
  commands(): Promise<AppCommands>;
  onStatus(listener: (status: CoreStatus) => void): () => void;
  /** Every change of the acting user once the core is ready (sign-in, sign-out). */
  onActor(listener: (actor: Actor) => void): () => void;
  /** Closes the core (waiting for it to finish opening first). Safe to call twice. */
  close(): Promise<void>;
}

export class CoreUnavailableError extends Error {
  override readonly name = 'CoreUnavailableError';
}

export function startCoreHost(options: { open(): Promise<AppCore>; log: Logger }): CoreHost {
  const { log } = options;
  let status: CoreStatus = { state: 'starting' };
  let closing: Promise<void> | undefined;
  const listeners = new Set<(status: CoreStatus) => void>();
  const actorListeners = new Set<(actor: Actor) => void>();
  let following: Subscription | undefined;

  function setStatus(next: CoreStatus): void {
    status = next;
    for (const listener of listeners) listener(next);
  }

  const opening: Promise<AppCore> = options.open().then(
    (core) => {
      setStatus({ state: 'ready', info: { databaseName: core.db.name, actor: core.actor } });
      log.info('The app core is ready', { database: core.db.name });
      // A window opened later asks for the status: it carries the actor of the moment.
      following = core.actor$.subscribe((actor) => {
        if (status.state !== 'ready' || status.info.actor === actor) return;
        status = { state: 'ready', info: { ...status.info, actor } };
        for (const listener of [...actorListeners]) listener(actor);
      });
      return core;
    },
    (error: unknown) => {
      log.error('The app core could not start', describeError(error));
      const reason = error instanceof Error ? error.message : String(error);
      setStatus({
        state: 'failed',
        failure: { message: `The local database could not be opened: ${reason}` },
      });
      throw error;
    },
  );
  // Failures are reported through the status; callers of commands() get their own rejection.
  opening.catch(() => undefined);

  return {
    status: () => status,
    async commands() {
      if (closing) throw new CoreUnavailableError('The app is shutting down.');
      try {
        return (await opening).commands;
      } catch {
        throw new CoreUnavailableError(
          status.state === 'failed' ? status.failure.message : 'The app core is not available.',
        );
      }
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onActor(listener) {
      actorListeners.add(listener);
      return () => void actorListeners.delete(listener);
    },
    close() {
      closing ??= opening.then(
        (core) => {
          following?.unsubscribe();
          return core.close();
        },
        () => undefined,
      );
      return closing;
    },
  };
}
