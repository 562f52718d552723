/**
 * Keeps every web contents on the app's own page: no new windows, no navigation or
 * redirect elsewhere, no <webview>. A plain https link the user follows opens in their
 * browser instead, after validation.
 */
import type { GuardedContents } from '../electron-api';
import type { Logger } from '../logger';
import { parseUrl } from '../app-location';

/** Longer URLs are no links a person clicked. */
export const EXTERNAL_URL_MAX = 2048;

/** An https URL with a host and no embedded credentials. */
export function isSafeExternalUrl(candidate: string): boolean {
  if (candidate.length > EXTERNAL_URL_MAX) return false;
  const url = parseUrl(candidate);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === ''
  );
}

export interface NavigationGuardOptions {
  isAppUrl: (url: string) => boolean;
  openExternal: (url: string) => Promise<void>;
  log: Logger;
}

export function guardWebContents(contents: GuardedContents, options: NavigationGuardOptions): void {
  const { isAppUrl, log } = options;

  function openOutside(url: string, via: string): void {
    if (!isSafeExternalUrl(url)) {
      log.warn('Blocked a link that is not a plain https URL', { via, url: url.slice(0, 200) });
      return;
    }
    options.openExternal(url).catch((error: unknown) => {
      log.warn('Could not open a link in the browser', { url, error: String(error) });
    });
  }

  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, 'window.open');
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url, 'navigation');
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn('Blocked a redirect away from the app', { url: url.slice(0, 200) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('Blocked a <webview>');
  });
}
