import type { HtmlTagDescriptor } from 'vite';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';
import { contentSecurityPolicyMeta } from './content-security-policy-meta';

function tagsOf(options?: Parameters<typeof contentSecurityPolicyMeta>[0]): HtmlTagDescriptor[] {
  const plugin = contentSecurityPolicyMeta(options);
  const hook = plugin.transformIndexHtml;
  if (typeof hook !== 'function') throw new Error('transformIndexHtml is not a function');
  return hook.call({} as never, '', {} as never) as HtmlTagDescriptor[];
}

describe('the Content-Security-Policy <meta> tag', () => {
  it('puts the meta policy first in <head>, in built pages only', () => {
    expect(contentSecurityPolicyMeta().apply).toBe('build');
    expect(tagsOf()).toEqual([
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: contentSecurityPolicy({ delivery: 'meta' }),
        },
        injectTo: 'head-prepend',
      },
    ]);
    expect(tagsOf()[0]?.attrs?.content).not.toMatch(/frame-ancestors/);
  });

  it('lets the web edition name the sync servers its page may reach', () => {
    const content = String(tagsOf({ syncServers: ['https://sync.example'] })[0]?.attrs?.content);
    expect(content).toMatch(/connect-src 'self'[^;]* https:\/\/sync\.example/);
  });
});
