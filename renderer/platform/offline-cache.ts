/**
 * Registers the web edition's service worker (see service-worker-source.ts) so that the next
 * visit works without a network. Registering makes the browser fetch and install the worker,
 * which then fetches every built file: work the first screen does not need, so it waits until
 * `after` resolves (the first screen shown). Browsers allow service workers only in secure
 * contexts (https, localhost); elsewhere the page works online only.
 */
import { SERVICE_WORKER_FILE } from './service-worker-source';

/** The part of the page's ServiceWorkerContainer used here. */
export interface ServiceWorkers {
  register(url: string): Promise<unknown>;
}

export function registerOfflineCache(
  after: Promise<void>,
  page: { serviceWorker?: ServiceWorkers; secure: boolean } = {
    ...('serviceWorker' in navigator && { serviceWorker: navigator.serviceWorker }),
    secure: globalThis.isSecureContext,
  },
): Promise<void> {
  const workers = page.serviceWorker;
  if (!workers || !page.secure) return Promise.resolve();
  return after
    .then(() => workers.register(`./${SERVICE_WORKER_FILE}`))
    .then(
      () => undefined,
      (error: unknown) => console.warn('The offline cache could not be set up:', error),
    );
}
