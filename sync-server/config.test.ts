import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig } from './config';

describe('loadConfig', () => {
  it('needs no settings: 127.0.0.1 and the embedded database', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.host).toBe('127.0.0.1');
    expect(DEFAULT_CONFIG.databaseUrl).toBeUndefined();
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      SYNC_HOST: '0.0.0.0',
      SYNC_PORT: '9000',
      DATABASE_URL: 'postgres://db/sync',
      SYNC_PUSH_MAX_ROWS: '50',
      SYNC_CORS_ORIGINS: 'https://a.example, https://b.example',
      SYNC_TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      databaseUrl: 'postgres://db/sync',
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
    });
    expect(config.limits.pushRows).toBe(50);
  });

  it('names the variable that is malformed', () => {
    expect(() => loadConfig({ SYNC_PORT: 'eighty' })).toThrow(/SYNC_PORT/);
    expect(() => loadConfig({ SYNC_BODY_LIMIT_BYTES: '-1' })).toThrow(/SYNC_BODY_LIMIT_BYTES/);
  });
});
