/**
 * The store written by the crash test's child process and checked by the test itself.
 */
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageDurable } from './durable-storage';

export interface Entry {
  id: string;
  n: number;
  payload: string;
}

export interface Counter {
  id: string;
  value: number;
}

export const entrySchema: RxJsonSchema<Entry> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    n: { type: 'integer', minimum: 0, maximum: 1_000_000_000, multipleOf: 1 },
    payload: { type: 'string' },
  },
  required: ['id', 'n', 'payload'],
  indexes: ['n'],
};

export const counterSchema: RxJsonSchema<Counter> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    value: { type: 'integer' },
  },
  required: ['id', 'value'],
};

export type CrashCollections = {
  entries: RxCollection<Entry>;
  counters: RxCollection<Counter>;
};

export const CRASH_DATABASE_NAME = 'crash';

export async function openCrashStore(directory: string) {
  const db = await createRxDatabase<CrashCollections>({
    name: CRASH_DATABASE_NAME,
    storage: getRxStorageDurable({ directory }),
    multiInstance: false,
  });
  await db.addCollections({
    entries: { schema: entrySchema },
    counters: { schema: counterSchema },
  });
  return db;
}
