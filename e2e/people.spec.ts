/**
 * People by name in the web edition, against a real sync server started here (PGlite in a
 * temporary folder): signed in as an administrator, the team's people arrive by sync, the
 * assignee is picked by name, the card names them, and a rename and a disabling on the server
 * reach the board live.
 */
import { expect, test } from '@playwright/test';
import { changeUser, createUser } from '../sync-server/auth/users';
import type { RunningServer } from '../sync-server/server';
import { card, column, goToBoard, setUpPlant, startAs } from './support';
import { startTeamServer, type TeamServer } from './team-server';

const PASSWORD = 'a long password for ana';
let server: RunningServer;
let teamServer: TeamServer | undefined;
let danaId: string;

test.beforeAll(async ({ baseURL }) => {
  teamServer = await startTeamServer(baseURL, 'people');
  server = teamServer.server;
  await createUser(server.db, {
    name: 'ana',
    displayName: 'Ana Costa',
    password: PASSWORD,
    role: 'admin',
    sites: [],
  });
  const dana = await createUser(server.db, {
    name: 'dana',
    displayName: 'Dana Smith',
    password: PASSWORD,
    role: 'technician',
    sites: [],
  });
  danaId = dana.id;
  await createUser(server.db, {
    name: 'sam',
    displayName: 'Sam Lee',
    password: PASSWORD,
    role: 'technician',
    sites: [],
  });
  const lou = await createUser(server.db, {
    name: 'lou',
    displayName: 'Lou Gone',
    password: PASSWORD,
    role: 'technician',
    sites: [],
  });
  await changeUser(server.db, lou.id, { disabled: true });
});

test.afterAll(async () => {
  await teamServer?.stop();
});

test('assigns by name and shows the server’s renames and disablings live', async ({ page }) => {
  await startAs(page, 'Tina Berg', 'Supervisor');
  await page
    .getByRole('banner')
    .getByRole('link', { name: /^Sync: Local only\./ })
    .click();
  await page.getByLabel('Server address').fill(server.url);
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Name of this device').fill('Shift office PC');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const panel = page.getByRole('region', { name: 'Sync with the team server' });
  // Online; the device's own setup may still be on its way up.
  await expect(panel.getByRole('status')).toHaveText(/^Online/);
  await setUpPlant(page);

  await test.step('the assignee is picked by name; a disabled person is not offered', async () => {
    await page
      .getByRole('banner')
      .getByRole('button', { name: 'Report issue', exact: true })
      .click();
    const form = page.getByRole('dialog', { name: 'Report an issue' });
    await form.getByLabel('Title').fill('Conveyor jam at the infeed');
    await form.getByRole('combobox', { name: 'Location' }).fill('Line 3');
    await page.getByRole('option').first().click();
    await form.getByRole('combobox', { name: 'Assignee' }).click();
    const offered = page.getByRole('listbox').getByRole('option');
    await expect(offered).toHaveText(['Ana Costa', 'Dana Smith', 'Sam Lee']);
    await page.getByRole('option', { name: 'Dana Smith' }).click();
    await form.getByRole('button', { name: 'Report issue' }).click();
    await expect(form).toBeHidden();
  });

  await test.step('the card names the assignee and follows the server', async () => {
    await goToBoard(page);
    const jam = card(column(page, 'New'), 'Conveyor jam at the infeed');
    await expect(jam).toContainText('Dana Smith');
    await changeUser(server.db, danaId, { displayName: 'Dana Smith-Jones' });
    await expect(jam).toContainText('Dana Smith-Jones');
    await changeUser(server.db, danaId, { disabled: true });
    await expect(jam).toContainText('Dana Smith-Jones (disabled)');
  });
});
