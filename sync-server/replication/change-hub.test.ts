import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncCheckpoint } from '../../shared/sync/protocol';
import type { SyncApp } from '../http/app';
import {
  comment,
  createTestApp,
  issue,
  signedIn,
  site,
  type SignedIn,
} from '../http/test-app.test-util';
import { readChanges, type SiteScope } from '../store/documents';
import { pgliteBackend, type TestBackend } from '../store/test-backends.test-util';
import { ChangeHub, scopeKey, type OutgoingBatch } from './change-hub';

describe('the change hub', () => {
  let backend: TestBackend;
  let sync: SyncApp;
  let admin: SignedIn;
  let hub: ChangeHub;

  async function push(collection: string, docs: unknown[]): Promise<void> {
    const response = await sync.app.inject({
      method: 'POST',
      url: `/sync/${collection}/push`,
      headers: admin.headers,
      payload: docs.map((newDocumentState) => ({ newDocumentState })),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  }

  function subscriber(scope: SiteScope): { scope: SiteScope; got: OutgoingBatch[] } {
    const got: OutgoingBatch[] = [];
    return { scope, got };
  }

  beforeAll(async () => {
    backend = await pgliteBackend.create();
    sync = await createTestApp(backend.db);
    admin = await signedIn(sync, backend.db, 'admin');
    await push('locations', [site('north'), site('south')]);
    hub = new ChangeHub(backend.db);
    await hub.start();
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await sync?.app.close();
    await backend?.dispose();
  });

  it('turns a change into JSON and its event once for every stream that may see the same sites', async () => {
    const north = [
      subscriber({ allSites: false, sites: ['north'] }),
      subscriber({ allSites: false, sites: ['north'] }),
      subscriber({ allSites: false, sites: ['north', 'north'] }),
    ];
    const south = subscriber({ allSites: false, sites: ['south'] });
    const everywhere = subscriber({ allSites: true });
    const all = [...north, south, everywhere];
    for (const each of all) {
      await hub.subscribe('issues', { scope: each.scope, deliver: (b) => each.got.push(b) });
    }

    await push('issues', [issue('n-1', 'north')]);
    await vi.waitFor(() => {
      for (const each of [...north, everywhere]) expect(each.got).toHaveLength(1);
    });

    const shared = north[0]!.got[0]!;
    for (const each of north) expect(each.got[0]).toBe(shared);
    expect(JSON.parse(shared.json)).toEqual(shared.batch);
    expect(shared.event.toString('utf8')).toBe(`data: ${shared.json}\n\n`);
    expect(shared.event).toBe(shared.event);
    // The shared stream's event names the collection before the batch's own fields.
    expect(shared.taggedEvent.toString('utf8')).toBe(
      `data: ${JSON.stringify({ collection: 'issues', ...shared.batch })}\n\n`,
    );
    expect(shared.taggedEvent).toBe(shared.taggedEvent);
    expect(shared.batch.documents.map((doc) => doc.id)).toEqual(['n-1']);
    expect(everywhere.got[0]).not.toBe(shared);
    expect(everywhere.got[0]!.batch.documents.map((doc) => doc.id)).toEqual(['n-1']);
    // Nothing of the south's: the page had nothing it may see.
    expect(south.got).toEqual([]);

    await push('issues', [issue('s-1', 'south')]);
    await vi.waitFor(() => expect(south.got).toHaveLength(1));
    expect(south.got[0]!.batch.documents.map((doc) => doc.id)).toEqual(['s-1']);
    for (const each of north) expect(each.got).toHaveLength(1);
  });

  it('keys scopes by the set of their sites', () => {
    expect(scopeKey({ allSites: false, sites: ['b', 'a', 'b'] })).toBe(
      scopeKey({ allSites: false, sites: ['a', 'b'] }),
    );
    expect(scopeKey({ allSites: false, sites: ['a'] })).not.toBe(
      scopeKey({ allSites: false, sites: ['a', 'b'] }),
    );
    expect(scopeKey({ allSites: true })).not.toBe(scopeKey({ allSites: false, sites: [] }));
  });
});

describe('the changes the hub keeps for pulls (PGlite)', () => {
  let backend: TestBackend;
  let sync: SyncApp;
  let admin: SignedIn;

  beforeAll(async () => {
    backend = await pgliteBackend.create();
    sync = await createTestApp(backend.db);
    admin = await signedIn(sync, backend.db, 'admin');
  }, 60_000);
  afterAll(async () => {
    await sync?.app.close();
    await backend?.dispose();
  });

  const SITES = ['north', 'south', 'east'];
  const SCOPES: SiteScope[] = [
    { allSites: true },
    { allSites: false, sites: [] },
    { allSites: false, sites: ['north'] },
    { allSites: false, sites: ['south', 'east'] },
  ];
  const step = fc.oneof(
    // New or changed issues at a site (an issue changing site moves its comments).
    fc.record({
      kind: fc.constant('issues' as const),
      ids: fc.subarray(['i1', 'i2', 'i3', 'i4', 'i5'], { minLength: 1 }),
      site: fc.constantFrom(...SITES),
      deleted: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('comments' as const),
      id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
      issue: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5'),
    }),
  );

  it('answers every pull as the database does', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        round += 1;
        await backend.db.query('TRUNCATE documents, outbox');
        await pushRows(
          'locations',
          SITES.map(site).map((doc) => ({ newDocumentState: doc })),
        );
        // The hub keeps changes while a stream listens; it begins with what is stored now.
        const hub = new ChangeHub(backend.db, { keptChanges: 6, pageSize: 4 });
        await hub.start();
        const delivered: OutgoingBatch[] = [];
        const unsubscribe = {
          issues: await hub.subscribe('issues', {
            scope: { allSites: true },
            deliver: (b) => delivered.push(b),
          }),
          comments: await hub.subscribe('comments', {
            scope: { allSites: true },
            deliver: (b) => delivered.push(b),
          }),
        };
        try {
          const checkpoints: (SyncCheckpoint | null)[] = [null];
          const states = new Map<string, Record<string, unknown>>();
          for (const s of steps) {
            if (s.kind === 'issues') {
              await pushRows(
                'issues',
                s.ids.map((id) => {
                  const next = issue(id, s.site, {
                    title: `Issue ${id}, round ${round}`,
                    version: Number(states.get(id)?.version ?? 0) + 1,
                    _deleted: s.deleted,
                  });
                  const row = { assumedMasterState: states.get(id), newDocumentState: next };
                  states.set(id, next);
                  return row;
                }),
              );
            } else if (states.has(s.issue)) {
              await pushRows('comments', [{ newDocumentState: comment(s.id, s.issue) }]);
            }
            for (const collection of ['issues', 'comments'] as const) {
              for (const doc of await readChanges(backend.db, collection, null, 1_000, {
                allSites: true,
              })) {
                checkpoints.push({ id: doc.id, updatedAt: doc.updatedAt });
              }
            }
            // Pulls in between, as the streams are being served.
            for (const collection of ['issues', 'comments'] as const) {
              for (const after of checkpoints) {
                for (const scope of SCOPES) {
                  for (const limit of [1, 3, 100]) {
                    const kept = await hub.keptChangesAfter(collection, after, limit, scope);
                    if (kept === undefined) continue;
                    expect(kept).toEqual(
                      await readChanges(backend.db, collection, after, limit, scope),
                    );
                  }
                }
              }
            }
          }
          // Once the hub has read everything, a pull from the newest change is answered.
          const newest = (
            await readChanges(backend.db, 'issues', null, 1_000, { allSites: true })
          ).at(-1);
          if (newest) {
            await vi.waitFor(async () =>
              expect(await hub.keptChangesAfter('issues', newest, 10, { allSites: true })).toEqual(
                [],
              ),
            );
          }
        } finally {
          unsubscribe.issues();
          unsubscribe.comments();
          await hub.close();
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  async function pushRows(collection: string, rows: unknown[]): Promise<void> {
    const response = await sync.app.inject({
      method: 'POST',
      url: `/sync/${collection}/push`,
      headers: admin.headers,
      payload: rows as object,
    });
    expect(response.statusCode, response.body).toBe(200);
  }
});
