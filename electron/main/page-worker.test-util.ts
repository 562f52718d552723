/**
 * A window's page in a worker thread (run with `--import tsx`), as a renderer process is a
 * JavaScript realm of its own in Electron: it opens the window's RxDatabase on the main
 * process's storage over the RxDB channel, which the test relays to the preload API of a fake
 * window (window-page.test-util.ts). RxDB opens only so many collections per realm, and the
 * core's database and a window's together hold more than that, as they may in production,
 * where they live in two processes.
 */
import { parentPort } from 'node:worker_threads';
import type { Subscription } from 'rxjs';
import { openAppDatabase, type AppDatabase } from '../../shared/core/database';
import type { Issue } from '../../shared/domain';
import type { RxdbChannel } from '../../shared/ipc/contract';
import { getRxStorageOverChannel } from '../../renderer/platform/rxdb-channel';

/** A message of the RxDB storage channel, either way. */
export interface StorageRelay {
  storage: unknown;
}

/** The list of issue titles a watch saw, pushed to the test at every change. */
export interface TitlesEvent {
  titles: string[];
}

const listeners = new Set<(message: unknown) => void>();

/** The page's end of the preload API's RxDB channel. */
const channel: RxdbChannel = {
  postMessage: (message) => parentPort?.postMessage({ storage: message } satisfies StorageRelay),
  on(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

let db: AppDatabase | undefined;
const watches: Subscription[] = [];

function open(): AppDatabase {
  if (!db) throw new Error('The page has no database open.');
  return db;
}

const handlers = {
  async open(name: string): Promise<string[]> {
    db = await openAppDatabase({
      storage: getRxStorageOverChannel(channel),
      name,
      validateSchemas: false,
    });
    return Object.keys(db.collections).sort();
  },
  /** Follows the issues' titles in order of report; every list goes to the test. */
  watchTitles(): void {
    watches.push(
      open()
        .issues.find({ sort: [{ reportedAt: 'asc' }] })
        .$.subscribe((docs) =>
          parentPort?.postMessage({
            titles: docs.map((doc) => doc.title),
          } satisfies TitlesEvent),
        ),
    );
  },
  async insertIssue(issue: Issue): Promise<void> {
    await open().issues.insert(issue);
  },
  async issue(id: string): Promise<Issue | null> {
    return (await open().issues.findOne(id).exec())?.toMutableJSON() ?? null;
  },
  async countLocations(): Promise<number> {
    return open().locations.count().exec();
  },
  /** What a page may try: removing the issues' storage behind RxDB's back. */
  async removeIssueStorage(): Promise<void> {
    await open().issues.storageInstance.remove();
  },
  async close(): Promise<void> {
    for (const watch of watches.splice(0)) watch.unsubscribe();
    const closing = db;
    db = undefined;
    await closing?.close();
  },
};

export type PageHandlers = typeof handlers;

export interface PageRequest {
  id: number;
  method: keyof PageHandlers;
  args: unknown[];
}

export type PageReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

parentPort?.on('message', (message: PageRequest | StorageRelay) => {
  if ('storage' in message) {
    for (const listener of [...listeners]) listener(message.storage);
    return;
  }
  const handler = handlers[message.method] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => handler(...message.args))
    .then(
      (value) => parentPort?.postMessage({ id: message.id, ok: true, value } satisfies PageReply),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        parentPort?.postMessage({
          id: message.id,
          ok: false,
          error: { name: failure.name, message: failure.message },
        } satisfies PageReply);
      },
    );
});
