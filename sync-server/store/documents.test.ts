import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCheckpoints, type SyncCheckpoint } from '../../shared/sync/protocol';
import { inScope } from '../auth/permissions';
import { readChanges, type SiteScope } from './documents';
import { BACKENDS, type TestBackend } from './test-backends.test-util';

/** A stored document as the feed needs it: its position and its site. */
interface Row {
  id: string;
  updatedAt: number;
  site: string | null;
}

const SITES = ['north', 'south', 'east', 'west'];
/** Ids whose order is the same in JavaScript and in any database collation. */
const ID_CHARS = 'abcdefgh';

const rowsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 3 }),
      // Few distinct stamps, so that documents share one and their ids decide the order.
      updatedAt: fc.integer({ min: 1, max: 30 }),
      site: fc.constantFrom<string | null>(null, ...SITES),
    }),
    { selector: (row) => row.id, maxLength: 60 },
  )
  .map((rows) => rows as Row[]);

const scopeArb: fc.Arbitrary<SiteScope> = fc.oneof(
  fc.constant<SiteScope>({ allSites: true }),
  // Duplicates and a site with no documents are allowed: scopes come from user_sites rows.
  fc
    .array(fc.constantFrom(...SITES, 'elsewhere'), { maxLength: 5 })
    .map((sites): SiteScope => ({ allSites: false, sites })),
);

const afterArb: fc.Arbitrary<SyncCheckpoint | null> = fc.oneof(
  fc.constant(null),
  fc.record({
    id: fc.string({ unit: fc.constantFrom(...ID_CHARS), maxLength: 3 }),
    updatedAt: fc.integer({ min: 0, max: 31 }),
  }),
);

/** The feed as a reader in `scope` sees it after `after`: the query's meaning, in memory. */
function expected(
  rows: readonly Row[],
  after: SyncCheckpoint | null,
  limit: number,
  scope: SiteScope,
): Row[] {
  return rows
    .filter((row) => after === null || compareCheckpoints(row, after) > 0)
    .filter((row) => inScope(scope, row.site))
    .sort(compareCheckpoints)
    .slice(0, limit);
}

async function store(backend: TestBackend, rows: readonly Row[]): Promise<void> {
  await backend.reset();
  for (const row of rows) {
    await backend.db.query(
      `INSERT INTO documents
         (collection, id, body, deleted, rev, updated_at, updated_by, updated_on_device, site, parent_id)
       VALUES ('issues', $1, $2::jsonb, false, 'rev', $3, 'user', 'device', $4, $4)`,
      [row.id, JSON.stringify({ id: row.id }), row.updatedAt, row.site],
    );
  }
  // Another collection's documents at the same positions must never show.
  await backend.db.query(
    `INSERT INTO documents
       (collection, id, body, deleted, rev, updated_at, updated_by, updated_on_device, site, parent_id)
     VALUES ('comments', 'a', '{}'::jsonb, false, 'rev', 1, 'user', 'device', NULL, NULL)`,
  );
}

function positions(docs: readonly { id: string; updatedAt: number; site: string | null }[]) {
  return docs.map(({ id, updatedAt, site }) => ({ id, updatedAt, site }));
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`the change feed (readChanges) on ${kind.name}`, () => {
    let backend: TestBackend;
    beforeAll(async () => {
      backend = await kind.create();
    }, 60_000);
    afterAll(async () => {
      await backend?.dispose();
    });

    it('answers each pull with the next documents of the reader’s sites, in feed order', async () => {
      await fc.assert(
        fc.asyncProperty(
          rowsArb,
          fc.array(fc.tuple(afterArb, fc.integer({ min: 1, max: 8 }), scopeArb), {
            minLength: 1,
            maxLength: 8,
          }),
          async (rows, pulls) => {
            await store(backend, rows);
            for (const [after, limit, scope] of pulls) {
              const docs = await readChanges(backend.db, 'issues', after, limit, scope);
              expect(positions(docs)).toEqual(expected(rows, after, limit, scope));
            }
          },
        ),
        { numRuns: 40 },
      );
    }, 120_000);

    it('pages through a reader’s whole feed from the start, one page after another', async () => {
      await fc.assert(
        fc.asyncProperty(
          rowsArb,
          scopeArb,
          fc.integer({ min: 1, max: 7 }),
          async (rows, scope, limit) => {
            await store(backend, rows);
            const seen: Row[] = [];
            let after: SyncCheckpoint | null = null;
            for (;;) {
              const page = await readChanges(backend.db, 'issues', after, limit, scope);
              seen.push(...positions(page));
              if (page.length < limit) break;
              const last = page.at(-1)!;
              after = { id: last.id, updatedAt: last.updatedAt };
            }
            expect(seen).toEqual(expected(rows, null, rows.length, scope));
          },
        ),
        { numRuns: 30 },
      );
    }, 120_000);
  });
}
