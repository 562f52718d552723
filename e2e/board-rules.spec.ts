/**
 * The board keeps to the workflow: a technician cannot close, nothing jumps a step, a
 * refused or cancelled move leaves the card where it was. In the dark theme the OS asks for.
 */
import { expect, test } from '@playwright/test';
import {
  card,
  changeIdentity,
  column,
  goToBoard,
  reportIssue,
  screenshot,
  setUpPlant,
  startAs,
} from './support';

test.use({ colorScheme: 'dark' });

test('moves are refused or cancelled without losing the card', async ({ page }) => {
  // A supervisor sets the plant up; then this browser is used by a technician.
  await startAs(page, 'Sam Okafor', 'Supervisor');
  await setUpPlant(page);
  await changeIdentity(page, 'Ana Ruiz', 'Technician');
  await goToBoard(page);
  await reportIssue(page, { title: 'Conveyor jam at the infeed', priority: 'High' });
  await reportIssue(page, { title: 'Coolant leak at lathe 4', priority: 'Critical' });
  const jam = () => card(page, 'Conveyor jam at the infeed');

  await test.step('a jump no transition makes is refused with the reason', async () => {
    await jam().dragTo(column(page, 'Closed'));
    await expect(page.getByRole('alert')).toContainText(
      '"Conveyor jam at the infeed" was not moved. An issue cannot move from New to Closed directly. From New it can move to In Progress or Resolved.',
    );
    await expect(card(column(page, 'New'), 'Conveyor jam at the infeed')).toBeVisible();
    await expect(column(page, 'Closed').getByRole('article')).toHaveCount(0);
  });

  await test.step('cancelling the resolution comment puts the card back', async () => {
    await jam().dragTo(column(page, 'Resolved'));
    const ask = page.getByRole('dialog', { name: 'Resolve: Conveyor jam at the infeed' });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(card(column(page, 'New'), 'Conveyor jam at the infeed')).toBeVisible();
    await expect(column(page, 'Resolved').getByRole('article')).toHaveCount(0);
  });

  await test.step('closing is for supervisors: a technician is told so', async () => {
    await jam().dragTo(column(page, 'Resolved'));
    const ask = page.getByRole('dialog', { name: 'Resolve: Conveyor jam at the infeed' });
    await ask.getByLabel('Resolution comment').fill('Removed a jammed carton; belt runs again.');
    await ask.getByRole('button', { name: 'Resolve' }).click();
    await expect(card(column(page, 'Resolved'), 'Conveyor jam at the infeed')).toBeVisible();
    await card(column(page, 'Resolved'), 'Conveyor jam at the infeed').dragTo(
      column(page, 'Closed'),
    );
    await expect(page.getByRole('alert')).toContainText(
      '"Close" is for supervisors and admins only.',
    );
    await expect(card(column(page, 'Resolved'), 'Conveyor jam at the infeed')).toBeVisible();

    await card(column(page, 'Resolved'), 'Conveyor jam at the infeed')
      .getByRole('button', { name: 'Conveyor jam at the infeed', exact: true })
      .click();
    const detail = page.getByRole('dialog', { name: 'Conveyor jam at the infeed' });
    const close = detail.getByRole('button', { name: 'Close', exact: true });
    await expect(close).toBeDisabled();
    await expect(detail.getByText('"Close" is for supervisors and admins only.')).toBeVisible();
    await expect(detail.getByRole('button', { name: 'Reopen' })).toBeEnabled();
    await detail.getByRole('button', { name: 'Close the issue' }).click();
  });

  await test.step('the board filtered to a location shows only what is there', async () => {
    await page.getByRole('combobox', { name: 'Show issues at location' }).fill('Plant A');
    await page.getByRole('option', { name: /Plant A/ }).click();
    await expect(page).toHaveURL(/location=/);
    await expect(card(column(page, 'New'), 'Coolant leak at lathe 4')).toBeVisible();
    await screenshot(page, 'board-dark');
  });

  await test.step('the team’s setup is shown to a technician, its changes disabled', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    const newRule = page.getByRole('button', { name: 'New rule' });
    await expect(newRule).toBeDisabled();
    await newRule.locator('..').hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'Only supervisors and admins set up locations, workflows and escalation rules.',
    );
    await screenshot(page, 'rules-technician');
    await page.getByRole('link', { name: 'Locations' }).click();
    await expect(page.getByRole('button', { name: 'Add a site' })).toBeDisabled();
  });
});
