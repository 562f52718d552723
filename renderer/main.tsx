/** The renderer's entry: chooses the platform bridge once, then renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { choosePlatformBridge } from './platform/choose-bridge';
import { registerOfflineCache } from './platform/offline-cache';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

// The web edition is built in mode 'web' (vite.web.config.ts); the desktop build is not.
const edition = import.meta.env.MODE === 'web' ? 'web' : 'desktop';
const bridge = choosePlatformBridge(globalThis, edition);
if (edition === 'web' && import.meta.env.PROD) registerOfflineCache();

createRoot(container).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
);
