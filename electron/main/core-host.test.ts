import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createAppCore, type AppCore } from '../../shared/core';
import type { CoreStatus } from '../../shared/ipc/contract';
import { CoreUnavailableError, startCoreHost } from './core-host';
import { recordingLogger } from './fake-electron.test-util';

const actor = { userId: 'tina', role: 'technician', deviceId: 'laptop-7' } as const;
let counter = 0;

function deferred<T>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the core host', () => {
  it('is starting until the core opens, then ready, telling every listener', async () => {
    const opening = deferred<AppCore>();
    const host = startCoreHost({ open: () => opening.promise, log: recordingLogger() });
    const seen: CoreStatus[] = [];
    host.onStatus((status) => seen.push(status));
    expect(host.status()).toEqual({ state: 'starting' });

    const core = await createAppCore({
      storage: getRxStorageMemory(),
      actor,
      databaseName: `corehost${process.pid}x${++counter}`,
    });
    opening.resolve(core);
    const commands = await host.commands();
    expect(commands).toBe(core.commands);
    const ready = { state: 'ready', info: { databaseName: core.db.name, actor } };
    expect(host.status()).toEqual(ready);
    expect(seen).toEqual([ready]);

    await host.close();
    expect(core.db.closed).toBe(true);
    await expect(host.commands()).rejects.toThrow(CoreUnavailableError);
    await host.close();
  });

  it('reports a core that cannot open, with a sentence for the user', async () => {
    const log = recordingLogger();
    const host = startCoreHost({
      open: () => Promise.reject(new Error('database is locked')),
      log,
    });
    await expect(host.commands()).rejects.toThrow(
      'The local database could not be opened: database is locked',
    );
    expect(host.status()).toEqual({
      state: 'failed',
      failure: { message: 'The local database could not be opened: database is locked' },
    });
    expect(log.messages('error')).toEqual(['The app core could not start']);
    await host.close();
  });

  it('closes a core that is still opening once it has opened', async () => {
    const opening = deferred<AppCore>();
    const host = startCoreHost({ open: () => opening.promise, log: recordingLogger() });
    const closing = host.close();
    const core = await createAppCore({
      storage: getRxStorageMemory(),
      actor,
      databaseName: `corehost${process.pid}x${++counter}`,
    });
    opening.resolve(core);
    await closing;
    expect(core.db.closed).toBe(true);
  });
});
