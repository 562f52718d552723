/**
 * The signed-in session on disk, in the user-data folder: server, user and device in the
 * clear, the bearer token only as the operating system's keychain encrypted it
 * (safeStorage). Without a keychain the token is never written: it lives in memory until
 * the app quits. The last server, user and device names stay after signing out, to prefill
 * the sign-in form.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isKeptText,
  readKeptSession,
  viewOfKeptSession,
  type KeptSession,
} from '../../../shared/core/sync/kept-session';
import type { SyncSession } from '../../../shared/core/sync/sign-in';
import type {
  SessionKeeper,
  SyncSessionInfo,
  SyncSessionView,
} from '../../../shared/core/sync/device-sync';
import type { SafeStorageApi } from '../electron-api';
import { describeError, type Logger } from '../logger';

export const SYNC_SESSION_FILE = 'sync-session.json';

/** The token as the keychain encrypted it (base64); absent without a keychain. */
type SessionFile = KeptSession<{ encryptedToken?: string }>;

export interface LoadedSession {
  /** The session with its token, when one is kept and could be decrypted. */
  session: SyncSession | undefined;
  view: SyncSessionView;
}

function readFile(file: string): SessionFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { version: 1 };
  }
  return readKeptSession(value, ({ encryptedToken }) =>
    isKeptText(encryptedToken) ? { encryptedToken } : {},
  );
}

export class SyncSessionStore implements SessionKeeper {
  private readonly file: string;
  /** The token of a session whose token could not be kept on disk. */
  private memoryToken: string | undefined;

  constructor(
    private readonly directory: string,
    private readonly safeStorage: SafeStorageApi,
    private readonly log: Logger,
  ) {
    this.file = join(directory, SYNC_SESSION_FILE);
  }

  load(): LoadedSession {
    const stored = readFile(this.file);
    let session: SyncSession | undefined;
    let info: SyncSessionInfo | null = null;
    if (stored.session) {
      const { serverUrl, deviceName, deviceId, user, encryptedToken } = stored.session;
      const token = encryptedToken === undefined ? this.memoryToken : this.decrypt(encryptedToken);
      if (token !== undefined) {
        session = { serverUrl, deviceId, user, token };
        info = { serverUrl, deviceName, user, tokenKept: encryptedToken !== undefined };
      }
    }
    return { session, view: viewOfKeptSession(stored, info) };
  }

  /** Keeps a new session; returns what the windows may know of it. */
  save(session: SyncSession, names: { userName: string; deviceName: string }): SyncSessionInfo {
    const encryptedToken = this.encrypt(session.token);
    this.memoryToken = encryptedToken === undefined ? session.token : undefined;
    this.write({
      version: 1,
      last: { serverUrl: session.serverUrl, ...names },
      session: {
        serverUrl: session.serverUrl,
        deviceName: names.deviceName,
        deviceId: session.deviceId,
        user: session.user,
        ...(encryptedToken !== undefined && { encryptedToken }),
      },
    });
    return {
      serverUrl: session.serverUrl,
      deviceName: names.deviceName,
      user: session.user,
      tokenKept: encryptedToken !== undefined,
    };
  }

  /** Forgets the session and its token; the names stay for the next sign-in. */
  forget(): void {
    this.memoryToken = undefined;
    const stored = readFile(this.file);
    this.write({ version: 1, ...(stored.last && { last: stored.last }) });
  }

  private encrypt(token: string): string | undefined {
    try {
      if (!this.safeStorage.isEncryptionAvailable()) {
        this.log.warn('No keychain is available: the sync token is kept in memory only');
        return undefined;
      }
      return this.safeStorage.encryptString(token).toString('base64');
    } catch (error) {
      this.log.warn('The sync token could not be encrypted; it is kept in memory only', {
        ...describeError(error),
      });
      return undefined;
    }
  }

  private decrypt(encrypted: string): string | undefined {
    try {
      if (!this.safeStorage.isEncryptionAvailable()) return undefined;
      return this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    } catch (error) {
      this.log.warn('The kept sync token could not be decrypted; sign in again', {
        ...describeError(error),
      });
      return undefined;
    }
  }

  private write(contents: SessionFile): void {
    mkdirSync(this.directory, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
