import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAppLocation } from './app-location';
import {
  FakeElectron,
  hop,
  recordingLogger,
  type FakeBrowserWindow,
} from './fake-electron.test-util';
import { mainWindowOptions, openMainWindow, type MainWindow } from './main-window';
import { readWindowState, writeWindowState } from './window-state';

const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/out/renderer/index.html',
  isPackaged: true,
});

describe('the main window', () => {
  let electron: FakeElectron;
  let stateFile: string;
  let closed: number;
  let created: number;

  beforeEach(() => {
    electron = new FakeElectron();
    stateFile = join(electron.userData, 'window-state.json');
    closed = 0;
    created = 0;
  });
  afterEach(() => electron.dispose());

  function open(): { main: MainWindow; window: FakeBrowserWindow } {
    const main = openMainWindow({
      electron,
      location,
      preloadPath: '/opt/autoescalate/out/preload/index.cjs',
      stateFile,
      log: recordingLogger(),
      onCreated: () => (created += 1),
      onClosed: () => (closed += 1),
    });
    const window = electron.windows.at(-1);
    if (!window) throw new Error('no window was created');
    return { main, window };
  }

  it('isolates and sandboxes its page, without Node, with web security on', () => {
    const { webPreferences } = mainWindowOptions({
      preloadPath: '/p/index.cjs',
      state: { width: 1000, height: 700, maximized: false },
    });
    expect(webPreferences).toMatchObject({
      preload: '/p/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('opens the built page with the preload script and shows it once rendered', async () => {
    const { window } = open();
    expect(created).toBe(1);
    expect(window.options.webPreferences?.preload).toBe('/opt/autoescalate/out/preload/index.cjs');
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(window.options.show).toBe(false);
    expect(window.webContents.mainFrame.url).toBe(location.url);
    expect(window.shown).toBe(false);
    await hop();
    expect(window.shown).toBe(true);
  });

  it('remembers its bounds when closed and reopens with them', async () => {
    const first = open();
    first.window.setBounds({ x: 200, y: 120, width: 1100, height: 720 });
    first.window.close();
    expect(closed).toBe(1);
    expect(readWindowState(stateFile)).toEqual({
      x: 200,
      y: 120,
      width: 1100,
      height: 720,
      maximized: false,
    });

    const second = open();
    expect(second.window.options).toMatchObject({ x: 200, y: 120, width: 1100, height: 720 });
    await hop();
    expect(second.window.isMaximized()).toBe(false);
  });

  it('opens maximized, and centred, when that is how it was left on a display now gone', async () => {
    writeWindowState(stateFile, { x: 3000, y: 50, width: 1300, height: 800, maximized: true });
    const { window } = open();
    expect(window.options).not.toHaveProperty('x');
    expect(window.options).toMatchObject({ width: 1300, height: 800 });
    await hop();
    expect(window.isMaximized()).toBe(true);
  });

  it('comes back to the front when revealed', () => {
    const { main, window } = open();
    window.minimize();
    main.reveal();
    expect(window.isMinimized()).toBe(false);
    expect(window.shown).toBe(true);
    expect(window.focusCount).toBe(1);
  });
});
