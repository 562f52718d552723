/** The web edition opens without a network once it has been loaded, with its data. */
import { expect, test } from '@playwright/test';
import { card, column, goToBoard, reportIssue, setUpPlant, startAs } from './support';

/** The page's service worker container (the tests are typed without the DOM library). */
interface ServiceWorkers {
  ready: Promise<unknown>;
  controller: unknown;
}

test('after the first visit the page works offline', async ({ page, context }) => {
  await startAs(page, 'Tina Berg', 'Supervisor');
  await setUpPlant(page);
  await goToBoard(page);
  await reportIssue(page, { title: 'Conveyor jam at the infeed' });

  // The service worker has cached the built files once it controls the page.
  await page.evaluate(async () => {
    await (globalThis as unknown as { navigator: { serviceWorker: ServiceWorkers } }).navigator
      .serviceWorker.ready;
  });
  await page.reload();
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (globalThis as unknown as { navigator: { serviceWorker: ServiceWorkers } }).navigator
            .serviceWorker.controller !== null,
      ),
    )
    .toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(card(column(page, 'New'), 'Conveyor jam at the infeed')).toBeVisible();
  await reportIssue(page, { title: 'Reported without a network' });
  await expect(card(column(page, 'New'), 'Reported without a network')).toBeVisible();
  await context.setOffline(false);
});
