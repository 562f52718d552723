import {
  createRxDatabase,
  getChangedDocumentsSince,
  type MangoQuery,
  type RxCollection,
  type RxJsonSchema,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeIndexedDbSettings } from '../../test-support/storages';
import { READ_AT_ONCE, readingAtOnce } from './read-at-once';

interface Thing {
  id: string;
  status: string;
  updatedAt: number;
  title: string;
  urgent: boolean;
}

const schema: RxJsonSchema<Thing> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    status: { type: 'string', maxLength: 20 },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    title: { type: 'string' },
    urgent: { type: 'boolean' },
  },
  required: ['id', 'status', 'updatedAt', 'title', 'urgent'],
  indexes: [
    ['status', 'updatedAt'],
    ['urgent', 'updatedAt'],
  ],
  additionalProperties: false,
};

const STATUSES = ['new', 'in-progress', 'closed'];
/** More things in all than one read takes, fewer in a status. */
const COUNT = READ_AT_ONCE + 200;

function thing(i: number): Thing {
  return {
    id: `thing-${String(i).padStart(5, '0')}`,
    status: STATUSES[i % 5 === 0 ? 0 : i % 7 === 0 ? 1 : 2]!,
    // Many share an update time, as after a burst of writes.
    updatedAt: 1_000 + Math.floor(i / 3),
    title: i % 11 === 0 ? `Leak ${i}` : `Jam ${i}`,
    urgent: i % 4 === 0,
  };
}

type Things = RxCollection<Thing>;
const databases: { close(): Promise<unknown> }[] = [];
let counter = 0;

async function things(wrap: boolean): Promise<Things> {
  const storage = getRxStorageDexie(fakeIndexedDbSettings);
  const db = await createRxDatabase<{ things: Things }>({
    name: `read-at-once-${process.pid}-${++counter}`,
    storage: wrap ? readingAtOnce(storage) : storage,
  });
  databases.push(db);
  await db.addCollections({ things: { schema } });
  await db.things.bulkInsert(Array.from({ length: COUNT }, (_, i) => thing(i)));
  return db.things;
}

let walked: Things;
let read: Things;

beforeAll(async () => {
  [walked, read] = await Promise.all([things(false), things(true)]);
});

afterAll(async () => {
  for (const db of databases.splice(0)) await db.close();
});

const QUERIES: [string, MangoQuery<Thing>][] = [
  [
    'the newest of a status (an order the index does not give)',
    { selector: { status: 'new' }, sort: [{ updatedAt: 'desc' }, { id: 'asc' }], limit: 50 },
  ],
  [
    'the newest of a status since a time',
    {
      selector: { status: 'in-progress', updatedAt: { $gte: 1_200 } },
      sort: [{ updatedAt: 'desc' }, { id: 'asc' }],
      limit: 10,
    },
  ],
  [
    'the oldest of a status, skipping some (the index gives the order)',
    { selector: { status: 'closed' }, sort: [{ updatedAt: 'asc' }], skip: 5, limit: 20 },
  ],
  ['a boolean index', { selector: { urgent: true }, sort: [{ updatedAt: 'asc' }], limit: 30 }],
  [
    'a selector the index does not cover, in the index order',
    { selector: { status: 'new', title: { $regex: '^Leak' } }, sort: [{ updatedAt: 'asc' }] },
  ],
  [
    'a selector the index does not cover, a few',
    { selector: { title: { $regex: '^Leak' } }, limit: 7 },
  ],
  ['everything, more than one read takes', { selector: {}, sort: [{ id: 'asc' }] }],
  [
    'everything but the first few, newest first',
    { selector: {}, sort: [{ updatedAt: 'desc' }], skip: 3 },
  ],
  ['nothing', { selector: { status: 'gone' }, sort: [{ updatedAt: 'desc' }], limit: 5 }],
  ['none wanted', { selector: { status: 'new' }, sort: [{ updatedAt: 'asc' }], limit: 0 }],
];

describe('a storage reading at once', () => {
  it.each(QUERIES)('answers %s as the cursor does', async (_name, query) => {
    const ids = async (collection: Things) =>
      (await collection.find(query).exec()).map((doc) => doc.id);
    const expected = await ids(walked);
    expect(await ids(read)).toEqual(expected);
  });

  it('answers any query of statuses, flags, times, titles, orders and pages as the cursor does', async () => {
    const selector = fc.record(
      {
        status: fc.oneof(
          fc.constantFrom(...STATUSES, 'gone'),
          fc.record({ $in: fc.subarray([...STATUSES, 'gone'], { minLength: 1 }) }),
        ),
        urgent: fc.boolean(),
        updatedAt: fc.oneof(
          fc.record({ $gte: fc.integer({ min: 900, max: 1_500 }) }),
          fc.record({ $lt: fc.integer({ min: 900, max: 1_500 }) }),
          fc
            .tuple(fc.integer({ min: 900, max: 1_500 }), fc.integer({ min: 0, max: 200 }))
            .map(([from, span]) => ({ $gte: from, $lt: from + span })),
        ),
        title: fc.constantFrom({ $regex: '^Leak' }, { $regex: '9' }),
      },
      { requiredKeys: [] },
    );
    const direction = fc.constantFrom<'asc' | 'desc'>('asc', 'desc');
    // Sorted by the first `keys` of updatedAt, status, id (RxDB adds id last when missing).
    const query = fc
      .record({
        selector,
        keys: fc.integer({ min: 0, max: 3 }),
        directions: fc.tuple(direction, direction, direction),
        skip: fc.integer({ min: 0, max: 40 }),
        limit: fc.option(fc.integer({ min: 0, max: READ_AT_ONCE + 50 }), { nil: undefined }),
      })
      .map(({ selector: where, keys, directions, skip, limit }) => {
        const sort = (['updatedAt', 'status', 'id'] as const)
          .slice(0, keys)
          .map((field, i) => ({ [field]: directions[i]! }));
        return {
          selector: where,
          ...(sort.length > 0 && { sort }),
          ...(skip > 0 && { skip }),
          ...(limit !== undefined && { limit }),
        };
      });
    await fc.assert(
      fc.asyncProperty(query, async (generated) => {
        const ids = async (collection: Things) =>
          (await collection.find(generated).exec()).map((doc) => doc.id);
        expect(await ids(read)).toEqual(await ids(walked));
      }),
      { numRuns: 80 },
    );
  });

  it('answers what changed since a moment as the cursor does', async () => {
    const since = async (collection: Things, lwt: number) =>
      (
        await getChangedDocumentsSince(collection.storageInstance, 1, { id: '', lwt })
      ).documents.map((doc) => doc.id);
    for (const lwt of [0, Date.now() + 60_000]) {
      expect(await since(read, lwt)).toEqual(await since(walked, lwt));
    }
  });

  it('counts as before', async () => {
    const query = { selector: { status: 'new' } };
    expect(await read.count(query).exec()).toBe(await walked.count(query).exec());
  });

  it('sees writes', async () => {
    await read.insert({ ...thing(COUNT), status: 'new', updatedAt: 9_999 });
    const newest = await read
      .findOne({ selector: { status: 'new' }, sort: [{ updatedAt: 'desc' }, { id: 'asc' }] })
      .exec();
    expect(newest?.updatedAt).toBe(9_999);
  });
});
