/**
 * The test's end of a window's page running in a worker thread (page-worker.test-util.ts):
 * the page's RxDB channel is relayed to the preload API of a fake window, so what the page's
 * database asks for crosses the same preload, IPC and storage gates as in the app; the page
 * is driven by typed calls.
 */
import { Worker } from 'node:worker_threads';
import type { RxdbChannel, Unsubscribe } from '../../shared/ipc/contract';
import type {
  PageHandlers,
  PageReply,
  PageRequest,
  StorageRelay,
  TitlesEvent,
} from './page-worker.test-util';

type Method = keyof PageHandlers;

export class WindowPage {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();
  private readonly unsubscribe: Unsubscribe;
  private ended = false;
  /** Every list of titles `watchTitles` saw, in order. */
  readonly titles: string[][] = [];

  private constructor(
    private readonly worker: Worker,
    channel: RxdbChannel,
  ) {
    // Main → page: whatever the preload API receives on the RxDB channel.
    this.unsubscribe = channel.on((message) => {
      if (!this.ended) worker.postMessage({ storage: message } satisfies StorageRelay);
    });
    worker.on('message', (message: PageReply | StorageRelay | TitlesEvent) => {
      if ('storage' in message) {
        // Page → main, through the preload API.
        channel.postMessage(message.storage);
        return;
      }
      if ('titles' in message) {
        this.titles.push(message.titles);
        return;
      }
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(Object.assign(new Error(message.error.message), message.error));
    });
    worker.on('error', (error) => {
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    });
  }

  /** Starts a page whose RxDB channel is `channel`, the preload API's. */
  static async start(channel: RxdbChannel): Promise<WindowPage> {
    const worker = new Worker(new URL('./page-worker.test-util.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', reject);
    });
    return new WindowPage(worker, channel);
  }

  call<M extends Method>(
    method: M,
    ...args: Parameters<PageHandlers[M]>
  ): Promise<Awaited<ReturnType<PageHandlers[M]>>> {
    if (this.ended) return Promise.reject(new Error('The page is gone.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args } satisfies PageRequest);
    });
  }

  /**
   * The page's process is gone (its window closed): nothing it had open is closed from its
   * side, as with a renderer process that ends.
   */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.unsubscribe();
    for (const pending of this.waiting.values()) pending.reject(new Error('The page is gone.'));
    this.waiting.clear();
    await this.worker.terminate();
  }

  /** Closes the page's database, then ends the page. */
  async close(): Promise<void> {
    if (!this.ended) await this.call('close');
    await this.end();
  }
}
