import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncApp } from '../http/app';
import { createTestApp, issue, signedIn, site, type SignedIn } from '../http/test-app.test-util';
import type { SiteScope } from '../store/documents';
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

  it('turns a change into JSON once for every stream that may see the same sites', async () => {
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
