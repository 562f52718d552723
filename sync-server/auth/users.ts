/**
 * Users and devices as the admin endpoints and the command line manage them, and sign-in.
 * Input is checked here, once, for both callers.
 */
import { ID_MAX, NAME_MAX, ROLES, type Role } from '../../shared/domain';
import type { SignInResponse, SyncProblem, SyncUser } from '../../shared/sync/protocol';
import { SyncError } from '../http/sync-error';
import {
  findUserForSignIn,
  getUser,
  insertDevice,
  insertUser,
  updateUser,
  type UserRecord,
} from '../store/accounts';
import type { Database } from '../store/database';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { hashToken, newId, newToken } from './tokens';

export interface NewUserInput {
  name: string;
  /** The name people know the user by; the user name when absent. */
  displayName?: string;
  password: string;
  role: Role;
  sites: string[];
}

export interface UserChangesInput {
  displayName?: string;
  role?: Role;
  sites?: string[];
  /** Sites to give the user besides theirs (the command line's add-sites). */
  addSites?: string[];
  /** Sites to take from the user (the command line's remove-sites). */
  removeSites?: string[];
  password?: string;
  disabled?: boolean;
}

export function toSyncUser(user: UserRecord): SyncUser {
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    sites: user.sites,
    allSites: user.role === 'admin',
  };
}

const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._@+-]*$/u;
const CONTROL_CHARACTER = /\p{Cc}/u;

function checkUserInput(
  input: Partial<NewUserInput> & Pick<UserChangesInput, 'addSites' | 'removeSites'>,
  creating: boolean,
): void {
  const problems: SyncProblem[] = [];
  if (creating || input.name !== undefined) {
    const name = input.name ?? '';
    if (name.length === 0 || name.length > NAME_MAX || !USER_NAME.test(name)) {
      problems.push({
        path: '/name',
        message: `A user name has 1 to ${NAME_MAX} letters, digits or . _ @ + - and starts with a letter or digit.`,
      });
    }
  }
  if (input.displayName !== undefined) {
    const displayName = input.displayName;
    if (
      typeof displayName !== 'string' ||
      displayName.trim() !== displayName ||
      displayName.length === 0 ||
      displayName.length > NAME_MAX ||
      CONTROL_CHARACTER.test(displayName)
    ) {
      problems.push({
        path: '/displayName',
        message: `A display name has 1 to ${NAME_MAX} characters, no line breaks, and no spaces at either end.`,
      });
    }
  }
  if (creating || input.password !== undefined) {
    const problem = passwordProblem(input.password ?? '');
    if (problem) problems.push({ path: '/password', message: problem });
  }
  if ((creating || input.role !== undefined) && !ROLES.includes(input.role as Role)) {
    problems.push({ path: '/role', message: `The role is one of ${ROLES.join(', ')}.` });
  }
  const siteLists = {
    sites: input.sites,
    addSites: input.addSites,
    removeSites: input.removeSites,
  };
  for (const [field, list] of Object.entries(siteLists)) {
    if (list === undefined && !(creating && field === 'sites')) continue;
    const sites: unknown = list ?? [];
    if (
      !Array.isArray(sites) ||
      sites.some((site) => typeof site !== 'string' || site.length === 0 || site.length > ID_MAX)
    ) {
      problems.push({
        path: `/${field}`,
        message: `Sites are a list of site ids of 1 to ${ID_MAX} characters.`,
      });
    }
  }
  if (problems.length > 0)
    throw new SyncError('bad-request', problems.map((p) => p.message).join(' '), problems);
}

export async function createUser(db: Database, input: NewUserInput): Promise<UserRecord> {
  checkUserInput(input, true);
  const user = {
    id: newId(),
    name: input.name,
    displayName: input.displayName ?? input.name,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    sites: input.sites,
    createdAt: Date.now(),
  };
  if (!(await insertUser(db, user))) {
    throw new SyncError('already-exists', `There is already a user named ${input.name}.`);
  }
  return (await getUser(db, user.id))!;
}

export async function changeUser(
  db: Database,
  id: string,
  changes: UserChangesInput,
): Promise<UserRecord> {
  checkUserInput(changes, false);
  const found = await updateUser(db, id, {
    ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
    ...(changes.role !== undefined ? { role: changes.role } : {}),
    ...(changes.sites !== undefined ? { sites: changes.sites } : {}),
    ...(changes.addSites !== undefined ? { addSites: changes.addSites } : {}),
    ...(changes.removeSites !== undefined ? { removeSites: changes.removeSites } : {}),
    ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
    ...(changes.password !== undefined
      ? { passwordHash: await hashPassword(changes.password) }
      : {}),
  });
  if (!found) throw new SyncError('not-found', `There is no user ${id}.`);
  return (await getUser(db, id))!;
}

let decoyHash: Promise<string> | undefined;

/**
 * Signs a user in on a new device and returns the device's bearer token. Unknown users
 * cost the same password check as known ones, so timing does not tell which names exist.
 */
export async function signIn(
  db: Database,
  request: { userName: string; password: string; deviceName: string },
): Promise<SignInResponse> {
  const found = await findUserForSignIn(db, request.userName);
  decoyHash ??= hashPassword('decoy password for unknown users');
  const valid = await verifyPassword(request.password, found?.passwordHash ?? (await decoyHash));
  if (!found || !valid || found.user.disabled) {
    throw new SyncError('unauthenticated', 'The user name or the password is wrong.');
  }
  const token = newToken();
  const deviceId = newId();
  await insertDevice(db, {
    id: deviceId,
    userId: found.user.id,
    name: request.deviceName,
    tokenHash: hashToken(token),
    now: Date.now(),
  });
  return { token, deviceId, user: toSyncUser(found.user) };
}
