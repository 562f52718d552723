import * as fakeIndexedDb from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../shared/core/app-core';
import type { Location } from '../../../shared/domain';
import { columnContent, liveCountOfAny } from './column-query';

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
