import * as fakeIndexedDb from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../shared/core/app-core';
import { liveCount } from './column-query';
import {
  QUIET_MS,
  countKey,
  rememberedLiveCount,
  storageCountMemory,
  unchangedSince,
  type CountMemory,
  type RememberedCount,
} from './remembered-count';

const dexieSettings = fakeIndexedDb as unknown as NonNullable<
  Parameters<typeof getRxStorageDexie>[0]
>;
const RUN = Math.random().toString(36).slice(2, 8);
let counter = 0;
const cores: AppCore[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** A memory kept in a Map, which says what it was asked to remember. */
function mapMemory(): CountMemory & { entries: Map<string, RememberedCount> } {
  const entries = new Map<string, RememberedCount>();
  return {
    entries,
    recall: (key) => entries.get(key),
    remember: (key, entry) => void entries.set(key, entry),
  };
}

/** Values until the observable has given `count` of them. */
function values(source: Observable<number>, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const seen: number[] = [];
    const subscription = source.subscribe({
      next: (value) => {
        seen.push(value);
        if (seen.length === count) {
          subscription.unsubscribe();
          resolve(seen);
        }
      },
      error: reject,
    });
  });
}

const storages = [
  ['memory', () => getRxStorageMemory()],
  ['Dexie (IndexedDB)', () => getRxStorageDexie(dexieSettings)],
] as const;

describe.each(storages)('a remembered count on %s', (_name, storage) => {
  async function plant(issues: number) {
    const core = await createAppCore({
      storage: storage(),
      databaseName: `count${RUN}x${++counter}`,
      actor: { userId: 'tina', role: 'supervisor', deviceId: 'd1' },
    });
    cores.push(core);
    const site = await core.commands.createLocation({ name: 'Plant A', kind: 'site' });
    const report = (title: string) =>
      core.commands.createIssue({
        title,
        type: 'breakdown',
        priority: 'High',
        severity: 3,
        locationId: site.id,
      });
    for (let i = 0; i < issues; i++) await report(`Issue ${i}`);
    const selector = { status: 'new' };
    const count = (memory: CountMemory | undefined, now?: () => number) =>
      rememberedLiveCount(
        core.db.issues,
        selector,
        () => liveCount(core.db.issues, selector),
        memory,
        now,
      );
    const key = await countKey(core.db.issues, selector);
    return { core, report, count, key };
  }

  /** A clock read as if the collection had been left alone for a while. */
  const later = () => Date.now() + 2 * QUIET_MS;

  it('counts as a live count does without a memory', async () => {
    const { count, report } = await plant(2);
    const live = count(undefined);
    expect(await firstValueFrom(live)).toBe(2);
    const three = firstValueFrom(live.pipe(filter((n) => n === 3)));
    await report('Another');
    expect(await three).toBe(3);
  });

  it('remembers a count once the collection has been quiet, and not while it is written', async () => {
    const { count, key } = await plant(3);
    const busy = mapMemory();
    expect(await firstValueFrom(count(busy))).toBe(3);
    // Written a moment ago: nothing is remembered yet.
    await Promise.resolve();
    expect(busy.entries.size).toBe(0);

    const quiet = mapMemory();
    const remembered = new Promise<RememberedCount | undefined>((resolve) => {
      quiet.remember = (rememberedKey, entry) => {
        quiet.entries.set(rememberedKey, entry);
        resolve(entry);
      };
    });
    const subscription = count(quiet, later).subscribe();
    const entry = await remembered;
    subscription.unsubscribe();
    expect(entry?.count).toBe(3);
    expect(quiet.entries.has(key)).toBe(true);
    expect(await unchangedSince(cores[0]!.db.issues, entry!.since)).toBe(true);
  });

  it('starts from the remembered count while nothing has been written since', async () => {
    const { count, key } = await plant(2);
    const memory = mapMemory();
    // A count no real counting gives, so that the test tells where it came from.
    memory.entries.set(key, { count: 41_000, since: Date.now() + 1 });
    expect(await firstValueFrom(count(memory, later))).toBe(41_000);
  });

  it('counts again when the clock was set back before the remembered moment', async () => {
    const { count, key } = await plant(2);
    const memory = mapMemory();
    memory.entries.set(key, { count: 41_000, since: Date.now() + 60_000 });
    expect(await firstValueFrom(count(memory))).toBe(2);
  });

  it('counts again when the collection was written after the count was remembered', async () => {
    const { count, key, report } = await plant(2);
    const memory = mapMemory();
    memory.entries.set(key, { count: 41_000, since: Date.now() - 1 });
    await report('Written since');
    expect(await firstValueFrom(count(memory, later))).toBe(3);
  });

  it('counts from the first change on, once it has started from the remembered count', async () => {
    const { count, key, report } = await plant(2);
    const memory = mapMemory();
    memory.entries.set(key, { count: 2, since: Date.now() + 1 });
    const live = count(memory, later);
    const seen = values(live, 2);
    await firstValueFrom(live);
    await report('Another');
    expect(await seen).toEqual([2, 3]);
  });
});

describe('counts kept in a Storage', () => {
  function fakeStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
  }

  it('gives back what it was given, under its own prefix', () => {
    const storage = fakeStorage();
    const memory = storageCountMemory(storage);
    memory.remember('k', { count: 40_123, since: 1_700_000_000_000.5 });
    expect(memory.recall('k')).toEqual({ count: 40_123, since: 1_700_000_000_000.5 });
    expect([...storage.items.keys()]).toEqual(['autoescalate:count:k']);
    expect(memory.recall('other')).toBeUndefined();
  });

  it('forgets what is not a count it could have written', () => {
    const storage = fakeStorage();
    const memory = storageCountMemory(storage);
    for (const value of ['{', '"x"', '{"count":-1,"since":1}', '{"count":1.5,"since":1}', '{}']) {
      storage.items.set('autoescalate:count:k', value);
      expect(memory.recall('k')).toBeUndefined();
    }
  });

  it('counts next time when the storage refuses to keep a count', () => {
    const memory = storageCountMemory({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => memory.remember('k', { count: 1, since: 1 })).not.toThrow();
    expect(memory.recall('k')).toBeUndefined();
  });
});
