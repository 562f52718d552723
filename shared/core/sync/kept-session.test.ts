import { describe, expect, it } from 'vitest';
import { readKeptSession, viewOfKeptSession } from './kept-session';
import type { SyncUser } from '../../sync/protocol';

const user: SyncUser = {
  id: 'u-1',
  name: 'omar',
  role: 'technician',
  sites: ['north'],
  allSites: false,
};
const names = { serverUrl: 'https://sync.example', userName: 'omar', deviceName: 'laptop' };
const session = { serverUrl: 'https://sync.example', deviceName: 'laptop', deviceId: 'd-1', user };
const plainToken = ({ token }: Record<string, unknown>) =>
  typeof token === 'string' && token !== '' ? { token } : undefined;

describe('a kept sync session', () => {
  it('reads back what was kept, token included', () => {
    const kept = { version: 1, last: names, session: { ...session, token: 't' } };
    expect(readKeptSession(kept, plainToken)).toEqual(kept);
  });

  it('drops each part that is not what it should be, and keeps the rest', () => {
    expect(readKeptSession(null, plainToken)).toEqual({ version: 1 });
    expect(readKeptSession('x', plainToken)).toEqual({ version: 1 });
    // A session without its token, or with a bad user, is unusable; the names stay.
    expect(readKeptSession({ last: names, session }, plainToken)).toEqual({
      version: 1,
      last: names,
    });
    expect(
      readKeptSession(
        { last: names, session: { ...session, token: 't', user: { id: 1 } } },
        plainToken,
      ),
    ).toEqual({ version: 1, last: names });
    expect(
      readKeptSession(
        { last: { ...names, userName: '' }, session: { ...session, token: 't' } },
        plainToken,
      ),
    ).toEqual({ version: 1, session: { ...session, token: 't' } });
    expect(
      readKeptSession(
        { session: { ...session, deviceId: 'x'.repeat(5000), token: 't' } },
        plainToken,
      ),
    ).toEqual({ version: 1 });
  });

  it('shows the UI the names and the session, never the token', () => {
    const kept = readKeptSession({ last: names, session: { ...session, token: 't' } }, plainToken);
    const info = { serverUrl: session.serverUrl, deviceName: 'laptop', user, tokenKept: true };
    expect(viewOfKeptSession(kept, info)).toEqual({
      session: info,
      lastServerUrl: names.serverUrl,
      lastUserName: 'omar',
      lastDeviceName: 'laptop',
    });
    expect(JSON.stringify(viewOfKeptSession(kept, info))).not.toContain('"token"');
    expect(viewOfKeptSession({ version: 1 }, null)).toEqual({
      session: null,
      lastServerUrl: null,
      lastUserName: null,
      lastDeviceName: null,
    });
  });
});
