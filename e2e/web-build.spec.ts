/** What the built web edition must and must not contain. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dist = join(import.meta.dirname, '..', 'dist-web');

function builtScripts(): string {
  const assets = join(dist, 'assets');
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(assets, file), 'utf8'))
    .join('\n');
}

test('the production build leaves RxDB’s dev-mode out', () => {
  const scripts = builtScripts();
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts).not.toContain('RxDB dev-mode warning');
  expect(scripts).not.toContain('RxDBDevModePlugin');
});

test('the page carries a strict Content-Security-Policy and an offline cache', () => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  expect(html).toMatch(/http-equiv="Content-Security-Policy"/);
  expect(html).toContain('script-src &#39;self&#39;;');
  expect(html).not.toContain('unsafe-eval');
  const worker = readFileSync(join(dist, 'sw.js'), 'utf8');
  for (const file of readdirSync(join(dist, 'assets'))) {
    expect(worker).toContain(`./assets/${file}`);
  }
});

test('the page runs under its CSP without errors', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('./');
  await expect(page.getByRole('dialog', { name: 'Welcome to AutoEscalate' })).toBeVisible();
  expect(problems).toEqual([]);
});
