/**
 * The main process's lifecycle, run for real (index.ts, the durable storage, the app core)
 * against a fake Electron: the adapter module is the one edge replaced.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Issue } from '../../shared/domain';
import { createElectronBridge } from '../../renderer/platform/electron';
import type { PlatformBridge } from '../../renderer/platform/bridge';
import { createDesktopApi } from '../preload/desktop-api';
import {
  acrossContextBridge,
  FakeElectron,
  FakeInstanceLocks,
  type FakeBrowserWindow,
} from './fake-electron.test-util';
import { WindowPage } from './window-page.test-util';

const running: FakeElectron[] = [];
const pages: WindowPage[] = [];

/** Starts the main process (index.ts) on `electron`, as launching the app would. */
async function launch(electron: FakeElectron): Promise<FakeElectron> {
  running.push(electron);
  vi.resetModules();
  vi.doMock('./electron-adapter', () => ({ electron }));
  await import('./index');
  return electron;
}

async function mainWindowOf(electron: FakeElectron): Promise<FakeBrowserWindow> {
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  const window = electron.windows[0];
  if (!window) throw new Error('no window');
  await vi.waitFor(() => expect(window.shown).toBe(true));
  return window;
}

function bridgeOf(window: FakeBrowserWindow): PlatformBridge {
  return createElectronBridge(
    acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer())),
  );
}

/**
 * The window's database, opened by its page in a realm of its own (a worker thread), as in
 * a renderer process: with the core's database in the same realm, RxDB would be asked for
 * more collections than it opens at once.
 */
async function pageOf(window: FakeBrowserWindow, databaseName: string): Promise<WindowPage> {
  const api = acrossContextBridge(createDesktopApi(window.webContents.ipcRenderer()));
  const page = await WindowPage.start(api.rxdbChannel);
  pages.push(page);
  await page.call('open', databaseName);
  return page;
}

async function quit(electron: FakeElectron): Promise<void> {
  electron.app.quit();
  await vi.waitFor(() => expect(electron.app.quitted).toBe(true));
}

beforeEach(() => {
  // The main process logs its progress to the console; keep the test output quiet.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.end();
  const launched = running.splice(0);
  for (const electron of launched) {
    if (!electron.app.quitted) await quit(electron);
  }
  for (const electron of launched) electron.dispose();
  vi.doUnmock('./electron-adapter');
  vi.restoreAllMocks();
});

describe('the main process', () => {
  it('runs once: a second launch quits and brings the first window back', async () => {
    const locks = new FakeInstanceLocks();
    const first = await launch(new FakeElectron({ locks }));
    const window = await mainWindowOf(first);
    window.minimize();

    const second = await launch(new FakeElectron({ locks }));
    expect(second.app.quitRequests).toBe(1);
    expect(second.app.quitted).toBe(true);
    expect(second.createdWindows).toHaveLength(0);
    expect(window.isMinimized()).toBe(false);
    expect(window.focusCount).toBe(1);
    expect(first.createdWindows).toHaveLength(1);
  });

  it('opens one secure window on the built page, under a strict CSP, with navigation blocked', async () => {
    const electron = await launch(new FakeElectron());
    const window = await mainWindowOf(electron);

    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.options.webPreferences?.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(window.webContents.mainFrame.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    const headers = electron.session.receive(window.webContents.mainFrame.url);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(
      /^default-src 'self'; script-src 'self';/,
    );

    expect(window.webContents.navigate('https://example.com/')).toBe(false);
    expect(window.webContents.openWindow('https://example.com/help')).toBe('deny');
    expect(electron.shell.opened).toEqual(['https://example.com/', 'https://example.com/help']);
  });

  it('serves the core and its database to the window, live both ways', async () => {
    const electron = await launch(
      new FakeElectron().actLocallyAs({ userId: 'sam', role: 'supervisor' }),
    );
    const window = await mainWindowOf(electron);
    await vi.waitFor(() =>
      expect(window.webContents.sent.map((s) => s.channel)).toContain('core:ready'),
    );

    const bridge = bridgeOf(window);
    const info = await bridge.whenReady();
    expect(info.databaseName).toBe('autoescalate');
    expect(info.actor).toEqual({ userId: 'sam', role: 'supervisor', deviceId: 'desk-1' });
    const page = await pageOf(window, info.databaseName);
    try {
      const titles = page.titles;
      await page.call('watchTitles');
      const site = await bridge.commands.createLocation({ name: 'Plant A', kind: 'site' });
      const issue: Issue = await bridge.commands.createIssue({
        title: 'Hydraulic leak under press 2',
        type: 'safety',
        priority: 'Critical',
        severity: 5,
        locationId: site.id,
      });
      await vi.waitFor(() => expect(titles.at(-1)).toEqual(['Hydraulic leak under press 2']));
      expect(issue.reporter).toBe(info.actor.userId);
    } finally {
      await page.close();
    }
  });

  it('closes the core before quitting, so the next launch finds the data', async () => {
    const electron = await launch(
      new FakeElectron().actLocallyAs({ userId: 'sam', role: 'supervisor' }),
    );
    const window = await mainWindowOf(electron);
    const bridge = bridgeOf(window);
    const info = await bridge.whenReady();
    const site = await bridge.commands.createLocation({ name: 'Plant B', kind: 'site' });
    // The page never closes its database: the main process closes it when the window goes.
    const page = await pageOf(window, info.databaseName);
    expect(await page.call('countLocations')).toBe(1);

    window.close();
    // The page's process is gone with its window.
    await page.end();
    await vi.waitFor(() => expect(electron.app.quitted).toBe(true));
    expect(electron.app.quitRequests).toBe(2);

    const next = await launch(new FakeElectron({ userData: electron.userData }));
    const nextWindow = await mainWindowOf(next);
    expect(nextWindow.options).toMatchObject(window.getNormalBounds());
    const nextBridge = bridgeOf(nextWindow);
    await nextBridge.whenReady();
    const renamed = await nextBridge.commands.updateLocation(site.id, { name: 'Plant B (north)' });
    expect(renamed.name).toBe('Plant B (north)');
    await quit(next);
  });

  it('opens no window before Electron is ready', async () => {
    const electron = await launch(new FakeElectron({ ready: false }));
    electron.app.emit('second-instance');
    expect(electron.createdWindows).toHaveLength(0);
    electron.app.becomeReady();
    await mainWindowOf(electron);
    expect(electron.createdWindows).toHaveLength(1);
  });
});
