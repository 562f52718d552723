/**
 * What the web edition's core runs on: RxDB on IndexedDB (Dexie), shared by every tab of the
 * page (multiInstance), its queries read with one request where they can (read-at-once.ts),
 * with every write of the app's documents checked against the JSON schemas by z-schema,
 * loaded with the first write (lazy-validation.ts). RxDB's dev-mode
 * checks join in the development server only; production builds never load them.
 */
import { addRxPlugin, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createAppCore, type AppCore } from '../../shared/core/app-core';
import { lazilyValidatedStorage } from './lazy-validation';
import { readingAtOnce } from './read-at-once';
import type { StartCoreOptions } from './web';

// RxDB's own signatures use `any` for a storage's internals and options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function webStorage(): RxStorage<any, any> {
  return lazilyValidatedStorage(readingAtOnce(getRxStorageDexie()));
}

/**
 * A random id. `crypto.randomUUID` exists only in secure contexts (https, localhost); a page
 * served over plain http on a plant network still has `crypto.getRandomValues`.
 */
export function browserId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let devModeAdded = false;

async function addDevModeWhileDeveloping(): Promise<void> {
  // Vite replaces import.meta.env.DEV by false in builds, so this import is dropped there.
  if (!import.meta.env.DEV || devModeAdded) return;
  const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
  devModeAdded = true;
}

// The tabs of one browser elect a leader to run the escalation scheduler.
addRxPlugin(RxDBLeaderElectionPlugin);

export async function startWebCore(options: StartCoreOptions): Promise<AppCore> {
  await addDevModeWhileDeveloping();
  const open = () =>
    createAppCore({
      storage: options.storage,
      actor: options.actor,
      newId: browserId,
      validateSchemas: false,
      multiInstance: true,
      // The scheduler shares the page's main thread with the UI: small slices.
      escalation: { loadSlice: 1_000, evaluationSlice: 1_000 },
      ...(options.databaseName !== undefined && { databaseName: options.databaseName }),
      ...(options.sync !== undefined && {
        sync: { platform: options.sync },
      }),
    });
  try {
    return await open();
  } catch (error) {
    // Two tabs opening at the same moment may both seed the default workflow; the one that
    // lost that race finds the seed in place on a second try.
    if (isConflict(error)) return open();
    throw error;
  }
}

function isConflict(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'CONFLICT'
  );
}
