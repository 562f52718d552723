/**
 * The test's end of a device running in a worker thread (device-worker.test-util.ts): typed
 * calls, and a callback for every push the device sends.
 */
import { Worker } from 'node:worker_threads';
import type { DeviceHandlers, DeviceReply, DeviceRequest } from './device-worker.test-util';

export class RemoteCallError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly code: unknown,
  ) {
    super(message);
  }
}

type Method = keyof DeviceHandlers;

export class RemoteDevice {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();
  /** Called when the device sends a push request (before the server answers it). */
  onPush: (() => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: DeviceReply | { event: 'push' }) => {
      if ('event' in message) {
        this.onPush?.();
        return;
      }
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else {
        const { name, message: text, code } = message.error;
        pending.reject(new RemoteCallError(name, text, code));
      }
    });
    worker.on('error', (error) => {
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    });
  }

  static async spawn(): Promise<RemoteDevice> {
    const worker = new Worker(new URL('./device-worker.test-util.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', reject);
    });
    return new RemoteDevice(worker);
  }

  call<M extends Method>(
    method: M,
    ...args: Parameters<DeviceHandlers[M]>
  ): Promise<Awaited<ReturnType<DeviceHandlers[M]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args } satisfies DeviceRequest);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
