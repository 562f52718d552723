import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncApp } from './app';
import { redactUrl } from './app';
import { createTestApp, fresh, issue, signedIn, site, testConfig } from './test-app.test-util';
import { pgliteBackend, type TestBackend } from '../store/test-backends.test-util';

describe('operations endpoints', () => {
  let backend: TestBackend;
  let sync: SyncApp;

  beforeAll(async () => {
    backend = await pgliteBackend.create();
    sync = await createTestApp(backend.db);
  }, 60_000);
  afterAll(async () => {
    await sync?.app.close();
    await backend?.dispose();
  });

  it('reports health without a token', async () => {
    const response = await sync.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(response.headers['sync-protocol']).toBe('1');
  });

  it('counts requests, latency, streams, writes and conflicts in Prometheus text', async () => {
    const admin = await signedIn(sync, backend.db, 'admin');
    const push = (rows: unknown) =>
      sync.app.inject({
        method: 'POST',
        url: '/sync/issues/push',
        headers: admin.headers,
        payload: rows as object,
      });
    await sync.app.inject({
      method: 'POST',
      url: '/sync/locations/push',
      headers: admin.headers,
      payload: fresh(site('s')),
    });
    await push(fresh(issue('i', 's')));
    await push(fresh(issue('i', 's', { title: 'Other' })));

    const response = await sync.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toMatch(
      /sync_http_requests_total\{method="POST",route="\/sync\/:collection\/push",status="200"\} 3/,
    );
    expect(text).toMatch(
      /sync_http_request_duration_seconds_bucket\{method="POST",route="\/sync\/:collection\/push",le="\+Inf"\} 3/,
    );
    expect(text).toContain('sync_open_streams 0');
    expect(text).toContain('sync_push_documents_written_total{collection="issues"} 1');
    expect(text).toContain('sync_push_conflicts_total{collection="issues"} 1');
  });

  it('describes every route in the OpenAPI document', async () => {
    const response = await sync.app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(document.openapi).toBe('3.1.0');
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    expect(described.sort()).toEqual([...sync.routes].sort());
  });

  it('refuses a client speaking another protocol version, and unknown paths', async () => {
    const other = await sync.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'sync-protocol': '2' },
    });
    expect(other.statusCode).toBe(400);
    expect(other.json<{ error: string }>().error).toBe('bad-request');
    const missing = await sync.app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
  });

  it('lets the web edition’s origin call it, and read the headers the client checks', async () => {
    const origin = 'https://app.plant-a.example';
    const open = await createTestApp(backend.db, testConfig({ corsOrigins: [origin] }));
    try {
      const preflight = await open.app.inject({
        method: 'OPTIONS',
        url: '/sync/issues/push',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
      const health = await open.app.inject({ method: 'GET', url: '/health', headers: { origin } });
      expect(health.headers['access-control-allow-origin']).toBe(origin);
      expect(health.headers['access-control-expose-headers']).toBe('sync-protocol, retry-after');
      const stranger = await open.app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://elsewhere.example' },
      });
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.app.close();
    }
  });

  it('keeps tokens in stream URLs out of logs', () => {
    expect(redactUrl('/sync/issues/stream?access_token=secret&x=1')).toBe(
      '/sync/issues/stream?access_token=[redacted]&x=1',
    );
  });
});
