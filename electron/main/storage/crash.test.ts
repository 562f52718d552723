/**
 * Kill -9 during writes: nothing acknowledged is lost, and the store opens clean.
 *
 * A child process writes as fast as it can and records each write only after its promise
 * resolved; the test kills it with SIGKILL at random moments (also while it is still opening
 * the store), then opens the store itself and checks every acknowledged write.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRASH_DATABASE_NAME, openCrashStore } from './crash-store.test-util';
import { databaseFilePath, DirectoryInUseError } from './durable-storage';
import { seededRandom, temporaryDirectory } from './durable-storage.test-util';

const CHILD = fileURLToPath(new URL('./crash-writer.child.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const KILLS = 24;

let directory: ReturnType<typeof temporaryDirectory>;
const children: ChildProcess[] = [];

beforeEach(() => {
  directory = temporaryDirectory('durable-crash-');
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  directory.remove();
});

function startChild(args: string[]): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('ready\n')) {
      onReady();
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') {
        resolve();
      } else {
        reject(new Error(`child exited by itself (${code ?? signal}): ${stderr}`));
      }
    });
  });
  return { child, ready, exited };
}

/** The complete lines of an acknowledgement file (a line cut short by the kill is ignored). */
function acknowledgedLines(path: string): string[] {
  if (!existsSync(path)) {
    return [];
  }
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop();
  return lines;
}

function integrityOf(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Ids stored in more than one row of a table (the storage keeps one row per id itself). */
/**
 * Ids with more than one row in a table. A table is created by its first write, so a child
 * killed before writing to a collection has left no table for it (and no row stored twice).
 */
function idsStoredTwice(path: string, table: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const exists = db
      .prepare<[string], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(table);
    if (exists === undefined) return [];
    return db
      .prepare<[], string>(`SELECT id FROM "${table}" GROUP BY id HAVING COUNT(*) > 1`)
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('durable storage under SIGKILL', () => {
  it('loses nothing acknowledged and opens clean after every kill', async () => {
    const random = seededRandom(Date.now());
    const present = new Set<string>();
    const deleted = new Set<string>();
    let counter = 0;
    let killedBeforeReady = 0;

    for (let run = 0; run < KILLS; run++) {
      const acknowledgements = join(directory.path, `acknowledged-${run}.txt`);
      const { child, ready, exited } = startChild([
        'write',
        directory.path,
        `r${run}`,
        acknowledgements,
      ]);
      if (run % 5 === 4) {
        // Somewhere during start-up: loading modules, opening the store, first writes.
        await new Promise((resolve) => setTimeout(resolve, 100 + random(500)));
      } else {
        await ready;
        await new Promise((resolve) => setTimeout(resolve, random(200)));
      }
      child.kill('SIGKILL');
      await exited;
      const lines = acknowledgedLines(acknowledgements);
      if (lines.length === 0) {
        killedBeforeReady += 1;
      }

      for (const line of lines) {
        const [kind, value] = line.split(' ') as [string, string];
        if (kind === 'I') {
          present.add(value);
        } else if (kind === 'd') {
          // A delete was issued: until it is acknowledged, either outcome is correct.
          present.delete(value);
        } else if (kind === 'D') {
          deleted.add(value);
        } else if (kind === 'C') {
          counter = Math.max(counter, Number(value));
        }
      }

      const db = await openCrashStore(directory.path);
      try {
        const ids = [...present];
        const found = await db.entries.storageInstance.findDocumentsById(ids, false);
        const foundIds = new Set(found.map((doc) => doc.id));
        expect(ids.filter((id) => !foundIds.has(id))).toEqual([]);
        const gone = await db.entries.storageInstance.findDocumentsById([...deleted], false);
        expect(gone).toEqual([]);
        const counterDoc = await db.counters.findOne('counter').exec();
        expect(counterDoc?.value ?? 0).toBeGreaterThanOrEqual(counter);

        // The store accepts writes again, and they last like any other.
        const probe = `probe-${run}`;
        await db.entries.insert({ id: probe, n: run, payload: 'after the crash' });
        present.add(probe);
      } finally {
        await db.close();
      }
      const file = databaseFilePath(directory.path, CRASH_DATABASE_NAME);
      expect(integrityOf(file)).toBe('ok');
      expect(idsStoredTwice(file, 'entries-v0')).toEqual([]);
      expect(idsStoredTwice(file, 'counters-v0')).toEqual([]);
    }

    // Most runs were killed mid-writing; a few may have died before the first write.
    expect(present.size).toBeGreaterThan(KILLS * 10);
    expect(killedBeforeReady).toBeLessThan(KILLS);
  }, 90_000);

  it('refuses a second process on the same directory while the first holds it', async () => {
    const { child, ready, exited } = startChild(['hold', directory.path]);
    await ready;
    await expect(openCrashStore(directory.path)).rejects.toThrow(DirectoryInUseError);
    await expect(openCrashStore(directory.path)).rejects.toThrow(/another process/);

    child.kill('SIGKILL');
    await exited;
    // The operating system released the lock with the process: no stale lock is left.
    const db = await openCrashStore(directory.path);
    await db.entries.insert({ id: 'after', n: 1, payload: 'free again' });
    await db.close();
  });
});
