/**
 * One owner per storage directory. Two writers on the same files would each answer queries
 * from their own memory and overwrite each other on disk, so the second one is refused.
 *
 * The lock is an exclusive SQLite transaction held open on a small lock file: the operating
 * system releases it when the process dies (even by SIGKILL), so a crash never leaves a
 * stale lock behind. Inside one process a set of held directories gives the same answer
 * without relying on the file lock.
 */
import Database from 'better-sqlite3';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'storage.lock';

const heldInThisProcess = new Set<string>();

export class DirectoryInUseError extends Error {
  constructor(
    readonly directory: string,
    holder: 'this process' | 'another process',
  ) {
    super(
      `The storage directory ${directory} is already in use by ${holder}. ` +
        'Only one durable storage may open a directory at a time: close the other one first.',
    );
    this.name = 'DirectoryInUseError';
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export class DirectoryLock {
  private released = false;

  private constructor(
    readonly directory: string,
    private readonly db: Database.Database,
  ) {}

  /** Takes the directory (created when missing) or throws {@link DirectoryInUseError}. */
  static acquire(directory: string): DirectoryLock {
    mkdirSync(directory, { recursive: true });
    const key = realpathSync(directory);
    if (heldInThisProcess.has(key)) {
      throw new DirectoryInUseError(directory, 'this process');
    }
    const db = new Database(join(key, LOCK_FILE_NAME), { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if (isBusy(error)) {
        throw new DirectoryInUseError(directory, 'another process');
      }
      throw error;
    }
    heldInThisProcess.add(key);
    return new DirectoryLock(key, db);
  }

  release(): void {
    if (this.released) {
      return;
    }
    this.released = true;
    heldInThisProcess.delete(this.directory);
    this.db.close();
  }
}
