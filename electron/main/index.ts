/**
 * The main process: lifecycle only. One instance at a time, the services started once the
 * app is ready, one window (focused again when the app is launched a second time), and the
 * core closed before the process quits. What each step does is wired in its own file.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { startAppServices, type AppServices } from './app-services';
import { isAppUrl, resolveAppLocation } from './app-location';
import { electron } from './electron-adapter';
import { consoleLogger, describeError } from './logger';
import { openMainWindow, type MainWindow } from './main-window';
import { guardWebContents } from './security/navigation-guard';
import { getRxStorageDurable } from './storage/durable-storage';
import { WINDOW_STATE_FILE } from './window-state';

const { app } = electron;
const log = consoleLogger;

function osUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const location = resolveAppLocation({
    indexPath: join(import.meta.dirname, '../renderer/index.html'),
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    isPackaged: app.isPackaged,
  });
  let services: AppServices | undefined;
  let mainWindow: MainWindow | undefined;
  let closed = false;

  function showMainWindow(): void {
    if (!services) return;
    if (mainWindow) {
      mainWindow.reveal();
      return;
    }
    const started = services;
    mainWindow = openMainWindow({
      electron,
      location,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      stateFile: join(app.getPath('userData'), WINDOW_STATE_FILE),
      log,
      onCreated: (window) => started.addWindow(window),
      onClosed: () => (mainWindow = undefined),
    });
  }

  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, {
      isAppUrl: (url) => isAppUrl(location, url),
      openExternal: (url) => electron.shell.openExternal(url),
      log,
    }),
  );
  app.on('second-instance', showMainWindow);
  app.on('activate', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (closed || !services) return;
    event.preventDefault();
    const closing = services;
    services = undefined;
    closing
      .close()
      .catch((error: unknown) =>
        log.error('The app did not shut down cleanly', describeError(error)),
      )
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      services = startAppServices({
        electron,
        location,
        userDataDir: app.getPath('userData'),
        userName: osUserName(),
        openStorage: (directory) => getRxStorageDurable({ directory }),
        log,
        showMainWindow,
      });
      showMainWindow();
    })
    .catch((error: unknown) => {
      log.error('The app could not start', describeError(error));
      app.quit();
    });
}

main();
