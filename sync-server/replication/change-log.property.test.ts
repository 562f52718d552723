import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCheckpoints, type SyncCheckpoint } from '../../shared/sync/protocol';
import { inScope } from '../auth/permissions';
import type { SiteScope, StoredDocument } from '../store/documents';
import { ChangeLog } from './change-log';

/**
 * A change feed as the documents table holds it: each document once, at its latest stamp;
 * `changesAfter` is readChanges' query (store/documents.ts) over it.
 */
class Feed {
  readonly documents = new Map<string, StoredDocument>();
  /** Every position a change was ever at. */
  readonly positions: SyncCheckpoint[] = [];
  private stamp = 1_000;

  write(id: string, site: string | null): void {
    this.stamp += 1;
    const doc: StoredDocument = {
      id,
      body: { id, title: `${id} at ${this.stamp}` },
      deleted: this.stamp % 7 === 0,
      rev: `rev-${this.stamp}`,
      updatedAt: this.stamp,
      updatedBy: 'user',
      updatedOnDevice: 'device',
      site,
      parentId: null,
    };
    this.documents.set(id, doc);
    this.positions.push({ id, updatedAt: this.stamp });
  }

  changesAfter(after: SyncCheckpoint | null, limit: number, scope: SiteScope): StoredDocument[] {
    return [...this.documents.values()]
      .filter((doc) => after === null || compareCheckpoints(doc, after) > 0)
      .filter((doc) => inScope(scope, doc.site))
      .sort(compareCheckpoints)
      .slice(0, limit);
  }

  get last(): SyncCheckpoint | null {
    return this.positions.at(-1) ?? null;
  }
}

const SITES = ['north', 'south', 'east'];
const siteArb = fc.constantFrom<string | null>(null, ...SITES);
const writeArb = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
  site: siteArb,
});
const scopeArb: fc.Arbitrary<SiteScope> = fc.oneof(
  fc.constant<SiteScope>({ allSites: true }),
  fc.subarray(SITES).map((sites): SiteScope => ({ allSites: false, sites })),
);
/** Commits of one or more writes; after each, the hub reads the feed in pages. */
const historyArb = fc.array(fc.array(writeArb, { minLength: 1, maxLength: 4 }), {
  maxLength: 25,
});

interface Query {
  /** null, a position some change had (-1: the feed's last), or a made-up one. */
  after: null | { position: number } | SyncCheckpoint;
  limit: number;
  scope: SiteScope;
}

const queryArb: fc.Arbitrary<Query> = fc.record({
  after: fc.oneof(
    fc.constant(null),
    fc.nat({ max: 100 }).map((position) => ({ position })),
    fc.constant({ position: -1 }),
    fc.record({
      id: fc.constantFrom('a', 'b', 'z', ''),
      updatedAt: fc.integer({ min: 990, max: 1_120 }),
    }),
  ),
  limit: fc.integer({ min: 1, max: 12 }),
  scope: scopeArb,
});

function checkpointOf(feed: Feed, after: Query['after']): SyncCheckpoint | null {
  if (after === null || !('position' in after)) return after;
  if (after.position === -1 || feed.positions.length === 0) return feed.last;
  return feed.positions[after.position % feed.positions.length]!;
}

/** Builds the feed and a log fed as the change hub feeds it: pages read from its cursor. */
function replay(
  history: { id: string; site: string | null }[][],
  capacity: number,
  pageSize: number,
  initial: number,
): { feed: Feed; log: ChangeLog } {
  const feed = new Feed();
  history.slice(0, initial).forEach((commit) => commit.forEach((w) => feed.write(w.id, w.site)));
  let cursor = feed.last;
  const log = new ChangeLog(cursor, capacity);
  for (const commit of history.slice(initial)) {
    for (const w of commit) feed.write(w.id, w.site);
    for (;;) {
      const page = feed.changesAfter(cursor, pageSize, { allSites: true });
      if (page.length === 0) break;
      log.append(page);
      cursor = page.at(-1)!;
      if (page.length < pageSize) break;
    }
  }
  return { feed, log };
}

describe('the change log', () => {
  it('answers a pull exactly as the feed query does, or not at all', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat({ max: 5 }),
        fc.array(queryArb, { minLength: 1, maxLength: 10 }),
        (history, capacity, pageSize, initial, queries) => {
          const { feed, log } = replay(history, capacity, pageSize, initial);
          for (const query of queries) {
            const after = checkpointOf(feed, query.after);
            const kept = log.read(after, query.limit, query.scope);
            if (kept !== undefined) {
              expect(kept).toEqual(feed.changesAfter(after, query.limit, query.scope));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers every pull from a change it kept, and from the end of the feed', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: 1, max: 5 }),
        fc.nat({ max: 5 }),
        queryArb,
        (history, pageSize, initial, query) => {
          const { feed, log } = replay(history, 1_000, pageSize, initial);
          const startsAt =
            feed.positions[
              Math.min(initial, history.length) === 0
                ? -1
                : history.slice(0, initial).reduce((n, commit) => n + commit.length, 0) - 1
            ];
          const after = checkpointOf(feed, query.after);
          const covered =
            after !== null && 'position' in (query.after ?? {})
              ? startsAt === undefined || after.updatedAt >= startsAt.updatedAt
              : startsAt === undefined && after === null;
          const kept = log.read(after, query.limit, query.scope);
          if (covered) expect(kept).toEqual(feed.changesAfter(after, query.limit, query.scope));
          expect(log.read(feed.last, query.limit, query.scope)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps at most its capacity, dropping the oldest changes', () => {
    const log = new ChangeLog(null, 3);
    const feed = new Feed();
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.write(id, null);
    log.append(feed.changesAfter(null, 10, { allSites: true }));
    expect(log.size).toBe(3);
    // Before what it kept: the database must answer.
    expect(log.read(null, 10, { allSites: true })).toBeUndefined();
    expect(log.read(feed.positions[0]!, 10, { allSites: true })).toBeUndefined();
    // From the last dropped change on, it answers.
    expect(log.read(feed.positions[1]!, 10, { allSites: true })?.map((doc) => doc.id)).toEqual([
      'c',
      'd',
      'e',
    ]);
  });
});
