/**
 * The web edition's service worker, written at build time with the list of built files
 * (vite.web.config.ts): after the first visit the page opens without a network. Built
 * files (their names carry a content hash) are answered from the cache; the page itself is
 * fetched fresh when the network is there, so a new version is picked up on the next load,
 * and taken from the cache when it is not. Each build has its own cache; older ones are
 * deleted once the new worker takes over.
 */

export interface ServiceWorkerOptions {
  /** A name unique to the build, e.g. a hash of its file names. */
  version: string;
  /** The built files, relative to the page (e.g. "assets/index-3f2a.js"). */
  files: readonly string[];
}

export const SERVICE_WORKER_FILE = 'sw.js';

export function serviceWorkerSource({ version, files }: ServiceWorkerOptions): string {
  const cacheName = `autoescalate-${version}`;
  const precache = ['./', ...files.map((file) => `./${file}`)];
  return `// AutoEscalate web edition: offline cache for build ${version}.
const CACHE = ${JSON.stringify(cacheName)};
const PRECACHE = ${JSON.stringify(precache)};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('autoescalate-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put('./', copy));
          }
          return response;
        })
        .catch(() =>
          caches.match('./', { ignoreVary: true }).then((cached) => cached || Response.error()),
        ),
    );
    return;
  }
  event.respondWith(
    // Vary (e.g. on Origin, which module scripts send) must not hide a cached file.
    caches.match(request, { ignoreVary: true }).then((cached) => cached || fetch(request)),
  );
});
`;
}
