/**
 * Builds the three parts of the desktop app into out/: the main process (ESM, its
 * dependencies loaded from node_modules at run time), the preload script (one CommonJS file
 * with everything bundled, as a sandboxed preload requires) and the renderer (React).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
// The built page is loaded from file://, which has no response headers, so its CSP is a
// <meta> tag; the dev server gets its (looser) policy as a header from the main process.
import { contentSecurityPolicyMeta } from './electron/main/security/content-security-policy-meta.ts';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
