import { describe, expect, it } from 'vitest';
import { RXDB_STORAGE_CHANNEL, type RxdbChannel } from '../../shared/ipc/contract';
import { rxdbIpcRendererOver } from './rxdb-channel';

/**
 * A channel that behaves like one behind contextBridge: the listener it receives is a new
 * function on every call, so only the returned unsubscribe can remove it.
 */
function bridgedChannel(): RxdbChannel & {
  posted: unknown[];
  emit(message: unknown): void;
  listenerCount(): number;
} {
  const listeners = new Set<(message: unknown) => void>();
  const posted: unknown[] = [];
  return {
    posted,
    postMessage: (message) => void posted.push(message),
    on(listener) {
      const wrapper = (message: unknown): void => listener(message);
      listeners.add(wrapper);
      return () => void listeners.delete(wrapper);
    },
    emit: (message) => {
      for (const listener of [...listeners]) listener(message);
    },
    listenerCount: () => listeners.size,
  };
}

describe('rxdbIpcRendererOver', () => {
  it('forwards messages both ways on the storage channel', () => {
    const channel = bridgedChannel();
    const ipc = rxdbIpcRendererOver(channel);
    const received: unknown[][] = [];
    ipc.on(RXDB_STORAGE_CHANNEL, (...args) => received.push(args));
    ipc.postMessage(RXDB_STORAGE_CHANNEL, { method: 'query' });
    channel.emit({ answerTo: 'r1' });
    expect(channel.posted).toEqual([{ method: 'query' }]);
    expect(received).toEqual([[undefined, { answerTo: 'r1' }]]);
  });

  it('removes a listener by reference although the channel only gives unsubscribes', () => {
    const channel = bridgedChannel();
    const ipc = rxdbIpcRendererOver(channel);
    const received: unknown[] = [];
    const listener = (_event: unknown, message: unknown): void => void received.push(message);
    const other = (): void => undefined;
    ipc.on(RXDB_STORAGE_CHANNEL, listener);
    ipc.on(RXDB_STORAGE_CHANNEL, listener);
    ipc.on(RXDB_STORAGE_CHANNEL, other);
    expect(channel.listenerCount()).toBe(3);
    ipc.removeListener(RXDB_STORAGE_CHANNEL, listener);
    expect(channel.listenerCount()).toBe(1);
    channel.emit('after');
    expect(received).toEqual([]);
    ipc.removeListener(RXDB_STORAGE_CHANNEL, listener);
    expect(channel.listenerCount()).toBe(1);
  });

  it('serves no other channel', () => {
    const ipc = rxdbIpcRendererOver(bridgedChannel());
    expect(() => ipc.postMessage('core:command', {})).toThrow(/Only the RxDB storage channel/);
    expect(() => ipc.on('core:ready', () => undefined)).toThrow(/Only the RxDB storage channel/);
  });
});
