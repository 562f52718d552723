/**
 * The app's Content-Security-Policy. The page loads only its own scripts; styles may be
 * inline because MUI (emotion) injects <style> elements at run time; no remote content,
 * no plugins, no forms, no framing. While developing, the Vite dev server's origin, its
 * HMR socket and React Refresh's inline preamble are allowed too.
 *
 * It is set as a response header through the session (covers the dev server) and, for the
 * built page loaded from file://, which has no response headers, injected as a <meta> tag
 * at build time (content-security-policy-meta.ts, used by both build configs).
 *
 * The web edition's page talks to the team's sync server itself (the desktop's main process
 * does that outside the page), so its policy lets it connect there too: to the servers named
 * when the site is built, or else to any server over https and to one on this computer.
 */
import type { HeadersReceivedDetails, SessionApi } from '../electron-api';

export interface CspOptions {
  /** The dev server's origin, e.g. http://localhost:5173; absent in production. */
  devServerOrigin?: string;
  /** A <meta> tag ignores frame-ancestors, so it is left out there. Default: 'header'. */
  delivery?: 'header' | 'meta';
  /** Where the page may reach a sync server (the web edition): CSP sources. */
  syncServers?: readonly string[];
}

/** Any sync server over https, and one on this computer over plain http. */
export const ANY_SYNC_SERVER: readonly string[] = [
  'https:',
  'http://localhost:*',
  'http://127.0.0.1:*',
];

/**
 * The sync servers a web edition's page may reach: the comma-separated origins given when
 * the site is built (e.g. AUTOESCALATE_SYNC_SERVERS=https://sync.plant-a.example), which is
 * the strictest choice for a team that knows its server; else {@link ANY_SYNC_SERVER}.
 * Throws on anything that is not an http(s) origin.
 */
export function syncServerSources(setting: string | undefined): readonly string[] {
  const listed = (setting ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (listed.length === 0) return ANY_SYNC_SERVER;
  for (const origin of listed) {
    if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin)) {
      throw new Error(`'${origin}' is not an origin such as https://sync.example.com:8787.`);
    }
  }
  return listed;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    dev ? ['script-src', "'self'", "'unsafe-inline'", dev] : ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'", 'data:'],
    [
      'connect-src',
      "'self'",
      ...(dev && devSocket ? [dev, devSocket] : []),
      ...(options.syncServers ?? []),
    ],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-src', "'none'"],
  ];
  if ((options.delivery ?? 'header') === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** The response headers with our policy in place of any the response carried. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') {
      continue;
    }
    result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

export function installContentSecurityPolicy(session: SessionApi, policy: string): void {
  session.webRequest.onHeadersReceived((details: HeadersReceivedDetails, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}
