/**
 * Sync in the web edition against a real sync server, started here on PGlite in a temporary
 * folder: from the sync status to the sign-in form, signing in (the status goes online and
 * the signed-in user acts), and signing out again. Screenshots of both views.
 */
import { expect, test } from '@playwright/test';
import { createUser } from '../sync-server/auth/users';
import type { RunningServer } from '../sync-server/server';
import { screenshot, startAs } from './support';
import { startTeamServer, type TeamServer } from './team-server';

const PASSWORD = 'a long password for omar';
let server: RunningServer;
let teamServer: TeamServer | undefined;

test.beforeAll(async ({ baseURL }) => {
  teamServer = await startTeamServer(baseURL, 'sync');
  server = teamServer.server;
  await createUser(server.db, { name: 'omar', password: PASSWORD, role: 'technician', sites: [] });
});

test.afterAll(async () => {
  await teamServer?.stop();
});

test('signs in to the team server, goes online, acts as the user, and signs out', async ({
  page,
}) => {
  await startAs(page, 'Tina Berg', 'Supervisor');
  const banner = page.getByRole('banner');
  await banner.getByRole('link', { name: /^Sync: Local only\./ }).click();
  await expect(page).toHaveURL(/#\/sync$/);
  await expect(page.getByRole('heading', { name: 'Sync with the team server' })).toBeVisible();

  await test.step('signs in with the server’s address', async () => {
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('User name').fill('omar');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Name of this device').fill('Shift office PC');
    await screenshot(page, 'sync-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
  });

  await test.step('the status goes online, and the signed-in user acts', async () => {
    const panel = page.getByRole('region', { name: 'Sync with the team server' });
    await expect(panel.getByRole('status')).toHaveText('Online');
    await expect(panel.getByRole('group', { name: 'Signed in as' })).toContainText(
      'omar (technician)',
    );
    await expect(panel.getByRole('group', { name: 'Pending changes' })).toContainText('None');
    await expect(banner.getByRole('link', { name: /^Sync: Synced\./ })).toBeVisible();
    await expect(
      banner.getByRole('button', { name: 'Signed in to the team server as omar, technician' }),
    ).toBeVisible();
    await screenshot(page, 'sync-status');
  });

  await test.step('signs out: back to the form and to this browser’s own identity', async () => {
    await page
      .getByRole('region', { name: 'Sync with the team server' })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Server address')).toHaveValue(server.url);
    await expect(banner.getByRole('link', { name: /^Sync: Local only\./ })).toBeVisible();
    await expect(
      banner.getByRole('button', { name: 'Signed in on this device as Tina Berg, supervisor' }),
    ).toBeVisible();
  });
});
