import fc from 'fast-check';
import { getPrimaryFieldOfPrimaryKey, randomToken } from 'rxdb';
import type { RxDocumentData } from 'rxdb';
import {
  addIndexesToInternalsState,
  bulkInsertToState,
  type MemoryStorageInternals,
} from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  buildAllIndexes,
  createLoadedMemoryState,
  stopBackgroundBuild,
  unbuiltIndexCount,
} from './memory-state';
import { itemSchema, type Item } from './durable-storage.test-util';

const documentsArbitrary = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 12 }),
    name: fc.string({ maxLength: 12 }),
    age: fc.integer({ min: 0, max: 100 }),
    done: fc.boolean(),
    _deleted: fc.boolean(),
    lwt: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  { selector: (doc) => doc.id, minLength: 1, maxLength: 80 },
);

function toDocuments(
  rows: { id: string; name: string; age: number; done: boolean; _deleted: boolean; lwt: number }[],
): RxDocumentData<Item>[] {
  return rows.map(({ lwt, ...row }) => ({
    ...row,
    _rev: '1-a',
    _meta: { lwt },
    _attachments: {},
  }));
}

/** The state the memory storage itself builds for the same documents, eagerly. */
function eagerState(documents: RxDocumentData<Item>[]): MemoryStorageInternals<Item> {
  const state: MemoryStorageInternals<Item> = {
    id: randomToken(5),
    schema: itemSchema,
    removed: false,
    refCount: 1,
    documents: new Map(),
    attachments: new Map(),
    byIndex: {},
    byIndexArray: [],
    changes$: new Subject(),
  };
  addIndexesToInternalsState(state, itemSchema);
  bulkInsertToState(
    getPrimaryFieldOfPrimaryKey(itemSchema.primaryKey),
    state,
    state.byIndexArray,
    documents.map((document) => ({ document })),
  );
  return state;
}

describe('a memory state loaded from disk', () => {
  it.each([
    ['lazily', 1],
    ['eagerly', Number.POSITIVE_INFINITY],
  ])('builds every index %s exactly as the memory storage would', (_, lazyIndexesFrom) => {
    fc.assert(
      fc.property(documentsArbitrary, (rows) => {
        const documents = toDocuments(rows);
        const lazy = createLoadedMemoryState(itemSchema, documents, lazyIndexesFrom);
        stopBackgroundBuild(lazy);
        const eager = eagerState(documents);
        expect([...lazy.documents.keys()].sort()).toEqual([...eager.documents.keys()].sort());
        for (const name of Object.keys(eager.byIndex)) {
          expect(lazy.byIndex[name]!.docsWithIndex).toEqual(eager.byIndex[name]!.docsWithIndex);
        }
      }),
    );
  });

  it('builds an index on first read and the rest in the background', async () => {
    const documents = toDocuments([
      { id: 'a', name: 'x', age: 3, done: false, _deleted: false, lwt: 1 },
      { id: 'b', name: 'y', age: 1, done: true, _deleted: false, lwt: 2 },
    ]);
    const state = createLoadedMemoryState(itemSchema, documents, 1);
    const indexCount = state.byIndexArray.length;
    expect(unbuiltIndexCount(state)).toBe(indexCount);

    const byAge = state.byIndex['_deleted,age,id']!.docsWithIndex;
    expect(byAge.map((entry) => entry[2])).toEqual(['b', 'a']);
    expect(unbuiltIndexCount(state)).toBe(indexCount - 1);

    const deadline = Date.now() + 5_000;
    while (unbuiltIndexCount(state) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(unbuiltIndexCount(state)).toBe(0);
  });

  it('builds everything at once when asked to', () => {
    const state = createLoadedMemoryState(
      itemSchema,
      toDocuments([{ id: 'a', name: 'x', age: 3, done: false, _deleted: false, lwt: 1 }]),
      1,
    );
    expect(unbuiltIndexCount(state)).toBe(state.byIndexArray.length);
    buildAllIndexes(state);
    expect(unbuiltIndexCount(state)).toBe(0);
    for (const byIndex of state.byIndexArray) {
      expect(byIndex.docsWithIndex).toHaveLength(1);
    }
  });

  it('builds small collections completely when they are loaded', () => {
    const state = createLoadedMemoryState(
      itemSchema,
      toDocuments([{ id: 'a', name: 'x', age: 3, done: false, _deleted: false, lwt: 1 }]),
    );
    expect(unbuiltIndexCount(state)).toBe(0);
    expect(state.byIndex['_deleted,age,id']!.docsWithIndex.map((entry) => entry[2])).toEqual(['a']);
  });

  it('starts empty and fully built when nothing is stored', () => {
    const state = createLoadedMemoryState(itemSchema, []);
    expect(unbuiltIndexCount(state)).toBe(0);
    expect(state.documents.size).toBe(0);
  });
});
