import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../auth/users';
import { findSession } from '../store/accounts';
import { hashToken } from '../auth/tokens';
import { pgliteBackend, type TestBackend } from '../store/test-backends.test-util';
import {
  changeSitesCommand,
  createUserCommand,
  listDevicesCommand,
  listUsersCommand,
  renameUserCommand,
  revokeDeviceCommand,
  setUserDisabledCommand,
} from './admin-commands';
import { getUser, listUsers } from '../store/accounts';

describe('administration commands', () => {
  let backend: TestBackend;
  const lines: string[] = [];
  const out = { print: (line: string) => lines.push(line) };

  beforeAll(async () => {
    backend = await pgliteBackend.create();
  }, 60_000);
  afterAll(() => backend?.dispose());

  it('create a user, list users and devices, and revoke a device', async () => {
    await createUserCommand(
      backend.db,
      { name: 'ops', role: 'supervisor', sites: 'north, south', password: 'a long password' },
      out,
    );
    expect(lines.at(-1)).toMatch(/^Created supervisor ops .*sites: north, south\.$/);
    await listUsersCommand(backend.db, out);
    expect(lines.at(-1)).toMatch(/ops {2}"ops" {2}supervisor {2}north, south$/);

    const session = await signIn(backend.db, {
      userName: 'ops',
      password: 'a long password',
      deviceName: 'tablet',
    });
    await listDevicesCommand(backend.db, { user: 'OPS' }, out);
    expect(lines.at(-1)).toContain(`${session.deviceId}  ops  "tablet"  last seen`);

    await revokeDeviceCommand(backend.db, { device: session.deviceId }, out);
    expect(await findSession(backend.db, hashToken(session.token))).toBeUndefined();
  });

  it('create a user with a display name, rename, disable and enable them', async () => {
    await createUserCommand(
      backend.db,
      { name: 'dana', 'display-name': 'Dana Smith', password: 'a long password' },
      out,
    );
    expect(lines.at(-1)).toMatch(/^Created technician dana "Dana Smith" /);
    await renameUserCommand(backend.db, { user: 'DANA', 'display-name': 'Dana Smith-Jones' }, out);
    expect(lines.at(-1)).toBe('dana is now shown as "Dana Smith-Jones".');
    await setUserDisabledCommand(backend.db, { user: 'dana' }, true, out);
    await listUsersCommand(backend.db, out);
    const listed = lines.findLast((line) => line.includes('  dana  "Dana Smith-Jones"  '));
    expect(listed).toMatch(/ {2}technician {2}no sites {2}\(disabled\)$/);
    const id = listed!.split(' ')[0]!;
    await setUserDisabledCommand(backend.db, { user: id }, false, out);
    expect(await getUser(backend.db, id)).toMatchObject({
      displayName: 'Dana Smith-Jones',
      disabled: false,
    });
    await expect(renameUserCommand(backend.db, { user: 'dana' }, out)).rejects.toThrow(
      /--display-name/,
    );
    await expect(
      renameUserCommand(backend.db, { user: 'dana', 'display-name': ' padded ' }, out),
    ).rejects.toThrow(/display name/);
    await expect(setUserDisabledCommand(backend.db, { user: 'nobody' }, true, out)).rejects.toThrow(
      /no user nobody/,
    );
  });

  it('give a user sites and take sites away, each time with a new scope version', async () => {
    await createUserCommand(
      backend.db,
      { name: 'tom', sites: 'plant-a', password: 'a long password' },
      out,
    );
    await changeSitesCommand(backend.db, { user: 'tom', sites: 'plant-b, plant-c' }, 'add', out);
    expect(lines.at(-1)).toBe('tom now has the sites: plant-a, plant-b, plant-c.');
    await changeSitesCommand(backend.db, { user: 'TOM', sites: 'plant-a' }, 'remove', out);
    expect(lines.at(-1)).toBe('tom now has the sites: plant-b, plant-c.');
    const users = await listUsers(backend.db);
    expect(users.find((user) => user.name === 'tom')).toMatchObject({
      sites: ['plant-b', 'plant-c'],
      scopeVersion: 3,
    });
    await expect(changeSitesCommand(backend.db, { user: 'tom' }, 'add', out)).rejects.toThrow(
      /--sites/,
    );
  });

  it('refuse missing or wrong arguments', async () => {
    await expect(createUserCommand(backend.db, { role: 'admin' }, out)).rejects.toThrow(/--name/);
    await expect(
      createUserCommand(backend.db, { name: 'x', role: 'boss', password: 'a long password' }, out),
    ).rejects.toThrow(/--role/);
    await expect(revokeDeviceCommand(backend.db, { device: 'nope' }, out)).rejects.toThrow(
      /no device/,
    );
  });
});
