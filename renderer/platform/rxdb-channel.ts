/**
 * The renderer side of the RxDB storage over IPC. `getRxStorageIpcRenderer` wants an
 * `ipcRenderer` with `on`, `removeListener` and `postMessage`; a window only has the narrow
 * {@link RxdbChannel} of the preload API, whose `on` returns an unsubscribe function (a
 * listener crossing contextBridge arrives as a new function each time, so removing it by
 * reference could never work). This adapter keeps the unsubscribe functions by listener.
 */
import type { RxStorage } from 'rxdb';
import { getRxStorageIpcRenderer } from 'rxdb/plugins/electron';
import {
  RXDB_STORAGE_CHANNEL,
  RXDB_STORAGE_KEY,
  type RxdbChannel,
  type Unsubscribe,
} from '../../shared/ipc/contract';

type RxdbListener = (event: unknown, message: unknown) => void;

/** The part of `ipcRenderer` RxDB's electron plugin uses, limited to its one channel. */
export interface RxdbIpcRenderer {
  on(channel: string, listener: RxdbListener): void;
  removeListener(channel: string, listener: RxdbListener): void;
  postMessage(channel: string, message: unknown): void;
}

export function rxdbIpcRendererOver(channel: RxdbChannel): RxdbIpcRenderer {
  const subscriptions = new Map<RxdbListener, Unsubscribe[]>();
  function expectStorageChannel(name: string): void {
    if (name !== RXDB_STORAGE_CHANNEL) {
      throw new Error(`Only the RxDB storage channel is available here, not '${name}'.`);
    }
  }
  return {
    on(name, listener) {
      expectStorageChannel(name);
      const unsubscribe = channel.on((message) => listener(undefined, message));
      subscriptions.set(listener, [...(subscriptions.get(listener) ?? []), unsubscribe]);
    },
    removeListener(name, listener) {
      expectStorageChannel(name);
      const unsubscribes = subscriptions.get(listener);
      if (!unsubscribes) return;
      subscriptions.delete(listener);
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
    postMessage(name, message) {
      expectStorageChannel(name);
      channel.postMessage(message);
    },
  };
}

/** The RxStorage a window opens its database on: the main process's storage, over IPC. */
// RxDB's own signatures use `any` for a storage's internals and options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getRxStorageOverChannel(channel: RxdbChannel): RxStorage<any, any> {
  return getRxStorageIpcRenderer({
    key: RXDB_STORAGE_KEY,
    ipcRenderer: rxdbIpcRendererOver(channel),
    mode: 'storage',
  });
}
