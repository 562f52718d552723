// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { Issue, Person } from '../../../shared/domain';
import { DomainError } from '../../../shared/validation/errors';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { IssueFormDialog, type IssueFormMode } from './IssueFormDialog';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function setUp(
  options: {
    mode?: (core: AppCore, lineId: string) => Promise<IssueFormMode>;
    refuse?: DomainError;
  } = {},
) {
  const core = await openTestCore();
  cores.push(core);
  const { line } = await plantOf(core);
  const mode = options.mode ? await options.mode(core, line.id) : { kind: 'create' as const };
  const refusal = options.refuse;
  const session = sessionOf(core, refusal ? { createIssue: () => Promise.reject(refusal) } : {});
  const onSaved = vi.fn<(issue: Issue) => void>();
  render(
    <AppProviders session={session}>
      <IssueFormDialog
        open
        mode={mode}
        onClose={() => undefined}
        onSaved={onSaved}
        onGoToLocations={() => undefined}
      />
    </AppProviders>,
  );
  const form = await screen.findByRole('dialog');
  // The location tree is read live; wait until the picker can offer it.
  await waitFor(() =>
    expect(within(form).getByRole('combobox', { name: 'Location' }).hasAttribute('disabled')).toBe(
      false,
    ),
  );
  return { core, form, line, onSaved };
}

function helperOf(form: HTMLElement, label: string): string {
  const field = within(form).getByLabelText(label, { exact: false, selector: 'input, textarea' });
  const describedBy = field.getAttribute('aria-describedby') ?? '';
  return describedBy
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
    .replace(/\u200b/g, '')
    .trim();
}

describe('the issue form', () => {
  it('says what is missing when saved empty, and saves nothing', async () => {
    const { core, form, onSaved } = await setUp();
    await userEvent.click(within(form).getByRole('button', { name: 'Report issue' }));
    expect(helperOf(form, 'Title')).toBe('Title must not be empty.');
    expect(helperOf(form, 'Location')).toBe('Choose the location of the issue.');
    expect(await core.db.issues.count().exec()).toBe(0);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('checks the title as it is typed, with the core’s limit and a counter', async () => {
    const { form } = await setUp();
    const title = within(form).getByLabelText('Title', { exact: false });
    await userEvent.click(title);
    await userEvent.paste('x'.repeat(101));
    expect(helperOf(form, 'Title')).toBe('Title must be at most 100 characters (it has 101).');
    expect(within(form).getByText('101 / 100')).toBeDefined();
    await userEvent.keyboard('{Backspace}');
    expect(helperOf(form, 'Title')).toBe('');
  });

  it('reports a valid issue through the core', async () => {
    const { core, form, onSaved } = await setUp();
    await userEvent.type(within(form).getByLabelText('Title', { exact: false }), 'Conveyor jam');
    await userEvent.type(within(form).getByRole('combobox', { name: 'Location' }), 'line 3');
    await userEvent.click(await screen.findByRole('option', { name: /Line 3/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Report issue' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [saved] = await core.db.issues.find().exec();
    expect(saved?.title).toBe('Conveyor jam');
    expect(saved?.priority).toBe('Medium');
  });

  it('shows the core’s refusal next to the field it names', async () => {
    const { form, onSaved } = await setUp({
      refuse: DomainError.invalid(
        'locationId',
        'unknown-reference',
        'Choose an existing location.',
      ),
    });
    await userEvent.type(within(form).getByLabelText('Title', { exact: false }), 'Conveyor jam');
    await userEvent.type(within(form).getByRole('combobox', { name: 'Location' }), 'line 3');
    await userEvent.click(await screen.findByRole('option', { name: /Line 3/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Report issue' }));
    await waitFor(() => expect(helperOf(form, 'Location')).toBe('Choose an existing location.'));
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('edits only what changed, and refuses an emptied title', async () => {
    const { core, form, onSaved } = await setUp({
      mode: async (seeded, lineId) => ({
        kind: 'edit',
        issue: await seeded.commands.createIssue({
          title: 'Conveyor jam',
          type: 'breakdown',
          priority: 'High',
          severity: 3,
          locationId: lineId,
        }),
      }),
    });
    expect(form.getAttribute('aria-labelledby')).toBeTruthy();
    expect(within(form).getByText('Edit issue: Conveyor jam')).toBeDefined();
    const title = within(form).getByLabelText('Title', { exact: false });
    await userEvent.clear(title);
    expect(helperOf(form, 'Title')).toBe('Title must not be empty.');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(onSaved).not.toHaveBeenCalled();
    await userEvent.type(title, 'Conveyor jam at the infeed');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [stored] = await core.db.issues.find().exec();
    expect(stored?.title).toBe('Conveyor jam at the infeed');
    expect(stored?.priority).toBe('High');
    expect(stored?.version).toBe(2);
  });
});

function person(id: string, name: string, active = true): Person {
  return { id, name, userName: id, role: 'technician', sites: [], active, updatedAt: 1 };
}

describe('the assignee field', () => {
  const dana = person('u-5d', 'Dana Smith');
  const sam = person('u-1s', 'Sam Lee', false);

  async function reportAssigned(form: HTMLElement, pick: () => Promise<void>) {
    await userEvent.type(within(form).getByLabelText('Title', { exact: false }), 'Conveyor jam');
    await userEvent.type(within(form).getByRole('combobox', { name: 'Location' }), 'line 3');
    await userEvent.click(await screen.findByRole('option', { name: /Line 3/ }));
    await pick();
    await userEvent.click(within(form).getByRole('button', { name: 'Report issue' }));
  }

  it('offers by name the people who may be given work, not a disabled one, and stores the id', async () => {
    const { core, form, onSaved } = await setUp();
    await core.db.people.bulkInsert([dana, sam]);
    await reportAssigned(form, async () => {
      await userEvent.click(within(form).getByRole('combobox', { name: 'Assignee' }));
      const list = await screen.findByRole('listbox');
      // The acting user (tina, never synced) is offered too, by the name they gave.
      await waitFor(() =>
        expect(
          within(list)
            .getAllByRole('option')
            .map((o) => o.textContent),
        ).toEqual(['Dana Smith', 'tina']),
      );
      await userEvent.click(within(list).getByRole('option', { name: 'Dana Smith' }));
      expect(within(form).getByRole('combobox', { name: 'Assignee' })).toHaveProperty(
        'value',
        'Dana Smith',
      );
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [saved] = await core.db.issues.find().exec();
    expect(saved?.assignee).toBe(dana.id);
  });

  it('takes a typed name for the person, and keeps other text as typed', async () => {
    const { core, form, onSaved } = await setUp();
    await core.db.people.insert(dana);
    await reportAssigned(form, async () => {
      await userEvent.type(within(form).getByRole('combobox', { name: 'Assignee' }), 'dana smith');
      await userEvent.keyboard('{Escape}');
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    await reportAssigned(form, async () => {
      await userEvent.type(within(form).getByRole('combobox', { name: 'Assignee' }), 'bob');
      await userEvent.keyboard('{Escape}');
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    const assignees = (await core.db.issues.find().exec()).map((issue) => issue.assignee);
    expect(assignees.sort()).toEqual(['bob', dana.id]);
  });

  it('shows a disabled assignee marked, and leaves them assigned when other fields change', async () => {
    const { core, form, onSaved } = await setUp({
      mode: async (seeded, lineId) => {
        await seeded.db.people.insert(sam);
        return {
          kind: 'edit',
          issue: await seeded.commands.createIssue({
            title: 'Conveyor jam',
            type: 'breakdown',
            priority: 'High',
            severity: 3,
            locationId: lineId,
            assignee: sam.id,
          }),
        };
      },
    });
    const field = within(form).getByRole('combobox', { name: 'Assignee' });
    await waitFor(() => expect(field).toHaveProperty('value', 'Sam Lee (disabled)'));
    const title = within(form).getByLabelText('Title', { exact: false });
    await userEvent.type(title, ' at the infeed');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [stored] = await core.db.issues.find().exec();
    expect(stored?.title).toBe('Conveyor jam at the infeed');
    expect(stored?.assignee).toBe(sam.id);
  });
});
