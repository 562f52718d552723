import fc from 'fast-check';
import {
  fillWithDefaultSettings,
  getQueryMatcher,
  normalizeMangoQuery,
  type MangoQuery,
  type RxDocumentData,
} from 'rxdb';
import { describe, expect, it } from 'vitest';
import { itemSchema, type Item } from './durable-storage.test-util';
import { firstInOrder, SCAN_MAX_SORTED, scanCount, scanQuery, selectorMatcher } from './query-scan';

/** Documents whose fields are not always what the schema says: arrays, objects, missing. */
interface Loose {
  id: string;
  tag?: unknown;
  size?: unknown;
  meta?: unknown;
}

const looseSchema = fillWithDefaultSettings<Loose>({
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 10 },
    tag: { type: 'string' },
    size: { type: 'number' },
    meta: { type: 'object' },
  },
  required: ['id'],
});

const plain = fc.oneof(
  fc.constantFrom('a', 'b', ''),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
);
const anyValue = fc.oneof(
  plain,
  fc.constant(null),
  fc.array(plain, { maxLength: 3 }),
  fc.record({ kind: plain }),
);

const looseDocuments = fc.uniqueArray(
  fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 6 }),
      tag: anyValue,
      size: anyValue,
      meta: fc.oneof(fc.record({ kind: anyValue }), fc.array(fc.record({ kind: plain }))),
      _deleted: fc.boolean(),
    },
    { requiredKeys: ['id', '_deleted'] },
  ),
  { selector: (document) => document.id, maxLength: 30 },
);

const condition = fc.oneof(
  plain,
  plain.map((value) => ({ $eq: value })),
  anyValue.map((value) => ({ $eq: value })),
  plain.map((value) => ({ $ne: value })),
  fc.integer({ min: -2, max: 2 }).map((value) => ({ $gt: value })),
);

const looseSelector = fc.record(
  {
    tag: condition,
    size: condition,
    'meta.kind': condition,
    _deleted: fc.boolean().map((value) => ({ $eq: value })),
  },
  { requiredKeys: [] },
);

function withMeta<T extends { id: string; _deleted: boolean }>(document: T): RxDocumentData<T> {
  return { ...document, _rev: '1-a', _meta: { lwt: 1 }, _attachments: {} };
}

describe('scanning without an index', () => {
  it('matches exactly the documents RxDB’s query matcher matches', () => {
    fc.assert(
      fc.property(looseDocuments, looseSelector, (documents, selector) => {
        const query = normalizeMangoQuery<Loose>(looseSchema, {
          selector,
        });
        const expected = getQueryMatcher(looseSchema, query);
        const actual = selectorMatcher(looseSchema, query);
        for (const document of documents.map((d) => withMeta(d as Loose & { _deleted: boolean }))) {
          expect(actual(document)).toBe(expected(document));
        }
      }),
    );
  });

  it('picks the first documents in order as a full sort would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 210 }),
        (values, wanted) => {
          const compare = (a: number, b: number) => a - b;
          const expected = [...values].sort(compare).slice(0, wanted);
          expect(firstInOrder([...values], Math.min(wanted, values.length), compare)).toEqual(
            expected,
          );
        },
      ),
    );
  });

  it('answers with skip and limit in the query’s order, and counts the matches', () => {
    const items = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 8 }),
        name: fc.constantFrom('x', 'y', 'z'),
        age: fc.integer({ min: 0, max: 5 }),
        done: fc.boolean(),
        _deleted: fc.boolean(),
      }),
      { selector: (item) => item.id, maxLength: 60 },
    );
    fc.assert(
      fc.property(
        items,
        fc.constantFrom({}, { done: true }, { name: 'y', done: false }, { age: { $gte: 3 } }),
        fc.constantFrom<MangoQuery<Item>['sort']>(
          [{ age: 'desc' }],
          [{ name: 'asc' }, { age: 'asc' }],
        ),
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        (rows, selector, sort, skip, limit) => {
          const documents = rows.map((row) => withMeta(row));
          const query = normalizeMangoQuery<Item>(itemSchema, {
            selector: { ...selector, _deleted: { $eq: false } },
            sort,
            skip,
            ...(limit !== undefined && { limit }),
          } as unknown as MangoQuery<Item>);
          const matching = documents.filter((d) => getQueryMatcher(itemSchema, query)(d));
          const sortKeys = query.sort.map((part) => Object.entries(part)[0]!);
          const expected = [...matching]
            .sort((a, b) => {
              for (const [key, direction] of sortKeys) {
                const x = (a as unknown as Record<string, string | number>)[key]!;
                const y = (b as unknown as Record<string, string | number>)[key]!;
                if (x !== y) return (x < y ? -1 : 1) * (direction === 'asc' ? 1 : -1);
              }
              return 0;
            })
            .slice(skip, limit === undefined ? undefined : skip + limit);
          const answer = scanQuery(itemSchema, query, documents);
          expect(answer?.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          expect(scanCount(itemSchema, query, documents)).toBe(matching.length);
        },
      ),
    );
  });

  it('declines a query that wants and matches more than it sorts', () => {
    const documents = Array.from({ length: SCAN_MAX_SORTED + 1 }, (_, i) =>
      withMeta({ id: `i${i}`, name: 'x', age: i % 5, done: false, _deleted: false }),
    );
    const all = normalizeMangoQuery<Item>(itemSchema, { selector: {}, sort: [{ age: 'asc' }] });
    expect(scanQuery(itemSchema, all, documents)).toBeUndefined();
    const limited = normalizeMangoQuery<Item>(itemSchema, {
      selector: {},
      sort: [{ age: 'asc' }],
      limit: 3,
    });
    expect(scanQuery(itemSchema, limited, documents)?.map((d) => d.id)).toEqual([
      'i0',
      'i10',
      'i100',
    ]);
    const few = normalizeMangoQuery<Item>(itemSchema, {
      selector: { age: 4 },
      sort: [{ id: 'asc' }],
    });
    expect(scanQuery(itemSchema, few, documents)).toHaveLength(SCAN_MAX_SORTED / 5);
  });
});
