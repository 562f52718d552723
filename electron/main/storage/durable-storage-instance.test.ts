/**
 * The durable storage must behave exactly like RxDB's memory storage (whose query engine it
 * reuses), and keep behaving so after any reopen. A model-based property test drives both
 * with the same random operations and compares every answer.
 */
import fc from 'fast-check';
import {
  normalizeMangoQuery,
  now,
  prepareQuery,
  randomToken,
  type BulkWriteRow,
  type MangoQuery,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageDurable, type RxStorageDurable } from './durable-storage';
import { itemSchema, temporaryDirectory, type Item } from './durable-storage.test-util';

type Instance = RxStorageInstance<Item, unknown, unknown>;

let directory: ReturnType<typeof temporaryDirectory>;
beforeEach(() => {
  directory = temporaryDirectory();
});
afterEach(() => {
  directory.remove();
});

function createInstance(
  storage: RxStorageDurable | ReturnType<typeof getRxStorageMemory>,
  databaseName: string,
): Promise<Instance> {
  return storage.createStorageInstance<Item>({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName: 'items',
    schema: itemSchema,
    options: {},
    multiInstance: false,
    devMode: false,
  }) as Promise<Instance>;
}

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

type Operation =
  | {
      kind: 'write';
      rows: {
        id: string;
        name: string;
        age: number;
        done: boolean;
        deleted: boolean;
        previous: 'current' | 'none' | 'stale';
      }[];
    }
  | { kind: 'query'; query: MangoQuery<Item> }
  | { kind: 'cleanup' }
  | { kind: 'reopen' };

const queryArbitrary: fc.Arbitrary<MangoQuery<Item>> = fc.record({
  selector: fc.oneof(
    fc.constant({}),
    fc.integer({ min: 0, max: 100 }).map((age) => ({ age: { $gte: age } })),
    fc.boolean().map((done) => ({ done })),
    fc.constantFrom(...IDS).map((id) => ({ id: { $lte: id } })),
    fc.string({ maxLength: 3 }).map((name) => ({ name: { $gt: name }, done: false })),
  ),
  sort: fc.constantFrom<MangoQuery<Item>['sort']>(
    [{ id: 'asc' }],
    [{ age: 'desc' }],
    [{ done: 'asc' }, { name: 'asc' }],
    [{ name: 'desc' }],
  ),
  skip: fc.integer({ min: 0, max: 3 }),
  limit: fc.integer({ min: 1, max: 10 }),
});

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .uniqueArray(
        fc.record({
          id: fc.constantFrom(...IDS),
          name: fc.string({ maxLength: 12 }),
          age: fc.integer({ min: 0, max: 100 }),
          done: fc.boolean(),
          deleted: fc.boolean(),
          previous: fc.constantFrom<'current' | 'none' | 'stale'>(
            'current',
            'current',
            'none',
            'stale',
          ),
        }),
        { selector: (row) => row.id, minLength: 1, maxLength: 5 },
      )
      .map((rows) => ({ kind: 'write' as const, rows })),
  },
  { weight: 4, arbitrary: queryArbitrary.map((query) => ({ kind: 'query' as const, query })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cleanup' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reopen' as const }) },
);

function summarizeErrors(result: { error: { status: number; documentId: string }[] }): string[] {
  return result.error.map((error) => `${error.status}:${error.documentId}`).sort();
}

async function allDocuments(instance: Instance): Promise<RxDocumentData<Item>[]> {
  const found = await instance.findDocumentsById(IDS, true);
  return [...found].sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('durable storage instance', () => {
  it.each([
    ['lazily', 1],
    ['eagerly', Number.POSITIVE_INFINITY],
  ])(
    'answers like the memory storage through writes, queries, cleanups and reopens (indexes built %s)',
    async (_, lazyIndexesFrom) => {
      await fc.assert(
        fc.asyncProperty(fc.array(operationArbitrary, { maxLength: 30 }), async (operations) => {
          const name = `db${randomToken(8)}`;
          const memory = await createInstance(getRxStorageMemory(), name);
          let durable = await createInstance(
            getRxStorageDurable({ directory: directory.path, lazyIndexesFrom }),
            name,
          );
          let revision = 0;
          try {
            for (const operation of operations) {
              if (operation.kind === 'write') {
                const current = new Map(
                  (await memory.findDocumentsById(IDS, true)).map((doc) => [doc.id, doc]),
                );
                const rows: BulkWriteRow<Item>[] = operation.rows.map((row) => {
                  revision += 1;
                  const existing = current.get(row.id);
                  const document: RxDocumentData<Item> = {
                    id: row.id,
                    name: row.name,
                    age: row.age,
                    done: row.done,
                    _deleted: row.deleted,
                    _rev: `${revision}-r${revision}`,
                    _meta: { lwt: now() },
                    _attachments: {},
                  };
                  if (row.previous === 'none' || !existing) {
                    return { document };
                  }
                  const previous =
                    row.previous === 'current' ? existing : { ...existing, _rev: '0-stale' };
                  return { document, previous };
                });
                const expected = await memory.bulkWrite(rows, 'test');
                const actual = await durable.bulkWrite(rows, 'test');
                expect(summarizeErrors(actual)).toEqual(summarizeErrors(expected));
              } else if (operation.kind === 'query') {
                const prepared = prepareQuery<Item>(
                  itemSchema,
                  normalizeMangoQuery<Item>(itemSchema, operation.query),
                );
                const expected = await memory.query(prepared);
                const actual = await durable.query(prepared);
                expect(actual.documents.map((doc) => doc.id)).toEqual(
                  expected.documents.map((doc) => doc.id),
                );
                expect((await durable.count(prepared)).count).toBe(
                  (await memory.count(prepared)).count,
                );
              } else if (operation.kind === 'cleanup') {
                await memory.cleanup(0);
                await durable.cleanup(0);
              } else {
                await durable.close();
                durable = await createInstance(
                  getRxStorageDurable({ directory: directory.path, lazyIndexesFrom }),
                  name,
                );
              }
              expect(await allDocuments(durable)).toEqual(await allDocuments(memory));
            }
            await durable.close();
            durable = await createInstance(
              getRxStorageDurable({ directory: directory.path, lazyIndexesFrom }),
              name,
            );
            expect(await allDocuments(durable)).toEqual(await allDocuments(memory));
          } finally {
            await durable.remove();
            await memory.remove();
          }
        }),
        { numRuns: 60 },
      );
    },
  );

  it('emits the same change events as the memory storage, to every instance', async () => {
    const durableStorage = getRxStorageDurable({ directory: directory.path });
    const writer = await createInstance(durableStorage, 'events');
    const reader = await createInstance(durableStorage, 'events');
    const memory = await createInstance(getRxStorageMemory(), `events${randomToken(6)}`);
    const seen: Record<'writer' | 'reader' | 'memory', string[]> = {
      writer: [],
      reader: [],
      memory: [],
    };
    const subscriptions = (['writer', 'reader', 'memory'] as const).map((who) =>
      ({ writer, reader, memory })[who].changeStream().subscribe((bulk) => {
        for (const event of bulk.events) {
          seen[who].push(`${event.operation}:${event.documentId}`);
        }
      }),
    );
    const document = (id: string, rev: string, deleted = false): RxDocumentData<Item> => ({
      id,
      name: id,
      age: 1,
      done: false,
      _deleted: deleted,
      _rev: rev,
      _meta: { lwt: now() },
      _attachments: {},
    });
    for (const instance of [writer, memory]) {
      const first = document('a', '1-a');
      await instance.bulkWrite([{ document: first }, { document: document('b', '1-b') }], 'test');
      const second = document('a', '2-a');
      await instance.bulkWrite([{ document: second, previous: first }], 'test');
      await instance.bulkWrite(
        [{ document: document('a', '3-a', true), previous: second }],
        'test',
      );
    }
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    expect(seen.memory).toEqual(['INSERT:a', 'INSERT:b', 'UPDATE:a', 'DELETE:a']);
    expect(seen.writer).toEqual(seen.memory);
    expect(seen.reader).toEqual(seen.memory);
    await writer.close();
    await reader.close();
    await memory.remove();
  });

  it('refuses writes on a closed instance', async () => {
    const instance = await createInstance(
      getRxStorageDurable({ directory: directory.path }),
      'closed',
    );
    await instance.close();
    await expect(
      instance.bulkWrite(
        [
          {
            document: {
              id: 'a',
              name: 'a',
              age: 1,
              done: false,
              _deleted: false,
              _rev: '1-a',
              _meta: { lwt: now() },
              _attachments: {},
            },
          },
        ],
        'test',
      ),
    ).rejects.toThrow(/closed/);
  });
});
