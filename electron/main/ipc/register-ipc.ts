/**
 * Registers the request channels on ipcMain. Every request is checked against the trusted
 * senders first; a refused sender is logged and gets an error, never a handler's answer.
 * The handlers themselves live elsewhere (command-handler.ts, core-host.ts).
 */
import { IPC_CHANNELS, type CommandReply, type CoreStatus } from '../../../shared/ipc/contract';
import type { IpcMainApi, IpcSenderEvent } from '../electron-api';
import type { Logger } from '../logger';
import { describeSender } from '../security/trusted-senders';

export interface IpcRequestHandlers {
  command(name: unknown, args: unknown): Promise<CommandReply<unknown>>;
  coreStatus(): CoreStatus;
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

/**
 * Returns a wrapper for request handlers on ipcMain: a request from a sender that is not
 * trusted is logged and refused with an UntrustedSenderError before the handler runs.
 */
export function trustedSendersOnly(options: {
  isTrusted: (event: IpcSenderEvent) => boolean;
  log: Logger;
}): <A extends unknown[], R>(
  channel: string,
  handler: (...args: A) => R,
) => (event: IpcSenderEvent, ...args: unknown[]) => R {
  const { isTrusted, log } = options;
  return (channel, handler) =>
    (event, ...args) => {
      if (!isTrusted(event)) {
        log.warn('Refused an IPC request from an untrusted sender', {
          channel,
          ...describeSender(event),
        });
        throw new UntrustedSenderError(`The request on '${channel}' was refused.`);
      }
      return handler(...(args as Parameters<typeof handler>));
    };
}

/** Registers the handlers; returns a function that removes them again. */
export function registerIpcHandlers(options: {
  ipcMain: IpcMainApi;
  handlers: IpcRequestHandlers;
  isTrusted: (event: IpcSenderEvent) => boolean;
  log: Logger;
}): () => void {
  const { ipcMain, handlers, isTrusted, log } = options;

  const guarded = trustedSendersOnly({ isTrusted, log });

  ipcMain.handle(
    IPC_CHANNELS.command,
    guarded(IPC_CHANNELS.command, (name: unknown, args: unknown) => handlers.command(name, args)),
  );
  ipcMain.handle(
    IPC_CHANNELS.coreStatus,
    guarded(IPC_CHANNELS.coreStatus, () => handlers.coreStatus()),
  );
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.command);
    ipcMain.removeHandler(IPC_CHANNELS.coreStatus);
  };
}
