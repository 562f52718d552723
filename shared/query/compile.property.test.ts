/**
 * The compiled Mango query, run by RxDB on the memory storage behind schema validation,
 * selects exactly the issues the in-memory evaluator selects, in the comparator's order.
 */
import fc from 'fast-check';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../domain';
import { COLLECTIONS } from '../schemas';
import type { Query } from './ast';
import { compileQuery } from './compile';
import { createMatcher } from './evaluate';
import { CONTEXT, issuesArb, queryArb } from './query.test-util';

type Collections = { issues: RxCollection<Issue> };

let database: RxDatabase<Collections>;
let collection: RxCollection<Issue>;

beforeAll(async () => {
  // Dev mode checks every query RxDB is given (operators, regex as strings, sort fields).
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
  database = await createRxDatabase<Collections>({
    name: `query-property-${Math.random().toString(36).slice(2)}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    multiInstance: false,
  });
  await database.addCollections({ issues: COLLECTIONS.issues });
  collection = database.issues;
});

afterAll(async () => {
  await database.remove();
});

/** Runs `check` with exactly `issues` stored, and removes them again afterwards. */
async function withIssues(issues: Issue[], check: () => Promise<void>): Promise<void> {
  const inserted = await collection.bulkInsert(issues);
  expect(inserted.error).toEqual([]);
  try {
    await check();
  } finally {
    await collection.bulkRemove(issues.map((issue) => issue.id));
  }
}

async function selectWithRxdb(query: Query): Promise<string[]> {
  const compiled = compileQuery(query, CONTEXT);
  const documents = await collection.find(compiled.mango).exec();
  const found = documents.map((document) => document.toMutableJSON());
  if (!compiled.sortIsNative) found.sort(compiled.compare);
  return found.map((issue) => issue.id);
}

function selectInMemory(issues: Issue[], query: Query): string[] {
  const compiled = compileQuery(query, CONTEXT);
  const matcher = createMatcher(query, CONTEXT);
  return issues
    .filter(matcher)
    .sort(compiled.compare)
    .map((issue) => issue.id);
}

describe('compiled queries against RxDB', () => {
  it('select and order exactly what the evaluator selects and the comparator orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        issuesArb,
        fc.array(queryArb, { minLength: 1, maxLength: 8 }),
        async (issues, queries) => {
          await withIssues(issues, async () => {
            expect(await collection.count().exec()).toBe(issues.length);
            for (const query of queries) {
              expect(await selectWithRxdb(query)).toEqual(selectInMemory(issues, query));
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
