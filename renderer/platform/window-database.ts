/**
 * Opens an Electron window's RxDatabase once the core is ready, on the storage served by the
 * main process over IPC. Schemas are not validated here: the main process validates every
 * write at the IPC boundary, and the page's CSP forbids the code generation the validator
 * would need.
 */
import type { RxStorage } from 'rxdb';
import { openAppDatabase, type AppDatabase } from '../../shared/core/database';
import type { CoreInfo } from '../../shared/ipc/contract';

export async function openWindowDatabase(
  // RxDB's own signatures use `any` for a storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>,
  whenReady: () => Promise<CoreInfo>,
): Promise<AppDatabase> {
  const info = await whenReady();
  return openAppDatabase({ storage, name: info.databaseName, validateSchemas: false });
}
