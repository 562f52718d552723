/**
 * Serves the main process's RxStorage to windows with RxDB's electron plugin
 * (`exposeIpcMainRxStorage`), behind two gates:
 *
 * - an ipcMain wrapper that passes on only messages from trusted senders, and only
 *   well-formed ones; everything else is dropped and logged;
 * - a storage wrapper that lets a window open only the app's database with the app's own
 *   schemas (so the writes it sends are validated against the real schemas, here, at the
 *   boundary), and that refuses to remove the database or purge deleted documents: the
 *   main process owns the data.
 *
 * A window's storage instances share the core's memory state (one per collection in the
 * durable storage), so a write on either side reaches the other side's queries live.
 */
import {
  deepEqual,
  fillWithDefaultSettings,
  INTERNAL_STORAGE_NAME,
  INTERNAL_STORE_SCHEMA,
  normalizeRxJsonSchema,
  RXDB_VERSION,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
} from 'rxdb';
import { exposeIpcMainRxStorage } from 'rxdb/plugins/electron';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { COLLECTIONS } from '../../../shared/schemas';
import { RXDB_STORAGE_CHANNEL, RXDB_STORAGE_KEY } from '../../../shared/ipc/contract';
import { isPlainObject } from '../../../shared/ipc/command-arguments';
import type { IpcMainApi, IpcSenderEvent } from '../electron-api';
import type { Logger } from '../logger';
import { describeSender } from '../security/trusted-senders';

// RxDB's own signatures use `any` for a storage's internals, options and documents.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyStorage = RxStorage<any, any>;
type AnyInstance = RxStorageInstance<any, any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export class WindowStorageRefusedError extends Error {
  override readonly name = 'WindowStorageRefusedError';
}

/** The schemas a window may open, by collection name, exactly as RxDB hands them over. */
export function windowSchemas(): Map<string, RxJsonSchema<unknown>> {
  const schemas = new Map<string, RxJsonSchema<unknown>>();
  schemas.set(INTERNAL_STORAGE_NAME, INTERNAL_STORE_SCHEMA as RxJsonSchema<unknown>);
  for (const [name, definition] of Object.entries(COLLECTIONS)) {
    const schema = definition.schema as RxJsonSchema<unknown>;
    schemas.set(
      name,
      normalizeRxJsonSchema(fillWithDefaultSettings(schema)) as RxJsonSchema<unknown>,
    );
  }
  return schemas;
}

/**
 * The storage windows get: only `databaseName`, only the given schemas, and instances that
 * answer reads and writes but refuse `remove`, `cleanup` and attachments.
 */
export function gateStorageForWindows(
  storage: AnyStorage,
  allowed: { databaseName: string; schemas: Map<string, RxJsonSchema<unknown>> },
): AnyStorage {
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async createStorageInstance(params: RxStorageInstanceCreationParams<any, any>) {
      if (params.databaseName !== allowed.databaseName) {
        throw new WindowStorageRefusedError(
          `A window may open only the database '${allowed.databaseName}'.`,
        );
      }
      const expected = allowed.schemas.get(params.collectionName);
      if (!expected || !deepEqual(expected, params.schema)) {
        throw new WindowStorageRefusedError(
          `A window may open collection '${params.collectionName}' only with the app's schema.`,
        );
      }
      return windowInstance(await storage.createStorageInstance(params));
    },
  };
}

function refused(what: string): Promise<never> {
  return Promise.reject(
    new WindowStorageRefusedError(`Windows may not ${what}; the main process owns the data.`),
  );
}

/**
 * Delegates the reading and writing methods; has no prototype, so a method name sent over
 * IPC that is not listed here is simply not callable.
 */
function windowInstance(inner: AnyInstance): AnyInstance {
  const gated: AnyInstance = Object.assign(Object.create(null) as AnyInstance, {
    databaseName: inner.databaseName,
    collectionName: inner.collectionName,
    schema: inner.schema,
    internals: inner.internals,
    options: inner.options,
    bulkWrite: (rows, context) => inner.bulkWrite(rows, context),
    findDocumentsById: (ids, withDeleted) => inner.findDocumentsById(ids, withDeleted),
    query: (query) => inner.query(query),
    count: (query) => inner.count(query),
    changeStream: () => inner.changeStream(),
    close: () => inner.close(),
    getAttachmentData: () => refused('read attachments'),
    cleanup: () => refused('purge deleted documents'),
    remove: () => refused('remove the database'),
  } satisfies Omit<AnyInstance, 'getChangedDocumentsSince' | 'underlyingPersistentStorage'>);
  if (inner.getChangedDocumentsSince) {
    const getChanged = inner.getChangedDocumentsSince.bind(inner);
    gated.getChangedDocumentsSince = (limit, checkpoint) => getChanged(limit, checkpoint);
  }
  return gated;
}

/** What RxDB's remote storage sends: `false` to register a window, or a request object. */
export function isStorageMessage(message: unknown): boolean {
  if (message === false) return true;
  if (!isPlainObject(message)) return false;
  const { connectionId, requestId, method, version } = message;
  return (
    typeof connectionId === 'string' &&
    typeof requestId === 'string' &&
    typeof method === 'string' &&
    typeof version === 'string'
  );
}

type StorageListener = (event: IpcSenderEvent, message: unknown) => void;

/**
 * Stands in for a window that is gone when its connections are closed on its behalf: the
 * plugin remembers every sender it hears from and sends it the answers, which go nowhere.
 */
const GONE_WINDOW: IpcSenderEvent = {
  sender: { id: -1, send: () => undefined, isDestroyed: () => true, on: () => undefined },
  senderFrame: null,
};

/**
 * The ipcMain handed to RxDB's plugin: it can listen only on the storage channel, and its
 * listener sees only trusted, well-formed messages. It also remembers which window opened
 * which storage connections, and closes them when the window is destroyed (the plugin
 * would keep them, and the storage instances behind them, open until the process exits).
 */
function guardedIpcMain(options: {
  ipcMain: IpcMainApi;
  isTrusted: (event: IpcSenderEvent) => boolean;
  log: Logger;
  listeners: ((event: IpcSenderEvent, ...args: unknown[]) => void)[];
}): { on(channel: string, listener: StorageListener): void } {
  const { ipcMain, isTrusted, log } = options;
  let closeRequests = 0;
  return {
    on(channel, listener) {
      if (channel !== RXDB_STORAGE_CHANNEL) {
        throw new Error(`The storage host listens only on its own channel, not '${channel}'.`);
      }
      const connectionsBySender = new Map<number, Set<string>>();

      function closeConnectionsOf(senderId: number): void {
        const connections = connectionsBySender.get(senderId) ?? new Set();
        connectionsBySender.delete(senderId);
        for (const connectionId of connections) {
          listener(GONE_WINDOW, {
            connectionId,
            requestId: `window-gone|${++closeRequests}`,
            method: 'close',
            version: RXDB_VERSION,
            params: [],
          });
        }
      }

      function remember(event: IpcSenderEvent, message: unknown): void {
        const { sender } = event;
        let connections = connectionsBySender.get(sender.id);
        if (!connections) {
          connectionsBySender.set(sender.id, (connections = new Set()));
          // After the plugin's own 'destroyed' listener has forgotten the window.
          sender.on('destroyed', () => setImmediate(() => closeConnectionsOf(sender.id)));
        }
        if (isPlainObject(message) && message['method'] === 'create') {
          connections.add(message['connectionId'] as string);
        }
      }

      const guarded = (event: IpcSenderEvent, ...args: unknown[]): void => {
        if (!isTrusted(event)) {
          log.warn('Dropped a storage message from an untrusted sender', describeSender(event));
          return;
        }
        const message = args[0];
        if (args.length !== 1 || !isStorageMessage(message)) {
          log.warn('Dropped a malformed storage message', describeSender(event));
          return;
        }
        listener(event, message);
        remember(event, message);
      };
      options.listeners.push(guarded);
      ipcMain.on(channel, guarded);
    },
  };
}

export interface StorageForWindowsOptions {
  ipcMain: IpcMainApi;
  storage: AnyStorage;
  databaseName: string;
  isTrusted: (event: IpcSenderEvent) => boolean;
  log: Logger;
}

/** Starts serving the storage; returns a function that stops taking messages. */
export function exposeStorageToWindows(options: StorageForWindowsOptions): () => void {
  const listeners: ((event: IpcSenderEvent, ...args: unknown[]) => void)[] = [];
  const storage = gateStorageForWindows(wrappedValidateAjvStorage({ storage: options.storage }), {
    databaseName: options.databaseName,
    schemas: windowSchemas(),
  });
  exposeIpcMainRxStorage({
    key: RXDB_STORAGE_KEY,
    storage,
    ipcMain: guardedIpcMain({ ...options, listeners }),
  });
  return () => {
    for (const listener of listeners)
      options.ipcMain.removeListener(RXDB_STORAGE_CHANNEL, listener);
  };
}
