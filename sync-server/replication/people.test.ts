import { Ajv } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../shared/domain';
import { personSchema } from '../../shared/schemas';
import {
  pullQuery,
  RESYNC,
  type PullResponse,
  type SyncCheckpoint,
} from '../../shared/sync/protocol';
import { createUser } from '../auth/users';
import type { SyncApp } from '../http/app';
import { useAppOnBackend, signedIn, type SignedIn } from '../http/test-app.test-util';
import { BACKENDS, type TestBackend } from '../store/test-backends.test-util';
import { openStream } from './sse-client.test-util';

type PersonDoc = Person & { _deleted: boolean };

const validPerson = new Ajv({ strict: false }).compile(personSchema as object);

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`the people collection on ${kind.name}`, () => {
    const opened = useAppOnBackend(kind);
    let backend: TestBackend;
    let sync: SyncApp;
    let admin: SignedIn;

    beforeEach(async () => {
      ({ backend, sync } = opened);
      admin = await signedIn(sync, backend.db, 'admin');
    });

    async function pull(
      who: SignedIn,
      checkpoint: SyncCheckpoint | null = null,
    ): Promise<PullResponse<PersonDoc>> {
      const response = await sync.app.inject({
        method: 'GET',
        url: `/sync/people/pull?${pullQuery(checkpoint, 100)}`,
        headers: who.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PullResponse<PersonDoc>>();
    }

    async function changeUser(userId: string, changes: Record<string, unknown>): Promise<void> {
      const response = await sync.app.inject({
        method: 'PATCH',
        url: `/admin/users/${userId}`,
        headers: admin.headers,
        payload: changes,
      });
      expect(response.statusCode, response.body).toBe(200);
    }

    it('pulls each user as a valid person, with the display name the admin gave', async () => {
      const created = await sync.app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: admin.headers,
        payload: {
          name: 'dana.smith',
          displayName: 'Dana Smith',
          password: 'a long password',
          role: 'supervisor',
          sites: ['north'],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ name: 'dana.smith', displayName: 'Dana Smith' });

      const { documents } = await pull(admin);
      for (const person of documents) {
        const { _deleted, ...body } = person;
        expect(_deleted).toBe(false);
        expect(validPerson(body), JSON.stringify(validPerson.errors)).toBe(true);
      }
      expect(documents.find((person) => person.userName === 'dana.smith')).toMatchObject({
        name: 'Dana Smith',
        role: 'supervisor',
        sites: ['north'],
        active: true,
      });
      // Without a display name, people see the user name.
      expect(documents.find((person) => person.id === admin.userId)?.name).toMatch(/^admin\d+$/);
    });

    it('shows a user the people of their own sites and the admins, never those of other sites', async () => {
      const north = await signedIn(sync, backend.db, 'technician', ['north']);
      const south = await signedIn(sync, backend.db, 'technician', ['south']);
      const both = await signedIn(sync, backend.db, 'supervisor', ['north', 'south']);
      const nowhere = await signedIn(sync, backend.db, 'technician', []);

      const ids = async (who: SignedIn) =>
        (await pull(who)).documents.map((person) => person.id).sort();
      expect(await ids(north)).toEqual([admin.userId, north.userId, both.userId].sort());
      expect(await ids(south)).toEqual([admin.userId, south.userId, both.userId].sort());
      expect(await ids(both)).toEqual(
        [admin.userId, north.userId, south.userId, both.userId].sort(),
      );
      expect(await ids(nowhere)).toEqual([admin.userId]);
      expect(await ids(admin)).toHaveLength(5);
    });

    it('refuses a push from every role, admins included, and writes nothing', async () => {
      const technician = await signedIn(sync, backend.db, 'technician', ['north']);
      const before = await pull(admin);
      for (const who of [technician, admin]) {
        const response = await sync.app.inject({
          method: 'POST',
          url: '/sync/people/push',
          headers: who.headers,
          payload: [
            {
              newDocumentState: {
                id: who.userId,
                name: 'Someone Else',
                userName: 'someone',
                role: 'admin',
                sites: [],
                active: true,
                updatedAt: 1,
                _deleted: false,
              },
            },
          ],
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({
          error: 'forbidden',
          message: expect.stringMatching(/devices only pull/) as unknown,
        });
      }
      expect(await pull(admin)).toEqual(before);
    });

    it('delivers a rename, a deactivation and a new user after the checkpoint', async () => {
      const north = await signedIn(sync, backend.db, 'technician', ['north']);
      const first = await pull(north);
      expect((await pull(north, first.checkpoint)).documents).toEqual([]);

      await changeUser(north.userId, { displayName: 'Nora North' });
      const renamed = await pull(north, first.checkpoint);
      expect(renamed.documents).toEqual([
        expect.objectContaining({ id: north.userId, name: 'Nora North', active: true }),
      ]);

      const colleague = await createUser(backend.db, {
        name: 'colleague',
        displayName: 'Colin League',
        password: 'a long password',
        role: 'technician',
        sites: ['north'],
      });
      await changeUser(colleague.id, { disabled: true });
      const later = await pull(north, renamed.checkpoint);
      expect(later.documents).toEqual([
        expect.objectContaining({ id: colleague.id, name: 'Colin League', active: false }),
      ]);
    });

    it('refuses a display name that is blank, padded or too long', async () => {
      for (const displayName of ['', ' Dana', 'Dana\nSmith', 'x'.repeat(101)]) {
        const response = await sync.app.inject({
          method: 'PATCH',
          url: `/admin/users/${admin.userId}`,
          headers: admin.headers,
          payload: { displayName },
        });
        expect(response.statusCode, displayName).toBe(400);
      }
    });

    it('streams a change of a person to the readers of their sites only', async () => {
      const north = await signedIn(sync, backend.db, 'technician', ['north']);
      const south = await signedIn(sync, backend.db, 'technician', ['south']);
      const base = await sync.app.listen({ host: '127.0.0.1', port: 0 });
      const northStream = await openStream(`${base}/sync/people/stream`, north.token);
      const southStream = await openStream(`${base}/sync/people/stream`, south.token);
      try {
        expect(await northStream.next()).toBe(RESYNC);
        expect(await southStream.next()).toBe(RESYNC);
        await changeUser(north.userId, { displayName: 'Nora North' });
        await changeUser(south.userId, { displayName: 'Sam South' });
        const toNorth = await northStream.next();
        const toSouth = await southStream.next();
        expect(toNorth).toMatchObject({ documents: [{ id: north.userId, name: 'Nora North' }] });
        expect(toSouth).toMatchObject({ documents: [{ id: south.userId, name: 'Sam South' }] });
      } finally {
        northStream.close();
        southStream.close();
      }
    });
  });
}
