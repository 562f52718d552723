/**
 * The UI benchmark's seed page, served from the web edition's origin so that it writes the
 * very IndexedDB database the app opens: it opens the app core as the web edition does,
 * writes the workload with bulkInsert, lets the core's escalation scheduler fire what the
 * backlog has made due (so the app opens on a settled database, not on a first run's storm
 * of escalations), names the person using the browser (first run) and closes.
 * `globalThis.uiBenchSeed(count, now)` resolves with how long each step took.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createAppCore } from '../../../shared/core/app-core';
import { benchWorkload } from './workload';

export interface SeedReport {
  issues: number;
  openIssues: number;
  escalations: number;
  generateMs: number;
  openMs: number;
  insertMs: number;
  escalateMs: number;
}

interface SeedGlobals {
  localStorage: { setItem(key: string, value: string): void };
  uiBenchSeed?: (count: number, now: number) => Promise<SeedReport>;
}

const page = globalThis as unknown as SeedGlobals;

page.uiBenchSeed = async (count, now) => {
  let started = performance.now();
  const workload = benchWorkload(count, now);
  const generateMs = performance.now() - started;

  started = performance.now();
  const core = await createAppCore({
    storage: getRxStorageDexie(),
    actor: { userId: 'bench', role: 'supervisor', deviceId: 'bench-device' },
    validateSchemas: false,
    multiInstance: true,
  });
  const openMs = performance.now() - started;
  try {
    started = performance.now();
    for (const [name, written] of [
      ['locations', await core.db.locations.bulkInsert(workload.locations)],
      ['issues', await core.db.issues.bulkInsert(workload.issues)],
    ] as const) {
      if (written.error.length > 0) {
        throw new Error(
          `${written.error.length} ${name} were refused: ${written.error[0]?.status}`,
        );
      }
    }
    const insertMs = performance.now() - started;
    started = performance.now();
    await core.escalation.start();
    await core.escalation.whenIdle();
    await core.escalation.stop();
    const escalateMs = performance.now() - started;
    // The first-run answer the web edition would otherwise ask for.
    page.localStorage.setItem('autoescalate.deviceId', 'bench-device');
    page.localStorage.setItem(
      'autoescalate.profile',
      JSON.stringify({ userId: 'bench', role: 'supervisor' }),
    );
    return {
      issues: workload.issues.length,
      openIssues: workload.issues.filter((i) => i.status === 'new' || i.status === 'in-progress')
        .length,
      escalations: await core.db.escalations.count().exec(),
      generateMs,
      openMs,
      insertMs,
      escalateMs,
    };
  } finally {
    await core.close();
  }
};
