import { describe, expect, it, vi } from 'vitest';
import { registerOfflineCache } from './offline-cache';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('registerOfflineCache', () => {
  it('registers the service worker only once the first screen has been shown', async () => {
    const register = vi.fn(() => Promise.resolve({}));
    const firstScreen = deferred();
    const done = registerOfflineCache(firstScreen.promise, {
      serviceWorker: { register },
      secure: true,
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(register).not.toHaveBeenCalled();
    firstScreen.resolve();
    await done;
    expect(register).toHaveBeenCalledExactlyOnceWith('./sw.js');
  });

  it('does nothing outside a secure context or without service workers', async () => {
    const register = vi.fn(() => Promise.resolve({}));
    await registerOfflineCache(Promise.resolve(), { serviceWorker: { register }, secure: false });
    await registerOfflineCache(Promise.resolve(), { secure: true });
    expect(register).not.toHaveBeenCalled();
  });

  it('reports a failed registration instead of failing the page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const register = vi.fn(() => Promise.reject(new Error('blocked')));
    await registerOfflineCache(Promise.resolve(), { serviceWorker: { register }, secure: true });
    expect(warn).toHaveBeenCalledWith('The offline cache could not be set up:', expect.any(Error));
    warn.mockRestore();
  });
});
