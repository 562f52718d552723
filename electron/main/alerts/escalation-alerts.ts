/**
 * The desktop side of escalation: a tray icon whose tooltip, title and menu follow the
 * scheduler's summary (overdue and escalated counts, the most urgent issues with Open,
 * Acknowledge and Snooze 1 hour), and a desktop notification per fired level, planned so
 * that nothing is announced twice and many levels at once make one summary. Clicking a
 * notification opens its issue; its buttons (where the system shows them) acknowledge or
 * snooze it.
 */
import type { Subscription } from 'rxjs';
import type { Clock } from '../../../shared/core/app-core';
import type { AppCommands } from '../../../shared/core/commands';
import {
  createNoticePlanner,
  type AlertBatch,
  type AlertNotice,
} from '../../../shared/core/escalation/alerts';
import type { EscalationSummary } from '../../../shared/core/escalation/escalation-model';
import { SNOOZE_DEFAULT_MS } from '../../../shared/core/escalation/snooze';
import type { ElectronApi, NotificationApi, TrayApi } from '../electron-api';
import { describeError, type Logger } from '../logger';
import { trayIcon, type TrayIconState } from './tray-icon';
import {
  localTime,
  trayMenu,
  trayTitle,
  trayToolTip,
  type TimeFormat,
  type TrayActions,
} from './tray-menu';

/** What the alerts read of the scheduler (an `EscalationService` is one). */
export interface AlertFeed {
  readonly alerts$: { subscribe(next: (batch: AlertBatch) => void): Subscription };
  readonly summary$: { subscribe(next: (summary: EscalationSummary) => void): Subscription };
}

export interface EscalationAlertsOptions {
  electron: Pick<
    ElectronApi,
    'createTray' | 'createNotification' | 'notificationsSupported' | 'platform'
  >;
  feed: AlertFeed;
  commands: Pick<AppCommands, 'acknowledgeIssue' | 'snoozeIssue'>;
  clock: Clock;
  /** Brings the app's window forward showing the issue. */
  openIssue(issueId: string): void;
  /** Brings the app's window forward. */
  showApp(): void;
  quit(): void;
  log: Logger;
  /** More issues than this firing at once make one summary notification. Default 3. */
  summaryAfter?: number;
  /** Clock times in menu labels; the system's locale by default. */
  timeFormat?: TimeFormat;
}

export interface EscalationAlerts {
  readonly tray: TrayApi;
  /** Removes the tray icon and stops listening. Safe to call twice. */
  stop(): void;
}

/** The notification buttons, in order: where the system shows buttons at all. */
export const NOTIFICATION_ACTIONS = ['Acknowledge', 'Snooze 1 hour'] as const;
const PLATFORMS_WITH_ACTIONS = new Set(['darwin', 'win32']);

export function startEscalationAlerts(options: EscalationAlertsOptions): EscalationAlerts {
  const { electron, commands, clock, log } = options;
  const planner = createNoticePlanner({ summaryAfter: options.summaryAfter ?? 3 });
  const withButtons = PLATFORMS_WITH_ACTIONS.has(electron.platform);
  /** Notifications are kept referenced until closed, or their clicks are lost. */
  const live = new Set<NotificationApi>();
  let iconState: TrayIconState = 'calm';
  let stopped = false;
  let warnedUnsupported = false;

  const tray = electron.createTray(trayIcon(iconState));
  tray.on('click', () => options.showApp());

  function notify(title: string, body: string, setup?: (n: NotificationApi) => void): void {
    if (!electron.notificationsSupported()) {
      if (!warnedUnsupported) log.warn('Desktop notifications are not supported here');
      warnedUnsupported = true;
      return;
    }
    const notification = electron.createNotification({ title, body });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    setup?.(notification);
    notification.show();
  }

  async function act(kind: 'acknowledge' | 'snooze', issueId: string): Promise<void> {
    try {
      if (kind === 'acknowledge') await commands.acknowledgeIssue(issueId);
      else await commands.snoozeIssue(issueId, clock.now() + SNOOZE_DEFAULT_MS);
    } catch (error) {
      log.warn(`Could not ${kind} the issue from an alert`, { issueId, ...describeError(error) });
      notify(
        kind === 'acknowledge' ? 'Could not acknowledge the issue' : 'Could not snooze the issue',
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  const actions: TrayActions = {
    openIssue: (issueId) => options.openIssue(issueId),
    acknowledge: (issueId) => void act('acknowledge', issueId),
    snooze: (issueId) => void act('snooze', issueId),
    showApp: () => options.showApp(),
    quit: () => options.quit(),
  };

  function showSummary(summary: EscalationSummary): void {
    if (stopped) return;
    tray.setToolTip(trayToolTip(summary));
    tray.setTitle(trayTitle(summary));
    tray.setContextMenu(trayMenu(summary, clock.now(), actions, options.timeFormat ?? localTime));
    const state: TrayIconState = summary.overdue > 0 ? 'attention' : 'calm';
    if (state !== iconState) {
      iconState = state;
      tray.setImage(trayIcon(state));
    }
  }

  function showNotice(notice: AlertNotice): void {
    if (notice.kind === 'summary') {
      notify(notice.title, notice.body, (n) => n.on('click', () => options.showApp()));
      return;
    }
    const { issueId } = notice;
    if (!electron.notificationsSupported()) {
      notify(notice.title, notice.body);
      return;
    }
    const notification = electron.createNotification({
      title: notice.title,
      body: notice.body,
      urgency: notice.urgency,
      ...(withButtons && {
        actions: NOTIFICATION_ACTIONS.map((text) => ({ type: 'button' as const, text })),
      }),
    });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    notification.on('click', () => options.openIssue(issueId));
    notification.on('action', (details, index) => {
      const action = details?.actionIndex ?? index;
      if (action === 0) void act('acknowledge', issueId);
      else if (action === 1) void act('snooze', issueId);
    });
    notification.show();
  }

  showSummary({ overdue: 0, escalated: 0, attention: 0, urgent: [], at: clock.now() });
  const subscriptions: Subscription[] = [
    options.feed.summary$.subscribe(showSummary),
    options.feed.alerts$.subscribe((batch) => {
      if (stopped) return;
      try {
        for (const notice of planner.plan(batch)) showNotice(notice);
      } catch (error) {
        log.error('An escalation alert could not be shown', describeError(error));
      }
    }),
  ];

  return {
    tray,
    stop() {
      if (stopped) return;
      stopped = true;
      for (const subscription of subscriptions) subscription.unsubscribe();
      live.clear();
      tray.destroy();
    },
  };
}
