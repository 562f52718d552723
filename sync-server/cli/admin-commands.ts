/**
 * Administration from the command line, straight on the database (the embedded database
 * only while no server runs on it): create, rename, disable and enable users, give them
 * sites and take sites from them, list users and devices, revoke devices.
 */
import { ROLES, type Role } from '../../shared/domain';
import { changeUser, createUser } from '../auth/users';
import { listDevices, listUsers, revokeDevice } from '../store/accounts';
import type { Database } from '../store/database';
import { readPassword } from './prompt';

export interface CommandOutput {
  print(line: string): void;
}

export async function createUserCommand(
  db: Database,
  options: {
    name?: string;
    'display-name'?: string;
    role?: string;
    sites?: string;
    password?: string;
  },
  out: CommandOutput,
): Promise<void> {
  if (!options.name) throw new Error('create-user needs --name <user name>.');
  const role = (options.role ?? 'technician') as Role;
  if (!ROLES.includes(role)) throw new Error(`--role is one of ${ROLES.join(', ')}.`);
  const sites = siteList(options.sites);
  const password = options.password ?? (await readPassword(`Password for ${options.name}: `));
  const user = await createUser(db, {
    name: options.name,
    ...(options['display-name'] !== undefined && { displayName: options['display-name'] }),
    password,
    role,
    sites,
  });
  out.print(
    `Created ${user.role} ${user.name} "${user.displayName}" (id ${user.id})` +
      (user.role === 'admin'
        ? ', with access to every site.'
        : `, sites: ${user.sites.join(', ') || 'none'}.`),
  );
}

function siteList(option: string | undefined): string[] {
  return (option ?? '')
    .split(',')
    .map((site) => site.trim())
    .filter(Boolean);
}

/**
 * Gives a user more sites (`add-sites`) or takes some away (`remove-sites`). The user's
 * devices then pull every document of the sites they have now, older ones included, and
 * receive nothing more of the sites taken away.
 */
export async function changeSitesCommand(
  db: Database,
  options: { user?: string; sites?: string },
  change: 'add' | 'remove',
  out: CommandOutput,
): Promise<void> {
  const command = `${change}-sites`;
  const sites = siteList(options.sites);
  if (!options.user || sites.length === 0) {
    throw new Error(`${command} needs --user <name or id> and --sites <id,id>.`);
  }
  const user = await changeUser(
    db,
    await userIdOf(db, options.user),
    change === 'add' ? { addSites: sites } : { removeSites: sites },
  );
  out.print(
    `${user.name} now has the sites: ${user.sites.join(', ') || 'none'}` +
      (user.role === 'admin' ? ' (as an admin they see every site).' : '.'),
  );
}

export async function listUsersCommand(db: Database, out: CommandOutput): Promise<void> {
  const users = await listUsers(db);
  if (users.length === 0) out.print('No users yet.');
  for (const user of users) {
    const sites = user.role === 'admin' ? 'all sites' : user.sites.join(', ') || 'no sites';
    out.print(
      `${user.id}  ${user.name}  "${user.displayName}"  ${user.role}  ${sites}` +
        (user.disabled ? '  (disabled)' : ''),
    );
  }
}

async function userIdOf(db: Database, nameOrId: string): Promise<string> {
  const users = await listUsers(db);
  const found = users.find(
    (user) => user.name.toLowerCase() === nameOrId.toLowerCase() || user.id === nameOrId,
  );
  if (!found) throw new Error(`There is no user ${nameOrId}.`);
  return found.id;
}

/** Changes the name people know a user by; devices receive it with their next pull. */
export async function renameUserCommand(
  db: Database,
  options: { user?: string; 'display-name'?: string },
  out: CommandOutput,
): Promise<void> {
  if (!options.user || options['display-name'] === undefined) {
    throw new Error('rename-user needs --user <name or id> and --display-name <name>.');
  }
  const user = await changeUser(db, await userIdOf(db, options.user), {
    displayName: options['display-name'],
  });
  out.print(`${user.name} is now shown as "${user.displayName}".`);
}

/** Disables (or enables again) a user: their tokens stop working, their name stays shown. */
export async function setUserDisabledCommand(
  db: Database,
  options: { user?: string },
  disabled: boolean,
  out: CommandOutput,
): Promise<void> {
  const command = disabled ? 'disable-user' : 'enable-user';
  if (!options.user) throw new Error(`${command} needs --user <name or id>.`);
  const user = await changeUser(db, await userIdOf(db, options.user), { disabled });
  out.print(`${user.name} is ${disabled ? 'disabled' : 'enabled'}.`);
}

export async function listDevicesCommand(
  db: Database,
  options: { user?: string },
  out: CommandOutput,
): Promise<void> {
  const users = await listUsers(db);
  const names = new Map(users.map((user) => [user.id, user.name]));
  let userId: string | undefined;
  if (options.user) {
    userId = users.find(
      (user) => user.name.toLowerCase() === options.user!.toLowerCase() || user.id === options.user,
    )?.id;
    if (!userId) throw new Error(`There is no user ${options.user}.`);
  }
  const devices = await listDevices(db, userId);
  if (devices.length === 0) out.print('No devices.');
  for (const device of devices) {
    const state = device.revokedAt
      ? `revoked ${new Date(device.revokedAt).toISOString()}`
      : `last seen ${new Date(device.lastSeenAt).toISOString()}`;
    out.print(
      `${device.id}  ${names.get(device.userId) ?? device.userId}  "${device.name}"  ${state}`,
    );
  }
}

export async function revokeDeviceCommand(
  db: Database,
  options: { device?: string },
  out: CommandOutput,
): Promise<void> {
  if (!options.device) throw new Error('revoke-device needs --device <device id>.');
  if (!(await revokeDevice(db, options.device, Date.now()))) {
    throw new Error(`There is no device ${options.device}.`);
  }
  out.print(`Revoked device ${options.device}; its tokens no longer work.`);
}
