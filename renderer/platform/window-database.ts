/**
 * Opens the window's RxDatabase once the core is ready, on the bridge's storage. Schemas
 * are not validated here: the main process validates every write at the IPC boundary, and
 * the page's CSP forbids the code generation the validator would need.
 */
import { openAppDatabase, type AppDatabase } from '../../shared/core/database';
import type { PlatformBridge } from '../platform/bridge';

export async function openWindowDatabase(bridge: PlatformBridge): Promise<AppDatabase> {
  const info = await bridge.whenReady();
  return openAppDatabase({
    storage: bridge.storage,
    name: info.databaseName,
    validateSchemas: false,
  });
}
