/**
 * Who acts on this device while it is not signed in to a team: a device id created once
 * and kept in the user-data folder, the operating system's user name, and the supervisor
 * role, the least privileged one that may set up its own plants, lines and rules: a desktop
 * used on its own has nobody else to do it. Once signed in, the server's user and role act
 * instead. The file may name another user id or role (e.g. technician for a shared kiosk).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ID_MAX, NAME_MAX, ROLES, type Actor, type Role } from '../../shared/domain';

export const IDENTITY_FILE = 'identity.json';
export const DEFAULT_ROLE: Role = 'supervisor';
export const FALLBACK_USER_ID = 'local-user';

interface IdentityFile {
  deviceId: string;
  userId?: string;
  role?: Role;
}

function isText(value: unknown, max: number): value is string {
  return (
    typeof value === 'string' && value.trim() === value && value.length > 0 && value.length <= max
  );
}

function readIdentity(file: string): IdentityFile | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { deviceId, userId, role } = value as Record<string, unknown>;
    if (!isText(deviceId, ID_MAX)) return undefined;
    const identity: IdentityFile = { deviceId };
    if (isText(userId, NAME_MAX)) identity.userId = userId;
    if ((ROLES as readonly unknown[]).includes(role)) identity.role = role as Role;
    return identity;
  } catch {
    return undefined;
  }
}

/** A user name fit for the `userId` fields: trimmed, bounded, never empty. */
export function userIdFromName(name: string | undefined): string {
  const trimmed = (name ?? '').trim().slice(0, NAME_MAX).trim();
  return trimmed === '' ? FALLBACK_USER_ID : trimmed;
}

export function loadLocalActor(options: {
  directory: string;
  userName: string | undefined;
  newId(): string;
}): Actor {
  const file = join(options.directory, IDENTITY_FILE);
  let identity = readIdentity(file);
  if (!identity) {
    identity = { deviceId: options.newId() };
    mkdirSync(options.directory, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(identity, null, 2)}\n`);
    renameSync(temporary, file);
  }
  return {
    userId: identity.userId ?? userIdFromName(options.userName),
    role: identity.role ?? DEFAULT_ROLE,
    deviceId: identity.deviceId,
  };
}
