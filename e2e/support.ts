/** Steps the browser tests share: first run, setting up a plant, reporting an issue. */
import { expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOTS = 'e2e/screenshots';

/** Opens the web edition and answers the first-run question: who uses this browser. */
export async function startAs(
  page: Page,
  name: string,
  role: 'Technician' | 'Supervisor' | 'Admin',
) {
  await page.goto('./');
  const welcome = page.getByRole('dialog', { name: 'Welcome to AutoEscalate' });
  await expect(welcome).toBeVisible();
  await welcome.getByLabel('Your name').fill(name);
  await welcome.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: role }).click();
  await welcome.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Changes the name or role this browser acts as (the page reloads). */
export async function changeIdentity(
  page: Page,
  name: string,
  role: 'Technician' | 'Supervisor' | 'Admin',
) {
  await page.getByRole('button', { name: /^Signed in on this device as / }).click();
  await page.getByRole('menuitem', { name: 'Change name or role…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change your name or role' });
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: role }).click();
  await dialog.getByRole('button', { name: 'Save and reload' }).click();
  await expect(
    page.getByRole('button', {
      name: `Signed in on this device as ${name}, ${role.toLowerCase()}`,
    }),
  ).toBeVisible();
}

async function addLocation(
  page: Page,
  opener: Locator,
  label: string,
  name: string,
  zone?: string,
) {
  await opener.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label).fill(name);
  if (zone !== undefined) {
    await dialog.getByRole('combobox', { name: 'Time zone' }).fill(zone);
    await page.getByRole('option', { name: zone, exact: true }).click();
  }
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * Plant A (Europe/Berlin) → Press shop → Line 3, through the Locations screen (which only
 * supervisors and admins may change).
 */
export async function setUpPlant(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Locations' })
    .click();
  await addLocation(
    page,
    page.getByRole('button', { name: 'Add a site' }).first(),
    'Site name',
    'Plant A',
    'Europe/Berlin',
  );
  const tree = page.getByRole('tree', { name: 'Locations' });
  await tree.getByRole('treeitem', { name: /Plant A/ }).click();
  await addLocation(
    page,
    page.getByRole('button', { name: 'Add an area' }),
    'Area name',
    'Press shop',
  );
  await tree.getByRole('treeitem', { name: /Press shop/ }).click();
  await addLocation(page, page.getByRole('button', { name: 'Add a line' }), 'Line name', 'Line 3');
  await expect(tree.getByRole('treeitem', { name: /Line 3/ })).toBeVisible();
}

export async function goToBoard(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
  await expect(page.getByRole('heading', { name: 'Board', level: 1 })).toBeVisible();
}

/** A board column (its section is named by its heading). */
export function column(page: Page, status: string): Locator {
  return page
    .getByRole('region', { name: /workflow board/ })
    .getByRole('region', { name: status, exact: true });
}

export function card(scope: Page | Locator, title: string): Locator {
  return scope.getByRole('article', { name: title });
}

export interface IssueToReport {
  title: string;
  priority?: 'Lowest' | 'Low' | 'Medium' | 'High' | 'Critical';
  severity?: string;
  type?: string;
  location?: string;
}

/** Reports an issue through the form, opened with the app bar's button. */
export async function reportIssue(page: Page, issue: IssueToReport) {
  await page.getByRole('banner').getByRole('button', { name: 'Report issue', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Report an issue' });
  await form.getByLabel('Title').fill(issue.title);
  if (issue.type !== undefined) {
    await form.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: issue.type }).click();
  }
  if (issue.priority !== undefined) {
    await form.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: issue.priority, exact: true }).click();
  }
  if (issue.severity !== undefined) {
    await form.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: issue.severity }).click();
  }
  await form.getByRole('combobox', { name: 'Location' }).fill(issue.location ?? 'Line 3');
  await page.getByRole('option').first().click();
  await form.getByRole('button', { name: 'Report issue' }).click();
  await expect(form).toBeHidden();
}

/** Lets transitions and fades finish, so a screenshot shows the screen as it settles. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: 'disabled' });
}
