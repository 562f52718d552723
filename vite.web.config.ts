/**
 * Builds the web edition into dist-web/: the same renderer as the desktop app, run in a
 * browser tab with the app core in the page on IndexedDB (renderer/platform/web.ts). The
 * mode 'web' tells the renderer which platform bridge to choose. The built page carries a
 * strict Content-Security-Policy and a service worker that lets it open offline.
 *
 *   npm run build:web                                  # build
 *   AUTOESCALATE_SYNC_SERVERS=https://sync.example npm run build:web
 *                                    # the page may reach only these sync servers (default:
 *                                    # any over https, and one on this computer)
 *   npx vite preview --config vite.web.config.ts       # serve on http://127.0.0.1:4178
 *   npx vite --config vite.web.config.ts               # develop (RxDB dev-mode on)
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { syncServerSources } from './electron/main/security/content-security-policy.ts';
import { contentSecurityPolicyMeta } from './electron/main/security/content-security-policy-meta.ts';
import {
  SERVICE_WORKER_FILE,
  serviceWorkerSource,
} from './renderer/platform/service-worker-source.ts';

const root = import.meta.dirname;

export const WEB_PREVIEW_PORT = 4178;

/** Files copied as they are from renderer/public (the icon). */
function publicFiles(): string[] {
  return readdirSync(resolve(root, 'renderer/public'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      resolve(entry.parentPath, entry.name)
        .slice(resolve(root, 'renderer/public').length + 1)
        .replaceAll('\\', '/'),
    );
}

/** Writes sw.js with the list of every built file, versioned by their (hashed) names. */
function offlineCache(): Plugin {
  return {
    name: 'autoescalate:offline-cache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...publicFiles()]
        .filter((file) => file !== SERVICE_WORKER_FILE && !file.endsWith('.map'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: SERVICE_WORKER_FILE,
        source: serviceWorkerSource({ version, files }),
      });
    },
  };
}

export default defineConfig({
  mode: 'web',
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [
    react(),
    // The desktop window's policy, allowing the page to reach its sync server too.
    contentSecurityPolicyMeta({
      syncServers: syncServerSources(process.env.AUTOESCALATE_SYNC_SERVERS),
    }),
    offlineCache(),
  ],
  build: {
    outDir: resolve(root, 'dist-web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1', port: WEB_PREVIEW_PORT, strictPort: true },
  server: { host: '127.0.0.1' },
});
