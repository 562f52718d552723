import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { lazilyValidatedStorage, loadValidation } from './lazy-validation';

interface Thing {
  id: string;
  name: string;
  size: number;
}

const schema: RxJsonSchema<Thing> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    name: { type: 'string', minLength: 1 },
    size: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'name', 'size'],
  additionalProperties: false,
};

const databases: { close(): Promise<unknown> }[] = [];
let counter = 0;

async function things() {
  const db = await createRxDatabase<{ things: RxCollection<Thing> }>({
    name: `lazy-validation-${++counter}`,
    storage: lazilyValidatedStorage(getRxStorageMemory()),
  });
  databases.push(db);
  await db.addCollections({ things: { schema } });
  return db.things;
}

afterEach(async () => {
  for (const db of databases.splice(0)) await db.close();
});

describe('lazily validated storage', () => {
  it('stores documents that follow the schema', async () => {
    const collection = await things();
    await collection.insert({ id: 'a', name: 'Press', size: 2 });
    expect((await collection.findOne('a').exec())?.name).toBe('Press');
  });

  it('refuses, one by one, documents that do not, and stores the rest of the batch', async () => {
    const collection = await things();
    const result = await collection.bulkInsert([
      { id: 'a', name: '', size: 1 },
      { id: 'b', name: 'Conveyor', size: 3 },
      { id: 'c', name: 'Lathe', size: -1 },
    ]);
    expect(result.error.map((problem) => [problem.documentId, problem.status])).toEqual([
      ['a', 422],
      ['c', 422],
    ]);
    const first = result.error[0];
    const reasons: unknown = first && 'validationErrors' in first ? first.validationErrors : [];
    expect(Array.isArray(reasons) && reasons.length > 0).toBe(true);
    expect((await collection.find().exec()).map((thing) => thing.id)).toEqual(['b']);
  });

  it('checks updates too, once the checks were loaded ahead of the first write', async () => {
    await loadValidation();
    const collection = await things();
    const stored = await collection.insert({ id: 'a', name: 'Press', size: 2 });
    await expect(stored.patch({ size: 1.5 })).rejects.toThrow();
    expect((await collection.findOne('a').exec())?.size).toBe(2);
  });
});
