/**
 * Registers the web edition's service worker (see service-worker-source.ts) once the page
 * has loaded, so that the next visit works without a network. Browsers allow service
 * workers only in secure contexts (https, localhost); elsewhere the page works online only.
 */
import { SERVICE_WORKER_FILE } from './service-worker-source';

export function registerOfflineCache(): void {
  if (!('serviceWorker' in navigator) || !globalThis.isSecureContext) return;
  globalThis.addEventListener('load', () => {
    navigator.serviceWorker.register(`./${SERVICE_WORKER_FILE}`).catch((error: unknown) => {
      console.warn('The offline cache could not be set up:', error);
    });
  });
}
