/**
 * The platform bridge inside an Electron window, built on the preload API. Commands come
 * back as values or revived DomainErrors; the storage is the main process's, over IPC.
 */
import type { AppCommands } from '../../shared/core/commands';
import { unwrapReply } from '../../shared/ipc/command-reply';
import type { CoreInfo, DesktopApi } from '../../shared/ipc/contract';
import { getRxStorageOverChannel } from './rxdb-channel';
import { CoreStartError, type PlatformBridge } from './bridge';

export function createElectronBridge(api: DesktopApi): PlatformBridge {
  const { commands: invoke } = api;
  const commands: AppCommands = {
    createIssue: async (...args) => unwrapReply(await invoke.createIssue(...args)),
    updateIssue: async (...args) => unwrapReply(await invoke.updateIssue(...args)),
    transition: async (...args) => unwrapReply(await invoke.transition(...args)),
    addComment: async (...args) => unwrapReply(await invoke.addComment(...args)),
    createLocation: async (...args) => unwrapReply(await invoke.createLocation(...args)),
    updateLocation: async (...args) => unwrapReply(await invoke.updateLocation(...args)),
    saveWorkflow: async (...args) => unwrapReply(await invoke.saveWorkflow(...args)),
    acknowledgeIssue: async (...args) => unwrapReply(await invoke.acknowledgeIssue(...args)),
    snoozeIssue: async (...args) => unwrapReply(await invoke.snoozeIssue(...args)),
    saveEscalationRule: async (...args) => unwrapReply(await invoke.saveEscalationRule(...args)),
    setEscalationRuleEnabled: async (...args) =>
      unwrapReply(await invoke.setEscalationRuleEnabled(...args)),
  };

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

  return {
    storage: getRxStorageOverChannel(api.rxdbChannel),
    commands,
    whenReady,
    on: (event, listener) => api.on(event, listener),
  };
}
