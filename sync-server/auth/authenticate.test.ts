import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeDevice, revokeToken, updateUser } from '../store/accounts';
import type { Database } from '../store/database';
import { BACKENDS, type TestBackend } from '../store/test-backends.test-util';
import { createAuthenticator, type Authenticator } from './authenticate';
import { hashToken } from './tokens';
import { createUser, signIn } from './users';

const PASSWORD = 'a long test password';

/** The database, counting the statements run outside transactions. */
function counting(db: Database): { db: Database; queries: () => number } {
  let queries = 0;
  const counted: Database = Object.create(db) as Database;
  counted.query = (sql, params) => {
    queries += 1;
    return db.query(sql, params);
  };
  return { db: counted, queries: () => queries };
}

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`authenticating requests on ${kind.name}`, () => {
    let backend: TestBackend;
    let count: ReturnType<typeof counting>;
    let authenticator: Authenticator;
    let userCount = 0;

    beforeAll(async () => {
      backend = await kind.create();
    }, 60_000);
    afterAll(async () => {
      await backend?.dispose();
    });
    beforeEach(async () => {
      await authenticator?.close();
      await backend.reset();
      count = counting(backend.db);
      authenticator = await createAuthenticator(count.db);
    });

    async function device(sites: string[] = ['north']) {
      userCount += 1;
      const user = await createUser(backend.db, {
        name: `user${userCount}`,
        password: PASSWORD,
        role: 'technician',
        sites,
      });
      const session = await signIn(backend.db, {
        userName: user.name,
        password: PASSWORD,
        deviceName: 'a device',
      });
      return { user, token: session.token, deviceId: session.deviceId };
    }

    it('reads a session once on PGlite, on every request with PostgreSQL', async () => {
      const { token } = await device();
      await authenticator.authenticate(token);
      const before = count.queries();
      for (let i = 0; i < 3; i += 1) {
        expect((await authenticator.authenticate(token)).scope).toEqual({
          allSites: false,
          sites: ['north'],
        });
      }
      expect(count.queries() - before).toBe(kind.name === 'PGlite' ? 0 : 3);
    });

    it('refuses a token as soon as it, its device or its user is revoked or disabled', async () => {
      const signedOut = await device();
      const revoked = await device();
      const disabled = await device();
      for (const { token } of [signedOut, revoked, disabled]) {
        await authenticator.authenticate(token);
      }
      await revokeToken(backend.db, hashToken(signedOut.token), Date.now());
      await revokeDevice(backend.db, revoked.deviceId, Date.now());
      await updateUser(backend.db, disabled.user.id, { disabled: true });
      for (const { token } of [signedOut, revoked, disabled]) {
        await expect(authenticator.authenticate(token)).rejects.toMatchObject({
          code: 'unauthenticated',
        });
      }
    });

    it('sees a changed role and changed sites on the next request', async () => {
      const { token, user } = await device(['north']);
      await authenticator.authenticate(token);
      await updateUser(backend.db, user.id, { role: 'supervisor', sites: ['south', 'west'] });
      const principal = await authenticator.authenticate(token);
      expect(principal.user).toMatchObject({ role: 'supervisor', sites: ['south', 'west'] });
      expect(principal.scope).toEqual({ allSites: false, sites: ['south', 'west'] });
    });

    it('refuses missing and unknown tokens', async () => {
      await expect(authenticator.authenticate(undefined)).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      await expect(authenticator.authenticate('aet_unknown')).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    });
  });
}
