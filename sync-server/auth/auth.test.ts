import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, SyncErrorBody } from '../../shared/sync/protocol';
import type { SyncApp } from '../http/app';
import {
  createTestApp,
  fresh,
  issue,
  pushAs,
  signedIn,
  site,
  testConfig,
  TEST_PASSWORD,
  workflow,
  type SignedIn,
} from '../http/test-app.test-util';
import { listPendingOutbox } from '../store/outbox';
import { BACKENDS, type TestBackend } from '../store/test-backends.test-util';

type Doc = Record<string, unknown> & { id: string };

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`authentication and authorization on ${kind.name}`, () => {
    let backend: TestBackend;
    let sync: SyncApp;
    let admin: SignedIn;
    let north: SignedIn;

    beforeAll(async () => {
      backend = await kind.create();
      sync = await createTestApp(
        backend.db,
        testConfig({ limits: { pushRows: 5, documentBytes: 2_000, bodyBytes: 50_000 } }),
      );
    }, 60_000);
    afterAll(async () => {
      await sync?.app.close();
      await backend?.dispose();
    });
    beforeEach(async () => {
      await backend.reset();
      admin = await signedIn(sync, backend.db, 'admin');
      north = await signedIn(sync, backend.db, 'technician', ['north']);
      const seeded = await push('locations', fresh(site('north'), site('south')), admin);
      expect(seeded.statusCode).toBe(200);
      expect(
        (await push('issues', fresh(issue('n1', 'north'), issue('s1', 'south')), admin)).statusCode,
      ).toBe(200);
    });

    const push = (collection: string, rows: unknown, who?: SignedIn) =>
      pushAs(sync, who, collection, rows);

    async function pullIds(collection: string, who: SignedIn): Promise<string[]> {
      const response = await sync.app.inject({
        method: 'GET',
        url: `/sync/${collection}/pull?limit=100`,
        headers: who.headers,
      });
      expect(response.statusCode).toBe(200);
      return response.json<PullResponse<Doc>>().documents.map((doc) => doc.id);
    }

    function expectRefused(
      response: { statusCode: number; json<T>(): T },
      status: number,
      error: string,
    ) {
      expect(response.statusCode).toBe(status);
      const body = response.json<SyncErrorBody>();
      expect(body.error).toBe(error);
      expect(body.message.length).toBeGreaterThan(10);
    }

    async function expectIssuesUnchanged() {
      expect((await pullIds('issues', admin)).sort()).toEqual(['n1', 's1']);
      expect((await listPendingOutbox(backend.db)).map((entry) => entry.documentId)).toEqual([
        'n1',
        's1',
      ]);
    }

    it('refuses requests without a token or with an unknown one', async () => {
      expectRefused(await push('issues', fresh(issue('x', 'north'))), 401, 'unauthenticated');
      for (const authorization of ['Bearer nonsense', 'Basic abc', `Bearer ${north.token}x`]) {
        const response = await sync.app.inject({
          method: 'GET',
          url: '/sync/issues/pull',
          headers: { authorization },
        });
        expectRefused(response, 401, 'unauthenticated');
      }
      await expectIssuesUnchanged();
    });

    it('refuses a token after sign-out and a device after an admin revoked it', async () => {
      const out = await sync.app.inject({
        method: 'POST',
        url: '/auth/sign-out',
        headers: north.headers,
      });
      expect(out.statusCode).toBe(204);
      expectRefused(
        await push('issues', fresh(issue('x', 'north')), north),
        401,
        'unauthenticated',
      );

      const other = await signedIn(sync, backend.db, 'technician', ['north']);
      expect(
        (await sync.app.inject({ method: 'GET', url: '/auth/me', headers: other.headers }))
          .statusCode,
      ).toBe(200);
      const revoke = await sync.app.inject({
        method: 'POST',
        url: `/admin/devices/${other.deviceId}/revoke`,
        headers: admin.headers,
      });
      expect(revoke.statusCode).toBe(204);
      expectRefused(
        await push('issues', fresh(issue('x', 'north')), other),
        401,
        'unauthenticated',
      );
      await expectIssuesUnchanged();
    });

    it('shows a user only the documents of their sites and the shared ones', async () => {
      expect((await push('workflows', fresh(workflow('default')), admin)).statusCode).toBe(200);
      expect(await pullIds('issues', north)).toEqual(['n1']);
      expect(await pullIds('locations', north)).toEqual(['north']);
      expect(await pullIds('workflows', north)).toEqual(['default']);
      expect((await pullIds('issues', admin)).sort()).toEqual(['n1', 's1']);
    });

    it("refuses a batch touching another site's documents, writing none of it", async () => {
      expectRefused(
        await push('issues', fresh(issue('n2', 'north'), issue('s2', 'south')), north),
        403,
        'forbidden',
      );
      // Overwriting a document of another site by its id, or moving one there, is refused too.
      expectRefused(await push('issues', fresh(issue('s1', 'north')), north), 403, 'forbidden');
      expectRefused(
        await push(
          'issues',
          [{ assumedMasterState: issue('n1', 'north'), newDocumentState: issue('n1', 'south') }],
          north,
        ),
        403,
        'forbidden',
      );
      await expectIssuesUnchanged();
    });

    it('lets only supervisors and admins write locations and workflows', async () => {
      expectRefused(await push('locations', fresh(site('east')), north), 403, 'forbidden');
      expectRefused(await push('workflows', fresh(workflow('w')), north), 403, 'forbidden');
      const supervisor = await signedIn(sync, backend.db, 'supervisor', ['north']);
      expect((await push('workflows', fresh(workflow('w')), supervisor)).statusCode).toBe(200);
      // A new site is outside a supervisor's sites; an admin may create it.
      expectRefused(await push('locations', fresh(site('east')), supervisor), 403, 'forbidden');
      expect((await push('locations', fresh(site('east')), admin)).statusCode).toBe(200);
    });

    it('refuses oversized batches, documents and bodies', async () => {
      const six = Array.from({ length: 6 }, (_, n) => issue(`big${n}`, 'north'));
      expectRefused(await push('issues', fresh(...six), north), 413, 'too-large');
      const long = issue('long', 'north', { customFields: { notes: 'x'.repeat(3_000) } });
      expectRefused(await push('issues', fresh(long), north), 413, 'too-large');
      const huge = fresh(issue('huge', 'north', { customFields: { notes: 'x'.repeat(60_000) } }));
      expectRefused(await push('issues', huge, north), 413, 'too-large');
      await expectIssuesUnchanged();
    });

    it('refuses invalid documents with every problem named', async () => {
      const response = await push(
        'issues',
        fresh(issue('bad', 'north', { priority: 'Urgent', title: 'x'.repeat(101) })),
        north,
      );
      expectRefused(response, 422, 'invalid-document');
      const problems = response.json<SyncErrorBody>().problems ?? [];
      expect(problems.map((problem) => problem.path).sort()).toEqual(['/priority', '/title']);
      await expectIssuesUnchanged();
    });

    it('signs in with the right password only, and describes the user', async () => {
      const wrong = await sync.app.inject({
        method: 'POST',
        url: '/auth/sign-in',
        payload: { userName: 'admin1', password: 'not the password', deviceName: 'x' },
      });
      expectRefused(wrong, 401, 'unauthenticated');
      const unknown = await sync.app.inject({
        method: 'POST',
        url: '/auth/sign-in',
        payload: { userName: 'nobody', password: TEST_PASSWORD, deviceName: 'x' },
      });
      expectRefused(unknown, 401, 'unauthenticated');
      const missing = await sync.app.inject({
        method: 'POST',
        url: '/auth/sign-in',
        payload: { userName: 'x' },
      });
      expectRefused(missing, 400, 'bad-request');

      const me = await sync.app.inject({ method: 'GET', url: '/auth/me', headers: north.headers });
      expect(me.json()).toEqual({
        deviceId: north.deviceId,
        user: {
          id: north.userId,
          name: expect.any(String) as unknown,
          role: 'technician',
          sites: ['north'],
          allSites: false,
        },
      });
    });

    it('keeps administration to admins', async () => {
      const supervisor = await signedIn(sync, backend.db, 'supervisor', ['north']);
      const asSupervisor = await sync.app.inject({
        method: 'GET',
        url: '/admin/users',
        headers: supervisor.headers,
      });
      expectRefused(asSupervisor, 403, 'forbidden');

      const created = await sync.app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: admin.headers,
        payload: { name: 'dana', password: TEST_PASSWORD, role: 'technician', sites: ['south'] },
      });
      expect(created.statusCode).toBe(201);
      const dana = created.json<{ id: string; sites: string[] }>();
      expect(dana.sites).toEqual(['south']);
      const again = await sync.app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: admin.headers,
        payload: { name: 'Dana', password: TEST_PASSWORD, role: 'technician', sites: [] },
      });
      expectRefused(again, 409, 'already-exists');
      const weak = await sync.app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: admin.headers,
        payload: { name: 'eve', password: 'short', role: 'technician', sites: [] },
      });
      expectRefused(weak, 400, 'bad-request');

      const changed = await sync.app.inject({
        method: 'PATCH',
        url: `/admin/users/${dana.id}`,
        headers: admin.headers,
        payload: { sites: ['north', 'south'], role: 'supervisor' },
      });
      expect(changed.json()).toMatchObject({ role: 'supervisor', sites: ['north', 'south'] });

      const signIn = await sync.app.inject({
        method: 'POST',
        url: '/auth/sign-in',
        payload: { userName: 'DANA', password: TEST_PASSWORD, deviceName: 'tablet' },
      });
      expect(signIn.statusCode).toBe(201);
      const devices = await sync.app.inject({
        method: 'GET',
        url: `/admin/devices?userId=${dana.id}`,
        headers: admin.headers,
      });
      expect(
        devices.json<{ devices: { name: string }[] }>().devices.map((device) => device.name),
      ).toEqual(['tablet']);

      const disabled = await sync.app.inject({
        method: 'PATCH',
        url: `/admin/users/${dana.id}`,
        headers: admin.headers,
        payload: { disabled: true },
      });
      expect(disabled.statusCode).toBe(200);
      const token = signIn.json<{ token: string }>().token;
      const refused = await sync.app.inject({
        method: 'GET',
        url: '/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expectRefused(refused, 401, 'unauthenticated');
    });
  });
}

describe('request rate limits', () => {
  it('answers 429 with Retry-After beyond the sign-in limit', async () => {
    const backend = await BACKENDS[0]!.create();
    const sync = await createTestApp(backend.db, testConfig({ limits: { signInsPerMinute: 2 } }));
    try {
      const attempt = () =>
        sync.app.inject({
          method: 'POST',
          url: '/auth/sign-in',
          payload: { userName: 'nobody', password: 'wrong password', deviceName: 'x' },
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json<SyncErrorBody>().error).toBe('rate-limited');
    } finally {
      await sync.app.close();
      await backend.dispose();
    }
  });
});
