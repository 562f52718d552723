/**
 * SQL for the people side: users with a role and their sites, the devices they signed in
 * from, and the bearer tokens of those devices (stored as SHA-256 hashes only). Every write
 * to a user stamps it from the server clock and announces the people feed (people.ts), so
 * devices learn of new, renamed and disabled users as they learn of other changes.
 */
import type { Role } from '../../shared/domain';
import { CHANGES_CHANNEL, encodeChangeNotice } from '../replication/change-notice';
import { StampClock } from './documents';
import type { Database, SqlExecutor, Transaction } from './database';

/**
 * Notified by every change that can end or alter a session (a token or device revoked, a
 * user's role, sites or access changed), once it commits, so that whoever keeps sessions in
 * memory forgets them. A change of what a user may see carries a {@link ScopeChange}.
 */
export const ACCOUNTS_CHANNEL = 'account_changes';

/** The payload of an account change that gave a user a new scope version. */
export interface ScopeChange {
  userId: string;
  scopeVersion: number;
}

export function encodeScopeChange(change: ScopeChange): string {
  return JSON.stringify(change);
}

/** The scope change an account notice carries; undefined for other account changes. */
export function decodeScopeChange(payload: string): ScopeChange | undefined {
  if (payload === '') return undefined;
  try {
    const value = JSON.parse(payload) as Partial<ScopeChange>;
    if (typeof value.userId === 'string' && Number.isSafeInteger(value.scopeVersion)) {
      return { userId: value.userId, scopeVersion: value.scopeVersion! };
    }
  } catch {
    // not a scope change
  }
  return undefined;
}

function accountsChanged(tx: Transaction, scopeChange?: ScopeChange): Promise<void> {
  return tx.notify(ACCOUNTS_CHANNEL, scopeChange ? encodeScopeChange(scopeChange) : '');
}

export interface UserRecord {
  id: string;
  name: string;
  /** The name people know the user by; `name` is the one they sign in with. */
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  /** Site ids, sorted. */
  sites: string[];
  /**
   * Raised whenever the role or the sites change, in the same transaction: pull checkpoints
   * carry the version they were issued under (see replication/replication-routes.ts).
   */
  scopeVersion: number;
}

export interface NewUserRecord {
  id: string;
  name: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  sites: readonly string[];
  createdAt: number;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  /** The user's sites from now on; `addSites` and `removeSites` change them instead. */
  sites?: readonly string[];
  addSites?: readonly string[];
  removeSites?: readonly string[];
  passwordHash?: string;
  disabled?: boolean;
}

export interface DeviceRecord {
  id: string;
  userId: string;
  name: string;
  createdAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
}

/** What a valid bearer token stands for. */
export interface Session {
  tokenHash: string;
  deviceId: string;
  user: UserRecord;
}

interface UserRow {
  id: string;
  name: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: number;
  sites: string[] | null;
  scope_version: number;
}

const USER_COLUMNS = `u.id, u.name, u.display_name, u.role, u.disabled, u.created_at,
  u.scope_version,
  array(SELECT s.site_id FROM user_sites s WHERE s.user_id = u.id ORDER BY s.site_id) AS sites`;
const USER_SELECT = `SELECT ${USER_COLUMNS} FROM users u`;

function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at,
    sites: row.sites ?? [],
    scopeVersion: row.scope_version,
  };
}

export async function countUsers(db: SqlExecutor): Promise<number> {
  const [row] = await db.query<{ count: number }>('SELECT count(*) AS count FROM users');
  return row?.count ?? 0;
}

/** Stores a user; returns false (and stores nothing) when the name is taken. */
export async function insertUser(db: Database, user: NewUserRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM users WHERE lower(name) = lower($1)', [user.name]);
    if (taken.length > 0) return false;
    await tx.query(
      `INSERT INTO users (id, name, display_name, password_hash, role, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [user.id, user.name, user.displayName, user.passwordHash, user.role, user.createdAt],
    );
    for (const site of new Set(user.sites)) {
      await tx.query('INSERT INTO user_sites (user_id, site_id) VALUES ($1, $2)', [user.id, site]);
    }
    await stampPerson(tx, user.id);
    return true;
  });
}

export async function getUser(db: SqlExecutor, id: string): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return row && userFromRow(row);
}

/** The user with this name (case-insensitive) and their password hash. */
export async function findUserForSignIn(
  db: SqlExecutor,
  name: string,
): Promise<{ user: UserRecord; passwordHash: string } | undefined> {
  const [row] = await db.query<UserRow & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE lower(u.name) = lower($1)`,
    [name],
  );
  return row && { user: userFromRow(row), passwordHash: row.password_hash };
}

export async function listUsers(db: SqlExecutor): Promise<UserRecord[]> {
  const rows = await db.query<UserRow>(`${USER_SELECT} ORDER BY lower(u.name)`);
  return rows.map(userFromRow);
}

/**
 * Applies the changes; returns false when there is no such user. A change of the role or of
 * the sites raises the user's scope version in the same transaction.
 */
export async function updateUser(db: Database, id: string, changes: UserChanges): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [found] = await tx.query<{ role: Role; sites: string[] | null }>(
      `SELECT u.role, array(SELECT s.site_id FROM user_sites s WHERE s.user_id = u.id) AS sites
         FROM users u WHERE u.id = $1 FOR UPDATE`,
      [id],
    );
    if (!found) return false;
    const sitesBefore = new Set(found.sites ?? []);
    const sitesAfter = new Set(changes.sites ?? sitesBefore);
    for (const site of changes.addSites ?? []) sitesAfter.add(site);
    for (const site of changes.removeSites ?? []) sitesAfter.delete(site);
    const sitesChanged =
      sitesAfter.size !== sitesBefore.size || [...sitesAfter].some((s) => !sitesBefore.has(s));
    const roleChanged = changes.role !== undefined && changes.role !== found.role;
    if (changes.displayName !== undefined) {
      await tx.query('UPDATE users SET display_name = $2 WHERE id = $1', [id, changes.displayName]);
    }
    if (changes.role !== undefined) {
      await tx.query('UPDATE users SET role = $2 WHERE id = $1', [id, changes.role]);
    }
    if (changes.passwordHash !== undefined) {
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
        id,
        changes.passwordHash,
      ]);
    }
    if (changes.disabled !== undefined) {
      await tx.query('UPDATE users SET disabled = $2 WHERE id = $1', [id, changes.disabled]);
    }
    let scopeChange: ScopeChange | undefined;
    if (sitesChanged) {
      await tx.query('DELETE FROM user_sites WHERE user_id = $1', [id]);
      for (const site of sitesAfter) {
        await tx.query('INSERT INTO user_sites (user_id, site_id) VALUES ($1, $2)', [id, site]);
      }
    }
    if (sitesChanged || roleChanged) {
      const [raised] = await tx.query<{ scope_version: number }>(
        'UPDATE users SET scope_version = scope_version + 1 WHERE id = $1 RETURNING scope_version',
        [id],
      );
      scopeChange = { userId: id, scopeVersion: raised!.scope_version };
    }
    await accountsChanged(tx, scopeChange);
    await stampPerson(tx, id);
    return true;
  });
}

/**
 * Moves a user to the end of the people feed with a fresh server stamp and tells the
 * streams, on commit. A password change stamps too: devices then pull an unchanged person,
 * which costs little and keeps the rule simple.
 */
async function stampPerson(tx: Transaction, id: string): Promise<void> {
  const clock = await StampClock.lock(tx);
  const stamp = clock.next();
  await clock.save();
  await tx.query('UPDATE users SET people_stamp = $2 WHERE id = $1', [id, stamp]);
  await tx.notify(CHANGES_CHANNEL, encodeChangeNotice({ collection: 'people', lastStamp: stamp }));
}

/** Registers a device with its first token. */
export async function insertDevice(
  db: Database,
  device: { id: string; userId: string; name: string; tokenHash: string; now: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO devices (id, user_id, name, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
      [device.id, device.userId, device.name, device.now],
    );
    await tx.query(`INSERT INTO tokens (token_hash, device_id, created_at) VALUES ($1, $2, $3)`, [
      device.tokenHash,
      device.id,
      device.now,
    ]);
  });
}

/** The session of a token that is valid: not revoked, its device not revoked, its user enabled. */
export async function findSession(
  db: SqlExecutor,
  tokenHash: string,
): Promise<Session | undefined> {
  const [row] = await db.query<UserRow & { device_id: string }>(
    `SELECT ${USER_COLUMNS}, d.id AS device_id
       FROM tokens t
       JOIN devices d ON d.id = t.device_id
       JOIN users u ON u.id = d.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND d.revoked_at IS NULL
        AND NOT u.disabled`,
    [tokenHash],
  );
  return row && { tokenHash, deviceId: row.device_id, user: userFromRow(row) };
}

/** Which of the given token hashes still open a session (as {@link findSession} would). */
export async function findValidTokens(
  db: SqlExecutor,
  tokenHashes: readonly string[],
): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db.query<{ token_hash: string }>(
    `SELECT t.token_hash
       FROM tokens t
       JOIN devices d ON d.id = t.device_id
       JOIN users u ON u.id = d.user_id
      WHERE t.token_hash = ANY($1::text[]) AND t.revoked_at IS NULL AND d.revoked_at IS NULL
        AND NOT u.disabled`,
    [[...tokenHashes]],
  );
  return new Set(rows.map((row) => row.token_hash));
}

export async function revokeToken(db: Database, tokenHash: string, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash, now],
    );
    await accountsChanged(tx);
  });
}

/** Revokes the device and every token it holds; returns false when there is no such device. */
export async function revokeDevice(db: Database, deviceId: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING id',
      [deviceId, now],
    );
    if (rows.length === 0) return false;
    await tx.query(
      'UPDATE tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL',
      [deviceId, now],
    );
    await accountsChanged(tx);
    return true;
  });
}

interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

export async function listDevices(db: SqlExecutor, userId?: string): Promise<DeviceRecord[]> {
  const rows = await db.query<DeviceRow>(
    userId === undefined
      ? 'SELECT * FROM devices ORDER BY created_at, id'
      : 'SELECT * FROM devices WHERE user_id = $1 ORDER BY created_at, id',
    userId === undefined ? [] : [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
  }));
}

export async function touchDevice(db: SqlExecutor, deviceId: string, now: number): Promise<void> {
  await db.query('UPDATE devices SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1', [
    deviceId,
    now,
  ]);
}
