import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../sync-server/auth/users';
import { pgliteBackend } from '../../../sync-server/store/test-backends.test-util';
import type { FetchLike } from './platform';
import {
  checkSignInInput,
  normalizeServerUrl,
  signIn,
  SignInError,
  signOut,
  whoAmI,
  type SignInFailure,
} from './sign-in';
import { SyncRequestError } from './sync-http';
import { startTestServer, TEST_PASSWORD, type TestServer } from './sync.test-util';

const fetch = globalThis.fetch as unknown as FetchLike;

async function failureOf(promise: Promise<unknown>): Promise<SignInFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignInError) return error.toJSON();
    throw error;
  }
  throw new Error('expected the sign-in to fail');
}

describe('normalizeServerUrl', () => {
  it.each([
    ['https://sync.example.com/', 'https://sync.example.com'],
    ['  HTTP://Sync.Example.com:8787  ', 'http://sync.example.com:8787'],
    ['sync.plant.local', 'https://sync.plant.local'],
    ['http://10.0.4.2:8787/autoescalate//', 'http://10.0.4.2:8787/autoescalate'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('%s → %s', (input, url) => {
    expect(normalizeServerUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    '',
    'ftp://example.com',
    'https://exa mple.com',
    'https://host:99999',
    'https://a/b?c=d',
    'https://-bad-.com',
  ])('refuses %j', (input) => {
    expect(normalizeServerUrl(input).ok).toBe(false);
  });
});

describe('checkSignInInput', () => {
  it('names every field that is missing or malformed', () => {
    const checked = checkSignInInput({
      serverUrl: 'not a url',
      userName: ' ',
      password: '',
      deviceName: 'x'.repeat(101),
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.failure.reason).toBe('invalid-input');
    expect(checked.failure.problems.map((p) => [p.field, p.reason])).toEqual([
      ['serverUrl', 'invalid-format'],
      ['userName', 'required'],
      ['password', 'required'],
      ['deviceName', 'too-long'],
    ]);
  });

  it('trims names but never the password', () => {
    const checked = checkSignInInput({
      serverUrl: 'https://sync.example.com/',
      userName: ' tina ',
      password: ' secret ',
      deviceName: ' Line 3 tablet ',
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        serverUrl: 'https://sync.example.com',
        userName: 'tina',
        password: ' secret ',
        deviceName: 'Line 3 tablet',
      },
    });
  });
});

describe('signing in to the real server', () => {
  let server: TestServer;
  let notSync: Server;
  let notSyncUrl: string;

  beforeAll(async () => {
    server = await startTestServer(pgliteBackend);
    await createUser(server.backend.db, {
      name: 'tina',
      password: TEST_PASSWORD,
      role: 'technician',
      sites: ['plant'],
    });
    notSync = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome</html>');
    });
    await new Promise<void>((resolve) => notSync.listen(0, '127.0.0.1', resolve));
    const address = notSync.address();
    notSyncUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => notSync?.close(resolve));
  });

  it('returns the session, whose token the server then accepts, until signed out', async () => {
    const session = await signIn(fetch, {
      serverUrl: `${server.url}/`,
      userName: 'tina',
      password: TEST_PASSWORD,
      deviceName: 'Line 3 tablet',
    });
    expect(session.serverUrl).toBe(server.url);
    expect(session.user).toMatchObject({ name: 'tina', role: 'technician', sites: ['plant'] });
    const http = { serverUrl: session.serverUrl, token: session.token, fetch, now: Date.now };
    await expect(whoAmI(http)).resolves.toMatchObject({ deviceId: session.deviceId });

    await signOut(fetch, session);
    const refused = await whoAmI(http).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncRequestError);
    expect((refused as SyncRequestError).unauthorized).toBe(true);
  });

  it('says when the password is wrong', async () => {
    const failure = await failureOf(
      signIn(fetch, {
        serverUrl: server.url,
        userName: 'tina',
        password: 'not the password',
        deviceName: 'tablet',
      }),
    );
    expect(failure).toMatchObject({
      reason: 'wrong-credentials',
      problems: [{ field: 'password' }],
    });
  });

  it('says when nothing answers at the address', async () => {
    const failure = await failureOf(
      signIn(fetch, {
        serverUrl: 'http://127.0.0.1:9',
        userName: 'tina',
        password: TEST_PASSWORD,
        deviceName: 'tablet',
      }),
    );
    expect(failure).toMatchObject({ reason: 'unreachable', problems: [{ field: 'serverUrl' }] });
    expect(failure.message).toContain('http://127.0.0.1:9');
  });

  it('says when something else than a sync server answers', async () => {
    const failure = await failureOf(
      signIn(fetch, {
        serverUrl: notSyncUrl,
        userName: 'tina',
        password: TEST_PASSWORD,
        deviceName: 'tablet',
      }),
    );
    expect(failure).toMatchObject({
      reason: 'not-a-sync-server',
      problems: [{ field: 'serverUrl' }],
    });
  });

  it('checks the form before asking the server', async () => {
    let asked = false;
    const failure = await failureOf(
      signIn(
        () => {
          asked = true;
          return Promise.reject(new Error('not reached'));
        },
        { serverUrl: server.url, userName: '', password: '', deviceName: '' },
      ),
    );
    expect(asked).toBe(false);
    expect(failure.problems.map((p) => p.field)).toEqual(['userName', 'password', 'deviceName']);
  });
});
