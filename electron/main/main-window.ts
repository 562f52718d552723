/**
 * The one main window: secure web preferences, the remembered bounds, shown once its page
 * has rendered, and its bounds saved when it closes.
 */
import type { BrowserWindowConstructorOptions, ElectronApi, WindowApi } from './electron-api';
import type { AppLocation } from './app-location';
import { describeError, type Logger } from './logger';
import {
  fitToDisplays,
  MIN_WINDOW_SIZE,
  readWindowState,
  writeWindowState,
  type WindowState,
} from './window-state';

export const MAIN_WINDOW_TITLE = 'AutoEscalate';

/**
 * The window's options. The web preferences are the security baseline and are not
 * configurable: an isolated, sandboxed page without Node, with web security on.
 */
export function mainWindowOptions(options: {
  preloadPath: string;
  state: WindowState;
}): BrowserWindowConstructorOptions {
  const { state } = options;
  return {
    title: MAIN_WINDOW_TITLE,
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

export interface MainWindow {
  readonly window: WindowApi;
  /** Brings the window to the front (after a second launch, or a click on the dock). */
  reveal(): void;
}

export interface MainWindowOptions {
  electron: ElectronApi;
  location: AppLocation;
  preloadPath: string;
  stateFile: string;
  log: Logger;
  /** Called with the new window's contents before its page loads. */
  onCreated(window: WindowApi): void;
  onClosed(): void;
}

export function openMainWindow(options: MainWindowOptions): MainWindow {
  const { electron, location, log } = options;
  const workAreas = electron
    .screen()
    .getAllDisplays()
    .map((display) => display.workArea);
  const state = fitToDisplays(readWindowState(options.stateFile), workAreas);
  const window = electron.createWindow(
    mainWindowOptions({ preloadPath: options.preloadPath, state }),
  );
  options.onCreated(window);

  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    try {
      writeWindowState(options.stateFile, {
        ...window.getNormalBounds(),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      log.warn('Could not remember the window size', describeError(error));
    }
  });
  window.on('closed', () => options.onClosed());

  const loading =
    location.kind === 'file' ? window.loadFile(location.indexPath) : window.loadURL(location.url);
  loading.catch((error: unknown) =>
    log.error('The window could not load the app', describeError(error)),
  );

  return {
    window,
    reveal() {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
  };
}
