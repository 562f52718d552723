/**
 * The life of an issue in the web edition: report it, see it on the board, start work by
 * dragging it, resolve it with a comment, find it with a query, and find everything again
 * after a reload. Screenshots of the main screens are kept in e2e/screenshots/.
 */
import { expect, test } from '@playwright/test';
import { card, column, goToBoard, reportIssue, screenshot, setUpPlant, startAs } from './support';

const TITLE = 'Hydraulic leak under press 2';

test('an issue from report to resolution, still there after a reload', async ({ page }) => {
  await startAs(page, 'Tina Berg', 'Supervisor');
  await setUpPlant(page);
  await goToBoard(page);

  await test.step('others have reported issues already', async () => {
    await reportIssue(page, { title: 'Conveyor jam at the infeed', priority: 'High' });
    await reportIssue(page, {
      title: 'Guard rail loose at the mezzanine stairs',
      type: 'Safety',
      priority: 'Medium',
      severity: '2 · Moderate',
      location: 'Press shop',
    });
    await reportIssue(page, {
      title: 'Label printer prints off-centre',
      priority: 'Low',
      severity: '1 · Minor',
    });
    await expect(column(page, 'New').getByRole('article')).toHaveCount(3);
  });

  await test.step('move one with the keyboard, through its “Move to…” menu', async () => {
    const jam = card(column(page, 'New'), 'Conveyor jam at the infeed');
    await jam.getByRole('button', { name: 'Move "Conveyor jam at the infeed" to…' }).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Move "Conveyor jam at the infeed" to' });
    await expect(menu.getByRole('menuitem', { name: /Closed/ })).toBeDisabled();
    await menu.getByRole('menuitem', { name: 'In Progress (Start progress)' }).focus();
    await page.keyboard.press('Enter');
    await expect(card(column(page, 'In Progress'), 'Conveyor jam at the infeed')).toBeVisible();
  });

  await test.step('report an issue with the C key', async () => {
    await page.getByRole('heading', { name: 'Board', level: 1 }).click();
    await page.keyboard.press('c');
    const form = page.getByRole('dialog', { name: 'Report an issue' });
    await expect(form).toBeVisible();
    await form.getByRole('button', { name: 'Report issue' }).click();
    await expect(form.getByText('Title must not be empty.')).toBeVisible();
    await expect(form.getByText('Choose the location of the issue.')).toBeVisible();

    await form.getByLabel('Title').fill(TITLE);
    await form
      .getByLabel('Description')
      .fill('Oil on the floor under the main cylinder; the press is stopped and fenced off.');
    await form.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: 'Critical' }).click();
    await form.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: '4 · Major' }).click();
    await form.getByRole('combobox', { name: 'Location' }).fill('press line');
    await page.getByRole('option', { name: /Line 3/ }).click();
    await expect(form.getByText('Title must not be empty.')).toBeHidden();
    await expect(page.getByRole('listbox')).toBeHidden();
    await screenshot(page, 'create-form');
    await form.getByRole('button', { name: 'Report issue' }).click();
    await expect(form).toBeHidden();
  });

  await test.step('see it on the board, in New', async () => {
    const reported = card(column(page, 'New'), TITLE);
    await expect(reported).toBeVisible();
    await expect(reported).toContainText('Plant A › Press shop › Line 3');
    await expect(reported).toContainText('Critical');
    await expect(reported).toContainText('S4 · Major');
  });

  await test.step('drag it to In Progress', async () => {
    await card(column(page, 'New'), TITLE).dragTo(column(page, 'In Progress'));
    await expect(card(column(page, 'In Progress'), TITLE)).toBeVisible();
    await expect(card(column(page, 'New'), TITLE)).toHaveCount(0);
    await screenshot(page, 'board');
  });

  await test.step('the detail shows it acknowledged', async () => {
    await card(column(page, 'In Progress'), TITLE)
      .getByRole('button', { name: TITLE, exact: true })
      .click();
    const detail = page.getByRole('dialog', { name: TITLE });
    await expect(detail).toBeVisible();
    await expect(detail.getByLabel('Status In Progress')).toBeVisible();
    const acknowledged = detail.locator('dt', { hasText: 'Acknowledged' }).locator('+ dd');
    await expect(acknowledged).not.toHaveText('—');
    await expect(acknowledged).toContainText(String(new Date().getFullYear()));
    await expect(detail.locator('dt', { hasText: 'Assignee' }).locator('+ dd')).toHaveText(
      'Tina Berg',
    );
    const history = detail.getByRole('list', { name: 'History' });
    await expect(history).toContainText('Reported the issue');
    await expect(history).toContainText('Start progress → In Progress');
    await expect(history).toContainText('Status: New → In Progress');
    await expect(history).toContainText('Tina Berg on device');
    await detail.getByLabel('Add a comment').fill('Fitter is on the way with a new seal kit.');
    await detail.getByRole('button', { name: 'Comment' }).click();
    await expect(
      detail.getByText('Fitter is on the way with a new seal kit.').first(),
    ).toBeVisible();
    await detail.getByRole('heading', { name: 'Description' }).scrollIntoViewIfNeeded();
    await expect(detail.getByRole('button', { name: 'Comment' })).toBeEnabled();
    await screenshot(page, 'detail');
    await detail.getByRole('button', { name: 'Close the issue' }).click();
    await expect(detail).toBeHidden();
  });

  await test.step('resolve it with a comment by dragging it to Resolved', async () => {
    await card(column(page, 'In Progress'), TITLE).dragTo(column(page, 'Resolved'));
    const ask = page.getByRole('dialog', { name: `Resolve: ${TITLE}` });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Resolve' }).click();
    await expect(ask.getByText('Resolution comment must not be empty.')).toBeVisible();
    await ask
      .getByLabel('Resolution comment')
      .fill('Replaced the cylinder seal; pressure test passed.');
    await ask.getByRole('button', { name: 'Resolve' }).click();
    await expect(ask).toBeHidden();
    await expect(card(column(page, 'Resolved'), TITLE)).toBeVisible();
    await expect(card(column(page, 'In Progress'), TITLE)).toHaveCount(0);
  });

  await test.step('find it in the table with a query', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Issues' })
      .click();
    const query = page.getByRole('combobox', { name: 'Issue query' });
    await query.fill('priority = Critical AND status = Resolved');
    const grid = page.getByRole('grid', { name: 'Issues' });
    await expect(grid.getByRole('row').filter({ hasText: TITLE })).toHaveCount(1);
    await query.fill('');
    await expect(grid.getByRole('row').filter({ hasText: 'Conveyor jam' })).toHaveCount(1);
    await query.press('Escape');
    await screenshot(page, 'table');
    await query.fill('priority = Critical AND status = Resolved');
    await expect(grid.getByRole('row').filter({ hasText: 'Conveyor jam' })).toHaveCount(0);
    await expect(grid.getByRole('row').filter({ hasText: TITLE })).toHaveCount(1);
    await query.fill('status = New');
    await expect(grid.getByRole('row').filter({ hasText: TITLE })).toHaveCount(0);
  });

  await test.step('reload and find everything still there', async () => {
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(
      page.getByRole('button', { name: /Signed in on this device as Tina Berg, supervisor/ }),
    ).toBeVisible();
    await goToBoard(page);
    const resolved = card(column(page, 'Resolved'), TITLE);
    await expect(resolved).toBeVisible();
    await resolved.getByRole('button', { name: TITLE, exact: true }).click();
    const detail = page.getByRole('dialog', { name: TITLE });
    await expect(detail.locator('dt', { hasText: 'Resolution' }).locator('+ dd')).toHaveText(
      'Replaced the cylinder seal; pressure test passed.',
    );
    await expect(
      detail.getByText('Fitter is on the way with a new seal kit.').first(),
    ).toBeVisible();
    await expect(detail.getByRole('list', { name: 'History' })).toContainText('Resolve → Resolved');
  });
});
