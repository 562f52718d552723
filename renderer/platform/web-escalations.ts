/**
 * Escalations in the web edition: of all the tabs open on this browser's database, the
 * leader (RxDB leader election) runs the scheduler, so every level fires once; its alerts
 * become browser notifications when the person allowed them, and a click on one opens the
 * issue in that tab.
 *
 * The scheduler runs on the page's main thread and starts by reading every issue, its
 * history and the fired levels: begun with the page, that doubled the time to the first
 * board. It starts a few seconds after the first screen is shown, once the page is idle (at
 * the latest after `latestStartMs`, should the screen never say so): the person's first
 * clicks and drags, and a page reloaded at once, do not wait on its reading. The core reads
 * into it in slices (see startWebCore). Levels that came due meanwhile fire then, as after
 * any restart.
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

/** The latest the scheduler waits for the first screen before it starts anyway. */
export const LATEST_START_MS = 10_000;
/** How long after the first screen the scheduler waits: the person's first moves come first. */
export const AFTER_SCREEN_MS = 3_000;

export interface LeaderTabOptions {
  /** How a notice is shown; a browser notification by default. */
  show?: ShowNotice;
  /** Resolves once the UI has shown its first screen; the scheduler starts after it. */
  after?: Promise<void>;
  /** Starts anyway this long after the core started. Default LATEST_START_MS. */
  latestStartMs?: number;
  /** Waits this long after the first screen. Default AFTER_SCREEN_MS. */
  afterScreenMs?: number;
  /** Resolves when the page is idle; requestIdleCallback where the browser has it. */
  idle?: () => Promise<void>;
}

/** The next idle period of the page (a task later where the browser cannot tell). */
export function browserIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: 2_000 });
    } else setTimeout(resolve, 0);
  });
}

/**
 * Waits to become the leader tab and for the first screen, then runs the core's escalation
 * scheduler and announces its alerts. Returns a function that stops it (the page closing
 * stops it anyway).
 */
export function runEscalationsInLeaderTab(
  core: AppCore,
  openIssue: (issueId: string) => void,
  options: LeaderTabOptions = {},
): () => Promise<void> {
  const show = options.show ?? showBrowserNotification;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  let starting: Promise<void> | undefined;
  let release!: () => void;
  const firstScreen = new Promise<void>((resolve) => (release = resolve));
  const latest = setTimeout(release, options.latestStartMs ?? LATEST_START_MS);
  options.after?.then(release, release);
  const planner = createNoticePlanner();
  Promise.all([core.db.waitForLeadership(), firstScreen])
    .then(async () => {
      clearTimeout(latest);
      if (stopped) return;
      await new Promise((resolve) => setTimeout(resolve, options.afterScreenMs ?? AFTER_SCREEN_MS));
      if (stopped) return;
      await (options.idle ?? browserIdle)();
      if (stopped) return;
      starting = core.escalation.start();
      await starting;
      const subscription = core.escalation.alerts$.subscribe((batch) => {
        for (const notice of planner.plan(batch)) show(notice, openIssue);
      });
      unsubscribe = () => subscription.unsubscribe();
    })
    .catch((error: unknown) => console.error('Escalations could not start here:', error));
  return async () => {
    stopped = true;
    clearTimeout(latest);
    release();
    await starting?.catch(() => undefined);
    unsubscribe?.();
    await core.escalation.stop();
  };
}
