/**
 * The tray and the notifications against the fake Electron: what they show for the
 * scheduler's summary and alerts, and what clicking them does.
 */
import { BehaviorSubject, Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertBatch, EscalationAlert } from '../../../shared/core/escalation/alerts';
import type {
  EscalationSummary,
  UrgentIssue,
} from '../../../shared/core/escalation/escalation-model';
import { DomainError } from '../../../shared/validation/errors';
import { FakeElectron, recordingLogger } from '../fake-electron.test-util';
import { startEscalationAlerts, type EscalationAlerts } from './escalation-alerts';
import { trayIcon } from './tray-icon';

const NOW = Date.UTC(2026, 10, 2, 9, 0);
const HOUR = 3_600_000;
const time = (at: number) => new Date(at).toISOString().slice(11, 16);

function alert(
  issueId: string,
  level = 1,
  overrides: Partial<EscalationAlert> = {},
): EscalationAlert {
  return {
    escalationId: `${issueId}:critical-unacknowledged:1:${level}`,
    issueId,
    issueTitle: `Issue ${issueId}`,
    priority: 'Critical',
    ruleId: 'critical-unacknowledged',
    ruleName: 'Critical issue not acknowledged in 15 minutes',
    cycle: 1,
    level,
    repeat: 0,
    dueAt: NOW,
    firedAt: NOW,
    late: false,
    lateByMs: 0,
    stale: false,
    message: `Critical issue "Issue ${issueId}" has not been acknowledged for 15 minutes.`,
    recipients: { userIds: [], roles: ['supervisor'] },
    forActor: false,
    firedHere: true,
    ...overrides,
  };
}

function urgent(issueId: string, overrides: Partial<UrgentIssue> = {}): UrgentIssue {
  return {
    issueId,
    title: `Issue ${issueId}`,
    priority: 'Critical',
    overdue: true,
    escalated: true,
    ruleName: 'Critical issue not acknowledged in 15 minutes',
    breachAt: NOW - 25 * 60_000,
    nextLevelAt: NOW + 5 * 60_000,
    snoozedUntil: null,
    ...overrides,
  };
}

const quiet: EscalationSummary = { overdue: 0, escalated: 0, attention: 0, urgent: [], at: NOW };

function setup(platform = 'linux') {
  const electron = new FakeElectron({ platform });
  const summary$ = new BehaviorSubject<EscalationSummary>(quiet);
  const alerts$ = new Subject<AlertBatch>();
  const commands = {
    acknowledgeIssue: vi.fn(() => Promise.resolve({} as never)),
    snoozeIssue: vi.fn((issueId: string, until: number) => Promise.resolve({ issueId, until })),
  };
  const opened: string[] = [];
  let shown = 0;
  let quits = 0;
  const log = recordingLogger();
  const alerts: EscalationAlerts = startEscalationAlerts({
    electron,
    feed: { summary$, alerts$ },
    commands,
    clock: { now: () => NOW },
    openIssue: (issueId) => opened.push(issueId),
    showApp: () => shown++,
    quit: () => quits++,
    log,
    timeFormat: time,
  });
  const tray = electron.trays[0]!;
  running.push({ electron, alerts });
  return {
    electron,
    tray,
    summary$,
    alerts$,
    commands,
    opened,
    log,
    alerts,
    shown: () => shown,
    quits: () => quits,
  };
}

const running: { electron: FakeElectron; alerts: EscalationAlerts }[] = [];
afterEach(() => {
  for (const { electron, alerts } of running.splice(0)) {
    alerts.stop();
    electron.dispose();
  }
});

/** Lets the command promises started by a click settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the tray', () => {
  it('starts calm, then counts overdue and escalated issues and names the urgent ones', () => {
    const { tray, summary$ } = setup();
    expect(tray.toolTip).toBe('AutoEscalate: Nothing overdue or escalated');
    expect(tray.title).toBe('');
    expect(tray.image).toEqual(trayIcon('calm'));
    expect(tray.labels()).toEqual([
      'Nothing overdue or escalated',
      '-',
      'Show AutoEscalate',
      'Quit AutoEscalate',
    ]);

    summary$.next({
      overdue: 2,
      escalated: 3,
      attention: 7,
      urgent: [
        urgent('a'),
        urgent('b', { snoozedUntil: NOW + HOUR }),
        urgent('c', { overdue: false, breachAt: NOW + 10 * 60_000 }),
      ],
      at: NOW,
    });
    expect(tray.toolTip).toBe('AutoEscalate: 2 overdue, 3 escalated');
    expect(tray.title).toBe('2');
    expect(tray.image).toEqual(trayIcon('attention'));
    expect(tray.labels()).toEqual([
      '2 overdue, 3 escalated',
      '-',
      'Overdue since 08:35: Issue a',
      'Overdue since 08:35: Issue b (snoozed until 10:00)',
      'Escalated, due 09:10: Issue c',
      '4 more in the app…',
      '-',
      'Show AutoEscalate',
      'Quit AutoEscalate',
    ]);
    expect(tray.item('2 overdue, 3 escalated').enabled).toBe(false);
    expect(tray.labels(tray.item('Overdue since 08:35: Issue a').submenu)).toEqual([
      'Open',
      'Acknowledge',
      'Snooze 1 hour',
    ]);

    summary$.next({
      ...quiet,
      escalated: 1,
      attention: 1,
      urgent: [urgent('c', { overdue: false })],
    });
    expect(tray.image).toEqual(trayIcon('calm'));
    expect(tray.imageChanges).toBe(3);
  });

  it('opens, acknowledges and snoozes from the menu, and shows or quits the app', async () => {
    const { tray, summary$, commands, opened, shown, quits } = setup();
    summary$.next({ overdue: 1, escalated: 1, attention: 1, urgent: [urgent('a')], at: NOW });
    const label = 'Overdue since 08:35: Issue a';
    tray.pick(label, 'Open');
    tray.pick(label, 'Acknowledge');
    tray.pick(label, 'Snooze 1 hour');
    await settle();
    expect(opened).toEqual(['a']);
    expect(commands.acknowledgeIssue).toHaveBeenCalledWith('a');
    expect(commands.snoozeIssue).toHaveBeenCalledWith('a', NOW + HOUR);
    tray.pick('Show AutoEscalate');
    tray.click();
    tray.pick('Quit AutoEscalate');
    expect(shown()).toBe(2);
    expect(quits()).toBe(1);
  });

  it('says why an acknowledgement was refused', async () => {
    const { electron, tray, summary$, commands, log } = setup();
    commands.acknowledgeIssue.mockRejectedValueOnce(
      new DomainError(
        'illegal-transition',
        '"Issue a" is already acknowledged: it is "In Progress".',
      ),
    );
    summary$.next({ overdue: 1, escalated: 1, attention: 1, urgent: [urgent('a')], at: NOW });
    tray.pick('Overdue since 08:35: Issue a', 'Acknowledge');
    await settle();
    expect(electron.shownNotifications().map((n) => n.options)).toEqual([
      {
        title: 'Could not acknowledge the issue',
        body: '"Issue a" is already acknowledged: it is "In Progress".',
      },
    ]);
    expect(log.messages('warn')).toEqual(['Could not acknowledge the issue from an alert']);
  });

  it('goes away when stopped', () => {
    const { tray, summary$, alerts } = setup();
    alerts.stop();
    expect(tray.destroyed).toBe(true);
    expect(() => summary$.next({ ...quiet, overdue: 1 })).not.toThrow();
    alerts.stop();
  });
});

describe('the notifications', () => {
  it('shows one per fired level, once, and a click opens its issue', () => {
    const { electron, alerts$, opened } = setup();
    alerts$.next({ at: NOW, alerts: [alert('a')] });
    const [shown] = electron.shownNotifications();
    expect(shown?.options).toEqual({
      title: 'Critical: Issue a',
      body: 'Critical issue "Issue a" has not been acknowledged for 15 minutes.',
      urgency: 'critical',
    });
    shown!.click();
    expect(opened).toEqual(['a']);

    alerts$.next({ at: NOW, alerts: [alert('a')] });
    alerts$.next({ at: NOW, alerts: [alert('a', 2, { stale: true })] });
    expect(electron.shownNotifications()).toHaveLength(1);
  });

  it('offers Acknowledge and Snooze 1 hour where the system shows buttons', async () => {
    const { electron, alerts$, commands } = setup('darwin');
    alerts$.next({ at: NOW, alerts: [alert('a')] });
    const [shown] = electron.shownNotifications();
    expect(shown?.options.actions).toEqual([
      { type: 'button', text: 'Acknowledge' },
      { type: 'button', text: 'Snooze 1 hour' },
    ]);
    shown!.pressAction(1);
    shown!.pressAction(0);
    await settle();
    expect(commands.snoozeIssue).toHaveBeenCalledWith('a', NOW + HOUR);
    expect(commands.acknowledgeIssue).toHaveBeenCalledWith('a');
  });

  it('sums up many issues firing at once in one notification that shows the app', () => {
    const { electron, alerts$, shown } = setup();
    alerts$.next({
      at: NOW,
      alerts: ['a', 'b', 'c', 'd'].flatMap((id) => [alert(id, 1), alert(id, 2, { late: true })]),
    });
    const notices = electron.shownNotifications();
    expect(notices.map((n) => n.options.title)).toEqual(['4 issues escalated']);
    expect(notices[0]!.options.body).toBe(
      '• Critical: Issue a\n• Critical: Issue b\n• Critical: Issue c\n…and 1 more.',
    );
    notices[0]!.click();
    expect(shown()).toBe(1);
  });

  it('keeps quiet, with one warning, where notifications are not supported', () => {
    const { electron, alerts$, log } = setup();
    electron.notificationSupport = false;
    alerts$.next({ at: NOW, alerts: [alert('a')] });
    alerts$.next({ at: NOW, alerts: [alert('b')] });
    expect(electron.notifications).toHaveLength(0);
    expect(log.messages('warn')).toEqual(['Desktop notifications are not supported here']);
  });
});

describe('the tray icon', () => {
  it('is a 16-point badge drawn at twice the resolution, red when issues are overdue', () => {
    const calm = trayIcon('calm');
    const attention = trayIcon('attention');
    expect(calm).toMatchObject({ width: 32, height: 32, scaleFactor: 2 });
    expect(calm.pixels).toHaveLength(32 * 32 * 4);
    const at = (image: typeof calm, x: number, y: number) =>
      Array.from(image.pixels.slice((y * 32 + x) * 4, (y * 32 + x) * 4 + 4));
    expect(at(calm, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(at(calm, 16, 27)).toEqual([0xa8, 0x5f, 0x1f, 255]);
    expect(at(attention, 16, 27)).toEqual([0x28, 0x28, 0xc6, 255]);
    expect(at(attention, 16, 12)).toEqual([255, 255, 255, 255]);
  });
});
