/**
 * The main process's services with the real core and its scheduler, on the fake Electron:
 * a level fired by the scheduler becomes a notification and a tray entry; clicking the
 * notification brings the window forward and tells its page to open the issue; the tray
 * acknowledges; the system waking from sleep wakes the scheduler.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EscalationRuleDraft } from '../../../shared/escalation';
import { startAppServices, type AppServices } from '../app-services';
import { resolveAppLocation } from '../app-location';
import { FakeElectron, recordingLogger, type FakeBrowserWindow } from '../fake-electron.test-util';

const location = resolveAppLocation({
  indexPath: '/opt/autoescalate/renderer/index.html',
  isPackaged: true,
});
let counter = 0;

const started: { electron: FakeElectron; services: AppServices }[] = [];

afterEach(async () => {
  for (const { electron, services } of started.splice(0)) {
    await services.close();
    electron.dispose();
  }
});

/** The device's user is a supervisor: the rule and the site are set up through the core. */
function start(electron = new FakeElectron().actLocallyAs({ userId: 'tina', role: 'supervisor' })) {
  const log = recordingLogger();
  const showMainWindow = vi.fn();
  const services = startAppServices({
    electron,
    location,
    userDataDir: electron.userData,
    userName: 'tina',
    openStorage: () => getRxStorageMemory(),
    log,
    databaseName: `alerts${process.pid}x${++counter}`,
    showMainWindow,
  });
  started.push({ electron, services });
  return { electron, services, log, showMainWindow };
}

/** A rule whose only level is due the moment an issue is created. */
const immediate: EscalationRuleDraft = {
  name: 'Safety issues: tell the supervisors at once',
  description: '',
  enabled: true,
  scope: { priorities: [], types: ['safety'], locationIds: [], statuses: [] },
  clock: {
    start: { on: 'created' },
    stop: [{ on: 'acknowledged' }],
    pauseStatuses: [],
    calendar: '24x7',
  },
  levels: [
    {
      delayMinutes: 0,
      from: 'clock-start',
      actions: [
        {
          type: 'notify',
          recipients: [{ kind: 'role', role: 'supervisor' }],
          message: 'Safety issue reported: {title}',
        },
      ],
    },
  ],
};

async function reportSafetyIssue(services: AppServices) {
  const commands = await services.core.commands();
  await commands.saveEscalationRule(immediate);
  const site = await commands.createLocation({ name: 'Plant A', kind: 'site' });
  return commands.createIssue({
    title: 'Guard rail missing at press 2',
    type: 'safety',
    priority: 'Medium',
    severity: 4,
    locationId: site.id,
  });
}

function windowOf(electron: FakeElectron, services: AppServices): FakeBrowserWindow {
  const window = electron.createWindow({});
  services.addWindow(window);
  return window;
}

describe('escalation alerts in the main process', () => {
  it('notifies a fired level; a click shows the window and asks its page to open the issue', async () => {
    const { electron, services } = start();
    const window = windowOf(electron, services);
    window.minimize();
    const issue = await reportSafetyIssue(services);

    await vi.waitFor(() => expect(electron.shownNotifications()).toHaveLength(1));
    const [notification] = electron.shownNotifications();
    expect(notification!.options).toMatchObject({
      title: 'Medium: Guard rail missing at press 2',
      body: 'Safety issue reported: Guard rail missing at press 2',
    });
    notification!.click();
    expect(window.isMinimized()).toBe(false);
    expect(window.focusCount).toBe(1);
    expect(window.webContents.sent).toContainEqual({
      channel: 'alert:open-issue',
      args: [{ issueId: issue.id }],
    });
  });

  it('counts the escalated issue in the tray, and acknowledges it from there', async () => {
    const { electron, services } = start();
    const issue = await reportSafetyIssue(services);
    const tray = electron.trays[0]!;
    await vi.waitFor(() => expect(tray.toolTip).toBe('AutoEscalate: 1 overdue, 1 escalated'));
    const entry = tray.labels().find((label) => label.endsWith('Guard rail missing at press 2'))!;
    tray.pick(entry, 'Acknowledge');
    await vi.waitFor(() => expect(tray.toolTip).toBe('AutoEscalate: Nothing overdue or escalated'));
    const commands = await services.core.commands();
    await expect(commands.acknowledgeIssue(issue.id)).rejects.toThrow('is already acknowledged');
  });

  it('opens a window for an alert clicked while none is open, and sends the issue once it shows', async () => {
    const { electron, services, showMainWindow } = start();
    const issue = await reportSafetyIssue(services);
    await vi.waitFor(() => expect(electron.shownNotifications()).toHaveLength(1));
    electron.shownNotifications()[0]!.click();
    expect(showMainWindow).toHaveBeenCalledOnce();

    const window = windowOf(electron, services);
    expect(window.webContents.sent.map((s) => s.channel)).not.toContain('alert:open-issue');
    await window.loadURL(location.url);
    await vi.waitFor(() =>
      expect(window.webContents.sent).toContainEqual({
        channel: 'alert:open-issue',
        args: [{ issueId: issue.id }],
      }),
    );
  });

  it('listens for the system resuming, and removes the tray on close', async () => {
    const { electron, services } = start();
    await services.core.commands();
    await vi.waitFor(() => expect(electron.fakePowerMonitor.listenerCount('resume')).toBe(1));
    const tray = electron.trays[0]!;
    await services.close();
    expect(tray.destroyed).toBe(true);
  });
});
