/**
 * The sign-in endpoints of a sync server, answered inside the page's fetch: for tests of the
 * web edition's sync that need no server (the browser tests in e2e/ run against a real one).
 * Everything else is answered as a network failure.
 */
import type { FetchLike, FetchResponseLike } from '../../shared/core/sync/platform';
import { SYNC_PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol';

export const SIGN_IN = {
  serverUrl: 'https://sync.plant-a.example',
  userName: 'omar',
  password: 'a long password',
  deviceName: 'Shift office PC',
};

/** Omar, a technician, signs in with SIGN_IN's password; any other is refused. */
export function fakeSyncServer() {
  const requests: string[] = [];
  const token = 'token-of-omar';
  const answer = (status: number, body?: unknown): FetchResponseLike => ({
    ok: status < 300,
    status,
    headers: {
      get: (header) =>
        header.toLowerCase() === SYNC_PROTOCOL_HEADER ? String(SYNC_PROTOCOL_VERSION) : null,
    },
    body: null,
    text: () => Promise.resolve(body === undefined ? '' : JSON.stringify(body)),
  });
  const fetch: FetchLike = (url, init) => {
    requests.push(url);
    if (url.endsWith('/auth/sign-in')) {
      const { password } = JSON.parse(init?.body ?? '{}') as { password?: string };
      if (password !== SIGN_IN.password) {
        return Promise.resolve(
          answer(401, { error: 'unauthenticated', message: 'Wrong user name or password.' }),
        );
      }
      return Promise.resolve(
        answer(201, {
          token,
          deviceId: 'server-device-3',
          user: { id: 'u-7', name: 'omar', role: 'technician', sites: [], allSites: false },
        }),
      );
    }
    if (url.endsWith('/auth/sign-out')) return Promise.resolve(answer(204));
    return Promise.reject(new TypeError('fetch failed'));
  };
  return { fetch, requests, token };
}
