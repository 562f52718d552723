import { beforeEach, describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppLocation } from '../app-location';
import { FakeElectron, FakeWebContents, hop, recordingLogger } from '../fake-electron.test-util';
import { guardWebContents, isSafeExternalUrl } from './navigation-guard';

const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/renderer/index.html',
  isPackaged: true,
});

describe('isSafeExternalUrl', () => {
  it('accepts plain https links', () => {
    expect(isSafeExternalUrl('https://plant-a.example.com/wiki/line-3?tab=1#belt')).toBe(true);
  });

  it('refuses everything else a page could hand over', () => {
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'ms-msdt:/id',
      'https://user:secret@example.com/',
      'not a url',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('the navigation guard', () => {
  let electron: FakeElectron;
  let contents: FakeWebContents;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    electron = new FakeElectron();
    log = recordingLogger();
    contents = new FakeWebContents(electron.ipcMain, location.url);
    guardWebContents(contents, {
      isAppUrl: (url) => isAppUrl(location, url),
      openExternal: (url) => electron.shell.openExternal(url),
      log,
    });
  });

  it('denies every new window, opening a safe link in the browser instead', async () => {
    expect(contents.openWindow('https://example.com/manual.pdf')).toBe('deny');
    expect(contents.openWindow('file:///etc/passwd')).toBe('deny');
    expect(contents.openWindow(location.url)).toBe('deny');
    await hop();
    expect(electron.shell.opened).toEqual(['https://example.com/manual.pdf']);
    expect(log.messages('warn')).toContain('Blocked a link that is not a plain https URL');
  });

  it('keeps the page on the app, opening a followed https link in the browser', () => {
    expect(contents.navigate('https://example.com/')).toBe(false);
    expect(contents.navigate('javascript:alert(1)')).toBe(false);
    expect(contents.navigate('file:///opt/autoescalate/renderer/other.html')).toBe(false);
    expect(contents.mainFrame.url).toBe(location.url);
    expect(electron.shell.opened).toEqual(['https://example.com/']);
  });

  it('lets the app navigate within its own page', () => {
    expect(contents.navigate(`${location.url}#/issues/42`)).toBe(true);
    expect(electron.shell.opened).toEqual([]);
  });

  it('blocks redirects away from the app and every <webview>', () => {
    expect(contents.redirect('https://example.com/')).toBe(false);
    expect(contents.attachWebview()).toBe(false);
    expect(electron.shell.opened).toEqual([]);
    expect(log.messages('warn')).toEqual([
      'Blocked a redirect away from the app',
      'Blocked a <webview>',
    ]);
  });

  it('logs a link the browser could not open', async () => {
    const failing = new FakeWebContents(electron.ipcMain, location.url);
    guardWebContents(failing, {
      isAppUrl: (url) => isAppUrl(location, url),
      openExternal: () => Promise.reject(new Error('no browser')),
      log,
    });
    failing.openWindow('https://example.com/');
    await hop();
    expect(log.messages('warn')).toContain('Could not open a link in the browser');
  });
});
