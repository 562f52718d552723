/**
 * The app's Content-Security-Policy. The page loads only its own scripts; styles may be
 * inline because MUI (emotion) injects <style> elements at run time; no remote content,
 * no plugins, no forms, no framing. While developing, the Vite dev server's origin, its
 * HMR socket and React Refresh's inline preamble are allowed too.
 *
 * It is set as a response header through the session (covers the dev server) and, for the
 * built page loaded from file://, which has no response headers, injected as a <meta> tag
 * at build time (see electron.vite.config.ts).
 */
import type { HeadersReceivedDetails, SessionApi } from '../electron-api';

export interface CspOptions {
  /** The dev server's origin, e.g. http://localhost:5173; absent in production. */
  devServerOrigin?: string;
  /** A <meta> tag ignores frame-ancestors, so it is left out there. Default: 'header'. */
  delivery?: 'header' | 'meta';
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
    dev && devSocket ? ['connect-src', "'self'", dev, devSocket] : ['connect-src', "'self'"],
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
