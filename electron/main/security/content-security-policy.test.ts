import { describe, expect, it } from 'vitest';
import { FakeSession } from '../fake-electron.test-util';
import {
  contentSecurityPolicy,
  installContentSecurityPolicy,
  syncServerSources,
  withContentSecurityPolicy,
} from './content-security-policy';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name ?? '', values];
    }),
  );
}

describe('the Content-Security-Policy', () => {
  it('allows only the app’s own scripts and nothing remote in production', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const values of policy.values()) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values.some((v) => v.startsWith('http') || v === '*')).toBe(false);
    }
  });

  it('lets the dev server, its socket and React Refresh in while developing', () => {
    const policy = directives(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(policy.get('script-src')).toEqual([
      "'self'",
      "'unsafe-inline'",
      'http://localhost:5173',
    ]);
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('lets the web edition’s page reach the sync servers it is built for, or any over https', () => {
    const any = directives(
      contentSecurityPolicy({ delivery: 'meta', syncServers: syncServerSources(undefined) }),
    );
    expect(any.get('connect-src')).toEqual([
      "'self'",
      'https:',
      'http://localhost:*',
      'http://127.0.0.1:*',
    ]);
    expect(any.get('script-src')).toEqual(["'self'"]);
    const named = directives(
      contentSecurityPolicy({
        delivery: 'meta',
        syncServers: syncServerSources(' https://sync.plant-a.example, http://10.0.4.2:8787 '),
      }),
    );
    expect(named.get('connect-src')).toEqual([
      "'self'",
      'https://sync.plant-a.example',
      'http://10.0.4.2:8787',
    ]);
    expect(() => syncServerSources("https://x.example; script-src 'unsafe-inline'")).toThrow(
      /not an origin/,
    );
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    const meta = directives(contentSecurityPolicy({ delivery: 'meta' }));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('script-src')).toEqual(["'self'"]);
  });

  it('replaces whatever policy a response carried', () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ['default-src *'],
        'Content-Security-Policy-Report-Only': ['default-src *'],
        'Content-Type': ['text/html'],
      },
      "default-src 'self'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('is set on every response of the session', () => {
    const session = new FakeSession();
    const policy = contentSecurityPolicy();
    installContentSecurityPolicy(session, policy);
    const headers = session.receive('http://localhost:5173/', { 'content-type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([policy]);
    expect(headers['content-type']).toEqual(['text/html']);
  });
});
