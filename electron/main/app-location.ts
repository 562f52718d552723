/**
 * Where the window's page comes from: the built renderer on disk, or, while developing, the
 * Vite dev server. Also decides whether a URL belongs to the app, which the navigation guard
 * and the IPC sender check rely on.
 */
import { pathToFileURL } from 'node:url';

export type AppLocation =
  | { kind: 'file'; indexPath: string; url: string }
  | { kind: 'dev-server'; url: string; origin: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server is used only when the app is not packaged and the URL is a loopback
 * http(s) address; anything else falls back to the built page.
 */
export function resolveAppLocation(options: {
  indexPath: string;
  devServerUrl?: string | undefined;
  isPackaged: boolean;
}): AppLocation {
  if (!options.isPackaged && options.devServerUrl) {
    const url = parseUrl(options.devServerUrl);
    if (
      url &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOOPBACK_HOSTS.has(url.hostname)
    ) {
      return { kind: 'dev-server', url: url.href, origin: url.origin };
    }
  }
  return { kind: 'file', indexPath: options.indexPath, url: pathToFileURL(options.indexPath).href };
}

/** True for the app's own page: the same file (any hash or query), or the dev server's origin. */
export function isAppUrl(location: AppLocation, candidate: string): boolean {
  const url = parseUrl(candidate);
  if (!url) return false;
  if (location.kind === 'dev-server') return url.origin === location.origin;
  const index = new URL(location.url);
  return url.protocol === 'file:' && url.host === index.host && url.pathname === index.pathname;
}

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
