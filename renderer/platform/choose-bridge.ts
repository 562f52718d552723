/**
 * Picks the platform bridge at start-up. In an Electron window the preload script has
 * exposed the desktop API; the web edition's in-page core will be chosen here too.
 */
import { DESKTOP_API_KEY, type DesktopApi } from '../../shared/ipc/contract';
import type { PlatformBridge } from './bridge';
import { createElectronBridge } from './electron';

function isDesktopApi(value: unknown): value is DesktopApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Partial<Record<keyof DesktopApi, unknown>>;
  return (
    typeof api.commands === 'object' &&
    typeof api.coreStatus === 'function' &&
    typeof api.on === 'function' &&
    typeof api.rxdbChannel === 'object'
  );
}

/** The bridge for the platform the page runs on, or undefined when there is none. */
export function choosePlatformBridge(page: object): PlatformBridge | undefined {
  const desktop: unknown = (page as Record<string, unknown>)[DESKTOP_API_KEY];
  return isDesktopApi(desktop) ? createElectronBridge(desktop) : undefined;
}
