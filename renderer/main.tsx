/** The renderer's entry: chooses the platform bridge once, then renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { afterFirstScreen } from './app/first-screen';
import { choosePlatformBridge } from './platform/choose-bridge';
import { registerOfflineCache } from './platform/offline-cache';

/** The latest the offline cache waits for the first screen (say, on a first run's question). */
const OFFLINE_CACHE_LATEST_MS = 10_000;

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

// The web edition is built in mode 'web' (vite.web.config.ts); the desktop build is not.
const edition = import.meta.env.MODE === 'web' ? 'web' : 'desktop';
const bridge = choosePlatformBridge(globalThis, edition);
// The offline cache installs once the first screen is shown, not while the database opens.
if (edition === 'web' && import.meta.env.PROD) {
  void registerOfflineCache(afterFirstScreen(OFFLINE_CACHE_LATEST_MS));
}

createRoot(container).render(
  <StrictMode>
    <App bridge={bridge} />
  </StrictMode>,
);
