/**
 * The build-time half of the Content-Security-Policy: a page loaded from file:// (the
 * desktop window) or from a static host (the web edition) gets no response headers, so
 * its policy is a <meta> tag, put first in <head> before anything it must govern.
 */
import type { Plugin } from 'vite';
import { contentSecurityPolicy, type CspOptions } from './content-security-policy.ts';

export function contentSecurityPolicyMeta(options: Omit<CspOptions, 'delivery'> = {}): Plugin {
  return {
    name: 'autoescalate:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: contentSecurityPolicy({ ...options, delivery: 'meta' }),
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}
