import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppLocation } from './app-location';

const indexPath = '/opt/AutoEscalate/resources/app.asar/out/renderer/index.html';

describe('the app location', () => {
  it('is the built page when packaged, even if a dev server URL is set', () => {
    const location = resolveAppLocation({
      indexPath,
      devServerUrl: 'http://localhost:5173',
      isPackaged: true,
    });
    expect(location).toEqual({
      kind: 'file',
      indexPath,
      url: 'file:///opt/AutoEscalate/resources/app.asar/out/renderer/index.html',
    });
  });

  it('is the dev server while developing, but only on a loopback address', () => {
    expect(
      resolveAppLocation({ indexPath, devServerUrl: 'http://localhost:5173/', isPackaged: false }),
    ).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
    for (const devServerUrl of ['http://evil.example.com:5173', 'file:///tmp/x.html', 'nonsense']) {
      expect(resolveAppLocation({ indexPath, devServerUrl, isPackaged: false }).kind).toBe('file');
    }
  });

  it('accepts the app’s own page with any route, and nothing else', () => {
    const file = resolveAppLocation({ indexPath, isPackaged: true });
    expect(isAppUrl(file, file.url)).toBe(true);
    expect(isAppUrl(file, `${file.url}#/board`)).toBe(true);
    expect(isAppUrl(file, `${file.url}?window=2`)).toBe(true);
    expect(
      isAppUrl(file, 'file:///opt/AutoEscalate/resources/app.asar/out/renderer/other.html'),
    ).toBe(false);
    expect(isAppUrl(file, 'file:///etc/passwd')).toBe(false);
    expect(
      isAppUrl(
        file,
        'https://example.com/opt/AutoEscalate/resources/app.asar/out/renderer/index.html',
      ),
    ).toBe(false);
    expect(
      isAppUrl(
        file,
        'file://remote-host/opt/AutoEscalate/resources/app.asar/out/renderer/index.html',
      ),
    ).toBe(false);

    const dev = resolveAppLocation({
      indexPath,
      devServerUrl: 'http://localhost:5173',
      isPackaged: false,
    });
    expect(isAppUrl(dev, 'http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(dev, 'garbage')).toBe(false);
  });
});
