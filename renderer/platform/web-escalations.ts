/**
 * Escalations in the web edition: of all the tabs open on this browser's database, the
 * leader (RxDB leader election) runs the scheduler, so every level fires once; its alerts
 * become browser notifications when the person allowed them, and a click on one opens the
 * issue in that tab.
 */
import type { AppCore } from '../../shared/core/app-core';
import { createNoticePlanner, type AlertNotice } from '../../shared/core/escalation';
import type { AlertPermission, AlertPermissionState } from './bridge';

/** The browser's notification permission, as the bridge reports it. */
export const browserAlertPermission: AlertPermission = {
  state: (): AlertPermissionState =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  request: async (): Promise<AlertPermissionState> =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.requestPermission(),
};

/** Shows a notice (a browser notification); `open` is called with the issue when clicked. */
export type ShowNotice = (notice: AlertNotice, open: (issueId: string) => void) => void;

export function showBrowserNotification(notice: AlertNotice, open: (issueId: string) => void) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(notice.title, {
    body: notice.body,
    tag: notice.kind === 'issue' ? notice.issueId : 'autoescalate-summary',
  });
  notification.onclick = () => {
    globalThis.focus();
    if (notice.kind === 'issue') open(notice.issueId);
    notification.close();
  };
}

/**
 * Waits to become the leader tab, then runs the core's escalation scheduler and announces
 * its alerts. Returns a function that stops it (the page closing stops it anyway).
 */
export function runEscalationsInLeaderTab(
  core: AppCore,
  openIssue: (issueId: string) => void,
  show: ShowNotice = showBrowserNotification,
): () => Promise<void> {
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  const planner = createNoticePlanner();
  const started = core.db.waitForLeadership().then(async () => {
    if (stopped) return;
    await core.escalation.start();
    const subscription = core.escalation.alerts$.subscribe((batch) => {
      for (const notice of planner.plan(batch)) show(notice, openIssue);
    });
    unsubscribe = () => subscription.unsubscribe();
  });
  started.catch((error: unknown) => console.error('Escalations could not start here:', error));
  return async () => {
    stopped = true;
    await started.catch(() => undefined);
    unsubscribe?.();
    await core.escalation.stop();
  };
}
