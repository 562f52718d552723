/** The renderer's entry: chooses the platform bridge once, then renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { openWindowDatabase } from './app/window-database';
import { choosePlatformBridge } from './platform/choose-bridge';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

const bridge = choosePlatformBridge(globalThis);
const database = bridge
  ? openWindowDatabase(bridge)
  : Promise.reject(
      new Error('This page runs inside the AutoEscalate desktop app; open it from there.'),
    );

createRoot(container).render(
  <StrictMode>
    <App database={database} />
  </StrictMode>,
);
