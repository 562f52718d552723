/**
 * One sample of opening the large store, in a fresh process as at app start:
 *   node --import tsx bench/support/large-open.child.ts <directory>
 * Modules are loaded before the clock starts; prints one JSON line (milliseconds).
 */
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageDurable } from '../../electron/main/storage/durable-storage';
import type { Issue } from '../../shared/domain';
import { COLLECTIONS } from '../../shared/schemas';

export interface LargeOpenSample {
  open: number;
  firstQuery: number;
  total: number;
  otherIndexQuery: number;
  count: number;
}

async function measure(directory: string): Promise<LargeOpenSample> {
  const started = performance.now();
  const db = await createRxDatabase<{ issues: RxCollection<Issue> }>({
    name: 'large',
    storage: getRxStorageDurable({ directory }),
    multiInstance: false,
  });
  await db.addCollections({ issues: COLLECTIONS.issues });
  const opened = performance.now();
  const newest = await db.issues
    .find({ selector: { status: 'new' }, sort: [{ reportedAt: 'desc' }], limit: 50 })
    .exec();
  const answered = performance.now();
  await db.issues
    .find({ selector: { locationId: 'line-7' }, sort: [{ updatedAt: 'desc' }] })
    .exec();
  const second = performance.now();
  if (newest.length !== 50) {
    throw new Error(`expected 50 new issues, got ${newest.length}`);
  }
  const count = await db.issues.count().exec();
  await db.close();
  return {
    open: opened - started,
    firstQuery: answered - opened,
    total: answered - started,
    otherIndexQuery: second - answered,
    count,
  };
}

const directory = process.argv[2];
if (directory) {
  measure(directory).then(
    (sample) => {
      process.stdout.write(`${JSON.stringify(sample)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
