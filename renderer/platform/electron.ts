/**
 * The platform bridge inside an Electron window, built on the preload API. Commands come
 * back as values or revived DomainErrors; the storage is the main process's, over IPC, and
 * the UI's database is the window's own view of it.
 */
import { unwrapReply } from '../../shared/ipc/command-reply';
import type { CommandReply, CommandValue, CoreInfo, DesktopApi } from '../../shared/ipc/contract';
import type { AppDatabase } from '../../shared/core/database';
import { forwardCommands } from './forward-commands';
import { getRxStorageOverChannel } from './rxdb-channel';
import { CoreStartError, type PlatformBridge } from './bridge';
import { openWindowDatabase } from './window-database';

export function createElectronBridge(api: DesktopApi): PlatformBridge {
  const { commands: invoke } = api;
  const commands = forwardCommands(async (name, args) => {
    const invokeCommand = invoke[name] as (
      ...a: typeof args
    ) => Promise<CommandReply<CommandValue<typeof name>>>;
    return unwrapReply(await invokeCommand(...args));
  });

  function whenReady(): Promise<CoreInfo> {
    return new Promise<CoreInfo>((resolve, reject) => {
      let settled = false;
      const unsubscribes: (() => void)[] = [];
      function settle(action: () => void): void {
        if (settled) return;
        settled = true;
        for (const unsubscribe of unsubscribes) unsubscribe();
        action();
      }
      // Subscribe before asking, so a status change in between is not missed.
      unsubscribes.push(
        api.on('core:ready', (info) => settle(() => resolve(info))),
        api.on('core:failed', (failure) =>
          settle(() => reject(new CoreStartError(failure.message))),
        ),
      );
      api.coreStatus().then(
        (status) => {
          if (status.state === 'ready') settle(() => resolve(status.info));
          else if (status.state === 'failed') {
            settle(() => reject(new CoreStartError(status.failure.message)));
          }
        },
        (error: unknown) =>
          settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
      );
    });
  }

  const storage = getRxStorageOverChannel(api.rxdbChannel);
  let database: Promise<AppDatabase> | undefined;
  return {
    storage,
    commands,
    whenReady,
    openDatabase: () => (database ??= openWindowDatabase(storage, whenReady)),
    on: (event, listener) => api.on(event, listener),
    ...(api.sync && { sync: api.sync }),
  };
}
