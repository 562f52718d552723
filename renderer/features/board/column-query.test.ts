import * as fakeIndexedDb from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import fc from 'fast-check';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppCore, type AppCore } from '../../../shared/core/app-core';
import type { Issue, Location } from '../../../shared/domain';
import {
  columnContent,
  firstBound,
  liveCountOfAny,
  preloadBoard,
  sharedColumnContent,
} from './column-query';
import { countKey, type CountMemory, type RememberedCount } from './remembered-count';

const dexieSettings = fakeIndexedDb as unknown as NonNullable<
  Parameters<typeof getRxStorageDexie>[0]
>;
const RUN = Math.random().toString(36).slice(2, 8);
let counter = 0;
const cores: AppCore[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const storages = [
  ['memory', () => getRxStorageMemory()],
  ['Dexie (IndexedDB)', () => getRxStorageDexie(dexieSettings)],
] as const;

describe.each(storages)('a board column on %s', (_name, storage) => {
  async function plant() {
    let now = 1_000;
    const core = await createAppCore({
      storage: storage(),
      databaseName: `col${RUN}x${++counter}`,
      actor: { userId: 'tina', role: 'supervisor', deviceId: 'd1' },
      clock: { now: () => (now += 1_000) },
    });
    cores.push(core);
    const site = await core.commands.createLocation({ name: 'Plant A', kind: 'site' });
    const area = await core.commands.createLocation({
      name: 'Press',
      kind: 'area',
      parentId: site.id,
    });
    const other = await core.commands.createLocation({ name: 'Plant B', kind: 'site' });
    const report = (title: string, at: Location) =>
      core.commands.createIssue({
        title,
        type: 'breakdown',
        priority: 'High',
        severity: 3,
        locationId: at.id,
      });
    return { core, site, area, other, report };
  }

  it('shows the most recently updated issues first, with the count of them all', async () => {
    const { core, area, other, report } = await plant();
    const first = await report('First', area);
    await report('Second', other);
    await report('Third', area);
    await core.commands.updateIssue(first.id, { priority: 'Critical' });
    const content = await firstValueFrom(columnContent(core.db, 'new', undefined, 2));
    expect(content.issues.map((i) => i.title)).toEqual(['First', 'Third']);
    expect(content.total).toBe(3);
  });

  it('starts from the count remembered at the last start while the issues are unchanged', async () => {
    const { core, area, report } = await plant();
    await report('First', area);
    await report('Second', area);
    const remembered = new Map<string, RememberedCount>();
    const memory: CountMemory = {
      recall: (key) => remembered.get(key),
      remember: (key, entry) => void remembered.set(key, entry),
    };
    // A count no counting gives, remembered as if nothing had been written since.
    remembered.set(await countKey(core.db.issues, { status: 'new' }), {
      count: 41_000,
      since: Date.now() + 1,
    });
    // Read as if the issues had been left alone for a minute.
    const later = () => Date.now() + 60_000;
    const content = await firstValueFrom(
      columnContent(core.db, 'new', undefined, 10, later, memory),
    );
    expect(content.issues.map((i) => i.title)).toEqual(['Second', 'First']);
    expect(content.total).toBe(41_000);
    // Under a location filter the column counts.
    const filtered = await firstValueFrom(
      columnContent(core.db, 'new', [area.id], 10, later, memory),
    );
    expect(filtered.total).toBe(2);
  });

  it('remembers the bound of the first page, and starts from it while the issues are unchanged', async () => {
    const { core, area, report } = await plant();
    const first = await report('First', area);
    const second = await report('Second', area);
    await report('Third', area);
    const remembered = new Map<string, RememberedCount>();
    const memory: CountMemory = {
      recall: (key) => remembered.get(key),
      remember: (key, entry) => void remembered.set(key, entry),
    };
    // Read as if the issues had been left alone for a minute: quiet, so the page is remembered.
    const later = () => Date.now() + 60_000;
    // Remembered while the column is shown.
    const shown: string[][] = [];
    const showing = columnContent(core.db, 'new', undefined, 2, later, memory).subscribe(
      (content) => shown.push(content.issues.map((i) => i.title)),
    );
    await vi.waitFor(() => expect(remembered.size).toBe(2));
    showing.unsubscribe();
    expect(shown).toEqual([['Third', 'Second']]);
    const pages = [...remembered.entries()].filter(([key]) => key.includes('first-page'));
    expect(pages.map(([, entry]) => entry.count)).toEqual([second.updatedAt]);

    // The next start looks for no bound: it reads the page since the one remembered.
    const counted: unknown[] = [];
    const count = core.db.issues.count.bind(core.db.issues);
    const spy = vi.spyOn(core.db.issues, 'count').mockImplementation((query) => {
      counted.push(query?.selector);
      return count(query);
    });
    const again = await firstValueFrom(columnContent(core.db, 'new', undefined, 2, later, memory));
    expect(again.issues.map((i) => i.title)).toEqual(['Third', 'Second']);
    expect(again.total).toBe(3);
    expect(counted.filter((selector) => JSON.stringify(selector).includes('updatedAt'))).toEqual(
      [],
    );

    // An issue written after the page was remembered: the bound is looked for again.
    for (const [key, entry] of remembered) remembered.set(key, { ...entry, since: Date.now() - 1 });
    await core.commands.updateIssue(first.id, { priority: 'Critical' });
    const changed = await firstValueFrom(
      columnContent(core.db, 'new', undefined, 2, Date.now, memory),
    );
    expect(changed.issues.map((i) => i.title)).toEqual(['First', 'Third']);
    expect(counted.some((selector) => JSON.stringify(selector).includes('updatedAt'))).toBe(true);
    spy.mockRestore();
  });

  it('counts only the issues under the chosen locations', async () => {
    const { core, site, area, other, report } = await plant();
    await report('At the press', area);
    await report('Elsewhere', other);
    const content = await firstValueFrom(columnContent(core.db, 'new', [site.id, area.id], 10));
    expect(content.issues.map((i) => i.title)).toEqual(['At the press']);
    expect(content.total).toBe(1);
  });

  it('counts the issues at any of several locations, live', async () => {
    const { core, site, area, other, report } = await plant();
    await report('At the press', area);
    await report('Elsewhere', other);
    const counts = liveCountOfAny(core.db.issues, 'locationId', [site.id, area.id]);
    expect(await firstValueFrom(counts)).toBe(1);
    const two = firstValueFrom(counts.pipe(filter((n) => n === 2)));
    await report('Also at the press', area);
    expect(await two).toBe(2);
    expect(await firstValueFrom(liveCountOfAny(core.db.issues, 'locationId', []))).toBe(0);
  });

  it('follows issues moving in and out live', async () => {
    const { core, area, report } = await plant();
    const issue = await report('Jam', area);
    const inProgress = columnContent(core.db, 'in-progress', undefined, 10);
    expect((await firstValueFrom(inProgress)).total).toBe(0);
    const arrived = firstValueFrom(inProgress.pipe(filter((c) => c.total === 1)));
    await core.commands.transition(issue.id, 'start-progress');
    expect((await arrived).issues[0]?.acknowledgedAt).toBeGreaterThan(0);
  });
});

const HOUR = 60 * 60_000;
const NOW = Date.UTC(2026, 10, 2, 12);

function stored(id: number, status: string, updatedAt: number): Issue {
  return {
    id: `issue-${String(id).padStart(5, '0')}`,
    title: `Issue ${id}`,
    description: '',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId: 'line-3',
    workflowId: 'default',
    status,
    reporter: 'tina',
    reportedAt: updatedAt,
    customFields: {},
    version: 1,
    updatedAt,
    updatedBy: 'tina',
    updatedOnDevice: 'd1',
  };
}

/** The column's newest issues, found the slow way: all of them sorted. */
function newest(issues: readonly Issue[], status: string, limit: number): string[] {
  return issues
    .filter((issue) => issue.status === status)
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((issue) => issue.id);
}

describe('a board column over many issues', () => {
  async function core() {
    const opened = await createAppCore({
      storage: getRxStorageMemory(),
      databaseName: `many${RUN}x${++counter}`,
      actor: { userId: 'tina', role: 'supervisor', deviceId: 'd1' },
      clock: { now: () => NOW },
    });
    cores.push(opened);
    return opened;
  }

  it('shows exactly the newest issues, however their times are spread or bunched', async () => {
    const opened = await core();
    const { issues } = opened.db;
    // Times: spread over years, bunched within seconds (a burst of escalations), or equal.
    const time = fc.oneof(
      fc.integer({ min: NOW - 3 * 365 * 24 * HOUR, max: NOW }),
      fc.integer({ min: NOW - 5 * 60_000, max: NOW - 4 * 60_000 }),
      fc.constant(NOW - 2 * HOUR),
    );
    const status = fc.constantFrom('new', 'in-progress', 'closed');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(status, time), { maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        async (drawn, limit) => {
          const all = drawn.map(([s, t], i) => stored(i, s, t));
          await issues.bulkInsert(all);
          try {
            for (const column of ['new', 'closed']) {
              const content = await firstValueFrom(
                columnContent(opened.db, column, undefined, limit, () => NOW),
              );
              expect(content.issues.map((issue) => issue.id)).toEqual(newest(all, column, limit));
              expect(content.total).toBe(all.filter((i) => i.status === column).length);
            }
          } finally {
            await issues.bulkRemove(all.map((issue) => issue.id));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('narrows a bound that holds far more issues than are shown', async () => {
    const opened = await core();
    // 400 issues updated within one second an hour and a half ago, and 5 older ones.
    const burst = Array.from({ length: 400 }, (_, i) =>
      stored(i, 'new', NOW - 90 * 60_000 + (i % 1_000)),
    );
    const older = Array.from({ length: 5 }, (_, i) => stored(500 + i, 'new', NOW - 9 * HOUR));
    await opened.db.issues.bulkInsert([...burst, ...older]);
    const since = await firstBound(opened.db.issues, 'new', 50, NOW);
    expect(since).toBeDefined();
    const holding = burst.filter((issue) => issue.updatedAt >= (since ?? 0)).length;
    expect(holding).toBeGreaterThanOrEqual(50);
    expect(holding).toBeLessThanOrEqual(4 * 50);
    // Fewer issues than shown: the whole column, no bound.
    expect(await firstBound(opened.db.issues, 'new', 500, NOW)).toBeUndefined();
  });

  it('looks further back when moves leave the newest cards short', async () => {
    const opened = await core();
    // Three issues in the last hour, many more a week ago.
    const recent = Array.from({ length: 3 }, (_, i) => stored(i, 'new', NOW - 10 * 60_000 + i));
    const week = Array.from({ length: 20 }, (_, i) =>
      stored(100 + i, 'new', NOW - 7 * 24 * HOUR + i),
    );
    await opened.db.issues.bulkInsert([...recent, ...week]);
    const column = columnContent(opened.db, 'new', undefined, 3, () => NOW);
    expect((await firstValueFrom(column)).issues.map((i) => i.id)).toEqual(
      newest([...recent, ...week], 'new', 3),
    );
    const refilled = firstValueFrom(
      column.pipe(filter((content) => content.issues.every((i) => i.id >= 'issue-00100'))),
    );
    const subscription = column.subscribe();
    for (const issue of recent) {
      await opened.commands.transition(issue.id, 'start-progress');
    }
    const after = await refilled;
    subscription.unsubscribe();
    expect(after.issues.map((i) => i.id)).toEqual(newest(week, 'new', 3));
    expect(after.total).toBe(20);
  });
});

describe('the board preloaded', () => {
  it('hands the columns the queries it started', async () => {
    const opened = await createAppCore({
      storage: getRxStorageMemory(),
      databaseName: `pre${RUN}x${++counter}`,
      actor: { userId: 'tina', role: 'supervisor', deviceId: 'd1' },
      clock: { now: () => NOW },
    });
    cores.push(opened);
    await opened.db.issues.bulkInsert([stored(1, 'new', NOW - HOUR), stored(2, 'closed', NOW)]);
    preloadBoard(opened.db, ['new', 'closed']);
    const column = sharedColumnContent(opened.db, 'new', undefined, 50);
    await firstValueFrom(column);
    // Taken over: the value is there as soon as the column subscribes.
    let seen: string[] | undefined;
    column.subscribe((content) => (seen = content.issues.map((i) => i.id))).unsubscribe();
    expect(seen).toEqual(['issue-00001']);
    expect(sharedColumnContent(opened.db, 'new', undefined, 50)).toBe(column);
    expect(sharedColumnContent(opened.db, 'new', ['line-3'], 50)).not.toBe(column);
  });
});
