import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../database';
import { localRefusalStore, type StoredRefusal } from './refusal-store';

function refusal(documentId: string, base: StoredRefusal['base'] = null): StoredRefusal {
  return {
    collection: 'issues',
    documentId,
    message: 'An issue was not accepted by the server.',
    at: 1_700_000_000_000,
    base,
    mine: { id: documentId, title: 'Oil on the floor', _deleted: false },
  };
}

describe('the refusals kept on a device', () => {
  const storage = getRxStorageMemory();
  const opened: AppDatabase[] = [];
  let count = 0;

  async function open(name: string): Promise<AppDatabase> {
    const db = await openAppDatabase({ storage, name, localDocuments: true });
    opened.push(db);
    return db;
  }

  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });

  it('outlive the database being closed, each user of each server apart', async () => {
    const name = `refusals${process.pid}x${count++}`;
    const first = await open(name);
    const tina = localRefusalStore(first, 'https://sync.plant-a.example', 'tina');
    const omar = localRefusalStore(first, 'https://sync.plant-a.example', 'omar');
    expect(await tina.load()).toEqual([]);
    const kept = [refusal('i-1'), refusal('i-2', { id: 'i-2', title: 'Leak', _deleted: false })];
    await tina.save(kept);
    await omar.save([refusal('i-3')]);
    await first.close();
    opened.splice(0);

    const second = await open(name);
    expect(await localRefusalStore(second, 'https://sync.plant-a.example', 'tina').load()).toEqual(
      kept,
    );
    expect(await localRefusalStore(second, 'https://sync.plant-a.example', 'omar').load()).toEqual([
      refusal('i-3'),
    ]);
    expect(await localRefusalStore(second, 'https://sync.plant-b.example', 'tina').load()).toEqual(
      [],
    );
  });

  it('forget a user’s refusals once none is left, and take saves in the order given', async () => {
    const db = await open(`refusals${process.pid}x${count++}`);
    const store = localRefusalStore(db, 'https://sync.plant-a.example', 'tina');
    // Not awaited one by one: the last save stands.
    void store.save([refusal('i-1')]);
    void store.save([refusal('i-1'), refusal('i-2')]);
    await store.save([refusal('i-2')]);
    expect(await store.load()).toEqual([refusal('i-2')]);
    await store.save([]);
    expect(await store.load()).toEqual([]);
    const doc = await db.getLocal<{ byAccount: Record<string, unknown> }>('sync-refused-changes');
    expect(doc?.toJSON().data.byAccount).toEqual({});
  });
});
