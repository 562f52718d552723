/**
 * The sync channels on ipcMain, for trusted senders only: sign-in (its input checked here,
 * at the boundary, before anything is sent anywhere), sign-out, the session, the status
 * and "sync now". The status itself is pushed to windows as `sync:status` (app-services).
 */
import type { SignInInput } from '../../../shared/core/sync/sign-in';
import { IPC_CHANNELS, type SignInReply } from '../../../shared/ipc/contract';
import type { IpcMainApi, IpcSenderEvent } from '../electron-api';
import { trustedSendersOnly } from '../ipc/register-ipc';
import type { Logger } from '../logger';
import type { DesktopSync } from './desktop-sync';

const SIGN_IN_FIELDS = ['serverUrl', 'userName', 'password', 'deviceName'] as const;
/** Longer than any field the form needs; the shared check then says what is wrong. */
const FIELD_MAX = 2_048;

/** The sign-in input as sent over IPC: exactly the four fields, each a string. */
export function parseSignInInput(value: unknown): SignInInput | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.keys(record).some((key) => !(SIGN_IN_FIELDS as readonly string[]).includes(key))) {
    return undefined;
  }
  const input: Partial<Record<(typeof SIGN_IN_FIELDS)[number], string>> = {};
  for (const field of SIGN_IN_FIELDS) {
    const text = record[field];
    if (typeof text !== 'string' || text.length > FIELD_MAX) return undefined;
    input[field] = text;
  }
  return input as SignInInput;
}

const SYNC_CHANNELS = [
  IPC_CHANNELS.syncSignIn,
  IPC_CHANNELS.syncSignOut,
  IPC_CHANNELS.syncSession,
  IPC_CHANNELS.syncStatus,
  IPC_CHANNELS.syncNow,
] as const;

/** Registers the sync channels; returns a function that removes them again. */
export function registerSyncIpc(options: {
  ipcMain: IpcMainApi;
  sync: DesktopSync;
  isTrusted: (event: IpcSenderEvent) => boolean;
  log: Logger;
}): () => void {
  const { ipcMain, sync, isTrusted, log } = options;

  const guarded = trustedSendersOnly({ isTrusted, log });

  ipcMain.handle(
    IPC_CHANNELS.syncSignIn,
    guarded(IPC_CHANNELS.syncSignIn, async (value: unknown): Promise<SignInReply> => {
      const input = parseSignInInput(value);
      if (!input) {
        log.warn('Refused a malformed sign-in request');
        return {
          outcome: 'refused',
          failure: {
            reason: 'invalid-input',
            message: 'The sign-in request is malformed.',
            problems: [],
          },
        };
      }
      return sync.signIn(input);
    }),
  );
  ipcMain.handle(
    IPC_CHANNELS.syncSignOut,
    guarded(IPC_CHANNELS.syncSignOut, () => sync.signOut()),
  );
  ipcMain.handle(
    IPC_CHANNELS.syncSession,
    guarded(IPC_CHANNELS.syncSession, () => sync.session()),
  );
  ipcMain.handle(
    IPC_CHANNELS.syncStatus,
    guarded(IPC_CHANNELS.syncStatus, () => sync.status()),
  );
  ipcMain.handle(
    IPC_CHANNELS.syncNow,
    guarded(IPC_CHANNELS.syncNow, () => sync.syncNow()),
  );
  return () => {
    for (const channel of SYNC_CHANNELS) ipcMain.removeHandler(channel);
  };
}
