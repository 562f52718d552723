import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './service-worker-source';

describe('the service worker', () => {
  const source = serviceWorkerSource({
    version: 'b1',
    files: ['index.html', 'assets/index-3f2a.js', 'assets/index-9c1d.css'],
  });

  it('caches the page and every built file under a cache of its build', () => {
    expect(source).toContain('const CACHE = "autoescalate-b1";');
    expect(source).toContain(
      'const PRECACHE = ["./","./index.html","./assets/index-3f2a.js","./assets/index-9c1d.css"];',
    );
  });
});
