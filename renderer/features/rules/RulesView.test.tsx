// @vitest-environment happy-dom
import { ThemeProvider } from '@mui/material/styles';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import { openTestCore, plantOf } from '../../app/app-providers.test-util';
import { createAppTheme } from '../../app/theme';
import { RulesView } from './RulesView';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function setUp() {
  // A supervisor: rules are the team's setup.
  const core = await openTestCore({ role: 'supervisor' });
  cores.push(core);
  render(
    <ThemeProvider theme={createAppTheme('light')}>
      <RulesView db={core.db} commands={core.commands} canChange />
    </ThemeProvider>,
  );
  const list = await screen.findByRole('list', { name: 'Escalation rules' });
  return { core, list };
}

async function versionsOf(core: AppCore, ruleId: string) {
  const docs = await core.db.escalation_rules.find({ selector: { id: ruleId } }).exec();
  return docs.map((d) => d.toMutableJSON()).sort((a, b) => a.version - b.version);
}

/** The message under a field, as a screen reader hears it. */
function helperOf(container: HTMLElement, label: string): string {
  const field = within(container).getByLabelText(label, {
    exact: false,
    selector: 'input, textarea',
  });
  return (field.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
    .trim();
}

describe('the rules view', () => {
  it('lists the rules with what they watch, how their clock runs and what happens when', async () => {
    const { list } = await setUp();
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      'Critical issue not acknowledged in 15 minutes',
      'High issue not acknowledged in 60 minutes',
      'Not resolved within 1 working day',
    ]);
    const critical = items[0]!;
    expect(critical.textContent).toContain('Critical issues.');
    expect(critical.textContent).toContain(
      'From coming into scope until acknowledged or resolved, around the clock.',
    );
    expect(critical.textContent).toContain(
      'After 15 min, then 15 min more; the last level again every 30 min, 4 times.',
    );
    expect(critical.textContent).toContain('1: Notify the assignee and supervisors');
    expect(within(items[2]!).getByText('v1')).toBeDefined();
  });

  it('switches a rule off and on, each time as a new version', async () => {
    const { core, list } = await setUp();
    const high = within(list).getByRole('listitem', {
      name: 'High issue not acknowledged in 60 minutes',
    });
    const toggle = within(high).getByRole('switch', {
      name: 'High issue not acknowledged in 60 minutes is on',
    });
    await userEvent.click(toggle);
    await waitFor(() => expect(within(high).getByText('Off')).toBeDefined());
    expect(within(high).getByText('v2')).toBeDefined();
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      '“High issue not acknowledged in 60 minutes” is off (version 2).',
    );
    await userEvent.click(toggle);
    await waitFor(() => expect(within(high).queryByText('Off')).toBeNull());
    expect((await versionsOf(core, 'high-unacknowledged')).map((r) => r.enabled)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('creates a rule, saying first what is missing', async () => {
    const { core } = await setUp();
    await userEvent.click(screen.getByRole('button', { name: 'New rule' }));
    const dialog = await screen.findByRole('dialog', { name: 'New escalation rule' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create rule' }));
    expect(within(dialog).getByText(/1 problem to fix/)).toBeDefined();
    expect(helperOf(dialog, 'Name')).toBe('Name must not be empty.');
    expect(await core.db.escalation_rules.count().exec()).toBe(3);

    await userEvent.type(within(dialog).getByLabelText('Name', { exact: false }), 'Safety at once');
    expect(helperOf(dialog, 'Name')).toBe('');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Safety' }));
    const delay = within(dialog).getByLabelText('After (minutes)');
    await userEvent.clear(delay);
    expect(helperOf(dialog, 'After (minutes)')).not.toBe('');
    await userEvent.type(delay, '10');
    expect(helperOf(dialog, 'After (minutes)')).toBe('10 min');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create rule' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const created = await screen.findByRole('listitem', { name: 'Safety at once' });
    expect(created.textContent).toContain('All safety issues.');
    const stored = (await core.db.escalation_rules.find().exec()).find(
      (d) => d.name === 'Safety at once',
    );
    expect(stored?.toMutableJSON()).toMatchObject({
      version: 1,
      enabled: true,
      scope: { types: ['safety'], priorities: [] },
      levels: [{ delayMinutes: 10, from: 'clock-start' }],
    });
  });

  it('previews which issues a rule takes in and what would fire on saving it', async () => {
    const { core } = await setUp();
    const { line } = await plantOf(core);
    await core.commands.createIssue({
      title: 'Guard rail missing',
      type: 'safety',
      priority: 'Medium',
      severity: 4,
      locationId: line.id,
    });
    await core.commands.createIssue({
      title: 'Labels smudged',
      type: 'quality',
      priority: 'Low',
      severity: 1,
      locationId: line.id,
    });
    await userEvent.click(screen.getByRole('button', { name: 'New rule' }));
    const dialog = await screen.findByRole('dialog');
    const preview = within(dialog).getByRole('region', { name: 'Preview' });
    expect(preview.textContent).toContain('once the rule has no problems left');

    await userEvent.type(within(dialog).getByLabelText('Name', { exact: false }), 'Safety now');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Safety' }));
    const delay = within(dialog).getByLabelText('After (minutes)');
    await userEvent.clear(delay);
    await userEvent.type(delay, '0');
    const table = await within(preview).findByRole('table', { name: 'Issues under this rule' });
    expect(within(preview).getByRole('status').textContent).toBe(
      '1 issue falls under this rule; saving it fires 1 level at once.',
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^Guard rail missingNewRunningLevel 1 on save/),
    ]);

    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Safety' }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Quality' }));
    await waitFor(() =>
      expect(within(preview).getByRole('table').textContent).toContain('Labels smudged'),
    );
  });

  it('edits a rule as its next version, and says so when someone saved one meanwhile', async () => {
    const { core, list } = await setUp();
    const critical = within(list).getByRole('listitem', {
      name: 'Critical issue not acknowledged in 15 minutes',
    });
    await userEvent.click(
      within(critical).getByRole('button', {
        name: 'Edit Critical issue not acknowledged in 15 minutes',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Saving makes version 2.');
    const name = within(dialog).getByLabelText('Name', { exact: false });
    await userEvent.clear(name);
    await userEvent.type(name, 'Critical: 15 minutes');
    await core.commands.setEscalationRuleEnabled('critical-unacknowledged', false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save version' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(
      /was changed meanwhile \(version 2, you edited version 1\)/,
    );
    expect((await versionsOf(core, 'critical-unacknowledged')).map((r) => r.name)).toEqual([
      'Critical issue not acknowledged in 15 minutes',
      'Critical issue not acknowledged in 15 minutes',
    ]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await userEvent.click(
      within(critical).getByRole('button', {
        name: 'Edit Critical issue not acknowledged in 15 minutes',
      }),
    );
    const again = await screen.findByRole('dialog');
    expect(again.textContent).toContain('Saving makes version 3.');
    await userEvent.click(within(again).getByRole('button', { name: 'Save version' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await versionsOf(core, 'critical-unacknowledged')).map((r) => r.version)).toEqual([
      1, 2, 3,
    ]);
  });

  it('shows a technician the rules with every change disabled, and says why', async () => {
    const core = await openTestCore({ role: 'technician' });
    cores.push(core);
    render(
      <ThemeProvider theme={createAppTheme('light')}>
        <RulesView db={core.db} commands={core.commands} canChange={false} />
      </ThemeProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Escalation rules' });
    const newRule = screen.getByRole('button', { name: 'New rule' });
    expect(newRule).toHaveProperty('disabled', true);
    const edits = within(list).getAllByRole('button', { name: /^Edit / });
    expect(edits.length).toBeGreaterThan(0);
    for (const edit of edits) expect(edit).toHaveProperty('disabled', true);
    for (const toggle of within(list).getAllByRole('switch')) {
      expect(toggle).toHaveProperty('disabled', true);
    }
    // The reason, on hover or keyboard focus of the disabled action.
    const user = userEvent.setup();
    await user.hover(newRule.parentElement!);
    expect((await screen.findByRole('tooltip')).textContent).toMatch(
      /Only supervisors and admins set up locations, workflows and escalation rules/,
    );
    // Nothing was offered that the core would refuse.
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('assigns by name: offers the people not disabled, stores the id, and names them in the list', async () => {
    const { core, list } = await setUp();
    const person = { userName: 'x', role: 'technician' as const, sites: [], updatedAt: 1 };
    await core.db.people.bulkInsert([
      { ...person, id: 'u-5d', name: 'Dana Smith', active: true },
      { ...person, id: 'u-1s', name: 'Sam Lee', active: false },
    ]);
    const critical = within(list).getByRole('listitem', {
      name: 'Critical issue not acknowledged in 15 minutes',
    });
    await userEvent.click(
      within(critical).getByRole('button', {
        name: 'Edit Critical issue not acknowledged in 15 minutes',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('combobox', { name: /Add an action to level 1/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'Assign' }));
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Assignee' }));
    const offered = await screen.findByRole('listbox');
    expect(
      within(offered)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Dana Smith']);
    await userEvent.click(within(offered).getByRole('option', { name: 'Dana Smith' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save version' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = (await versionsOf(core, 'critical-unacknowledged')).at(-1);
    expect(saved?.levels[0]?.actions).toContainEqual({ type: 'assign', assignee: 'u-5d' });
    await waitFor(() =>
      expect(
        within(list).getByRole('listitem', {
          name: 'Critical issue not acknowledged in 15 minutes',
        }).textContent,
      ).toContain('Assign to Dana Smith'),
    );
  });
});
