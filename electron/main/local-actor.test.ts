import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_ROLES } from '../../shared/domain';
import { IDENTITY_FILE, loadLocalActor, userIdFromName } from './local-actor';

describe('the local actor', () => {
  let directory: string;
  let ids: number;
  const newId = () => `device-${++ids}`;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'autoescalate-identity-'));
    ids = 0;
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('creates a device id once and keeps it across restarts', () => {
    const first = loadLocalActor({ directory, userName: 'tina', newId });
    const second = loadLocalActor({ directory, userName: 'tina', newId });
    expect(first).toEqual({ userId: 'tina', role: 'supervisor', deviceId: 'device-1' });
    // A desktop on its own sets its plants and rules up itself.
    expect(SETUP_ROLES).toContain(first.role);
    expect(second).toEqual(first);
    expect(JSON.parse(readFileSync(join(directory, IDENTITY_FILE), 'utf8'))).toEqual({
      deviceId: 'device-1',
    });
  });

  it('takes the user and role the file names', () => {
    writeFileSync(
      join(directory, IDENTITY_FILE),
      JSON.stringify({ deviceId: 'plant-a-kiosk', userId: 'sam', role: 'technician' }),
    );
    expect(loadLocalActor({ directory, userName: 'tina', newId })).toEqual({
      userId: 'sam',
      role: 'technician',
      deviceId: 'plant-a-kiosk',
    });
  });

  it('ignores an unknown role and replaces a file without a usable device id', () => {
    writeFileSync(
      join(directory, IDENTITY_FILE),
      JSON.stringify({ deviceId: 'd-1', role: 'root' }),
    );
    expect(loadLocalActor({ directory, userName: 'tina', newId }).role).toBe('supervisor');
    writeFileSync(join(directory, IDENTITY_FILE), JSON.stringify({ deviceId: '' }));
    expect(loadLocalActor({ directory, userName: 'tina', newId }).deviceId).toBe('device-1');
  });

  it('makes a usable user id of any operating-system user name', () => {
    expect(userIdFromName('  maria.k ')).toBe('maria.k');
    expect(userIdFromName('')).toBe('local-user');
    expect(userIdFromName(undefined)).toBe('local-user');
    expect(userIdFromName('x'.repeat(300))).toHaveLength(100);
  });
});
