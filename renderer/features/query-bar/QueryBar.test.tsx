// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryStorage, openTestPlant, type TestPlant } from '../issues/issues.test-util';
import { QueryBar } from './QueryBar';
import type { AppliedQuery, QueryWorld } from './query-analysis';
import { SAVED_FILTERS_KEY } from './saved-filters';

let plant: TestPlant;
let world: QueryWorld;

beforeAll(async () => {
  plant = await openTestPlant();
  const workflows = await plant.core.db.workflows.find().exec();
  const locations = await plant.core.db.locations.find().exec();
  world = {
    statuses: workflows.flatMap((workflow) => workflow.toMutableJSON().statuses),
    locations: locations.map((location) => location.toMutableJSON()),
  };
});

afterAll(() => plant.close());
afterEach(cleanup);

function setup(storage = memoryStorage()) {
  const onApply = vi.fn<(query: AppliedQuery | null) => void>();
  const user = userEvent.setup();
  render(
    <QueryBar
      world={world}
      vocabulary={() => ({ people: ['bob', 'tina'], customFields: [] })}
      onApply={onApply}
      storage={storage}
    />,
  );
  const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Issue query' });
  const appliedTexts = () => onApply.mock.calls.map(([query]) => query?.text ?? null);
  return { onApply, user, input, storage, appliedTexts };
}

describe('the query bar', () => {
  it('applies the query once typing pauses, not at every keystroke', async () => {
    const onApply = vi.fn<(query: AppliedQuery | null) => void>();
    render(<QueryBar world={world} onApply={onApply} storage={memoryStorage()} />);
    await waitFor(() => expect(onApply.mock.calls).toEqual([[null]]));
    const input = screen.getByRole('combobox', { name: 'Issue query' });
    const text = 'priority >= High';
    // Keystrokes in one go: no pause between them for the parse to run in.
    act(() => {
      for (let length = 1; length <= text.length; length++) {
        fireEvent.change(input, { target: { value: text.slice(0, length) } });
      }
    });
    expect(onApply).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onApply).toHaveBeenCalledTimes(2));
    expect(onApply.mock.lastCall?.[0]?.text).toBe(text);
  });

  it('underlines the unknown value and explains it, keeping the last good query applied', async () => {
    const { user, input, appliedTexts } = setup();
    await user.type(input, 'priority = High{Enter}');
    expect(appliedTexts().at(-1)).toBe('priority = High');
    await user.clear(input);
    await user.type(input, 'status = Nw AND priority = High');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Unknown status 'Nw' – did you mean 'New'?");
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    // The underline sits under exactly the offending token, after the text before it.
    const token = document.querySelector('[data-query-error-token]')!;
    expect(token.textContent).toBe('Nw');
    expect(token.parentElement?.textContent?.indexOf('Nw')).toBe(9);
    expect(within(alert).getByText('Nw').tagName).toBe('MARK');
    expect(within(alert).getByLabelText('At character 10')).toBeTruthy();
    expect(appliedTexts().at(-1)).toBe('priority = High');

    await user.click(within(alert).getByRole('button', { name: 'Select it' }));
    expect([input.selectionStart, input.selectionEnd]).toEqual([9, 11]);
    await user.keyboard('New');
    await waitFor(() => expect(appliedTexts().at(-1)).toBe('status = New AND priority = High'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('points at the end of an unfinished query', async () => {
    const { user, input } = setup();
    await user.type(input, 'priority >=');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/value/i);
    await user.click(within(alert).getByRole('button', { name: 'Go there' }));
    expect([input.selectionStart, input.selectionEnd]).toEqual([11, 11]);
  });

  it('completes with the keyboard: arrows choose, Enter and Tab accept, Escape closes', async () => {
    const { user, input, appliedTexts } = setup();
    await user.type(input, 'pri');
    const list = await screen.findByRole('listbox', { name: 'Query suggestions' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['priorityPriority, from Lowest to Critical']);
    expect(input.getAttribute('aria-expanded')).toBe('true');

    await user.keyboard('{ArrowDown}');
    const option = within(list).getByRole('option');
    expect(input.getAttribute('aria-activedescendant')).toBe(option.id);
    expect(option.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(input.value).toBe('priority ');

    // Operators come next; the fourth is >=.
    const operators = await screen.findByRole('listbox');
    expect(within(operators).getAllByRole('option')[3]!.textContent).toContain('>=');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{Tab}');
    expect(input.value).toBe('priority >= ');

    // Tab with nothing chosen takes the first suggestion; ArrowUp wraps to the last.
    await user.keyboard('{ArrowUp}{Enter}');
    expect(input.value).toBe('priority >= Critical ');
    expect(screen.getByRole('listbox')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.value).toBe('priority >= Critical ');

    await user.keyboard('{Enter}');
    expect(appliedTexts().at(-1)).toBe('priority >= Critical ');
  });

  it('offers people after assignee', async () => {
    const { user, input } = setup();
    await user.type(input, 'assignee = ');
    const list = await screen.findByRole('listbox');
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining('bob'), expect.stringContaining('tina')]),
    );
    await user.keyboard('{Tab}');
    expect(input.value).toBe('assignee = bob ');
  });

  it('clears the query with its button', async () => {
    const { user, input, onApply } = setup();
    await user.type(input, 'type = safety{Enter}');
    await user.click(screen.getByRole('button', { name: 'Clear query' }));
    expect(input.value).toBe('');
    expect(onApply).toHaveBeenLastCalledWith(null);
    expect(screen.queryByRole('button', { name: 'Clear query' })).toBeNull();
  });
});

describe('saved filters', () => {
  it('saves the current query under a name, validated, and loads and deletes it', async () => {
    const { user, input, storage, appliedTexts } = setup();
    const menuButton = screen.getByRole('button', { name: 'Saved filters' });
    await user.click(menuButton);
    expect(
      (await screen.findByRole('menuitem', { name: /Save current query/ })).getAttribute(
        'aria-disabled',
      ),
    ).toBe('true');
    expect(screen.getByText('No saved filters yet')).toBeTruthy();
    await user.keyboard('{Escape}');

    await user.type(input, 'location = "Plant A" AND priority >= High{Enter}');
    await user.click(menuButton);
    await user.click(await screen.findByRole('menuitem', { name: /Save current query/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Save filter' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('The name must not be empty')).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '  Urgent in A ');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(JSON.parse(storage.getItem(SAVED_FILTERS_KEY)!)).toEqual([
      { name: 'Urgent in A', query: 'location = "Plant A" AND priority >= High' },
    ]);

    await user.click(screen.getByRole('button', { name: 'Clear query' }));
    await user.click(menuButton);
    await user.click(await screen.findByRole('menuitem', { name: /Urgent in A/ }));
    expect(input.value).toBe('location = "Plant A" AND priority >= High');
    expect(appliedTexts().at(-1)).toBe('location = "Plant A" AND priority >= High');

    await user.click(menuButton);
    await user.click(
      await screen.findByRole('button', { name: 'Delete saved filter Urgent in A' }),
    );
    expect(JSON.parse(storage.getItem(SAVED_FILTERS_KEY)!)).toEqual([]);
    expect(await screen.findByText('No saved filters yet')).toBeTruthy();
  });

  it('offers to replace a filter of the same name', async () => {
    const storage = memoryStorage();
    storage.setItem(
      SAVED_FILTERS_KEY,
      JSON.stringify([
        { name: 'Mine', query: 'assignee = tina' },
        { name: '', query: 'x' },
      ]),
    );
    const { user, input } = setup(storage);
    await user.type(input, 'assignee = bob{Enter}');
    await user.click(screen.getByRole('button', { name: 'Saved filters' }));
    // The damaged entry is not offered.
    expect(await screen.findAllByRole('menuitem')).toHaveLength(2);
    await user.click(screen.getByRole('menuitem', { name: /Save current query/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Save filter' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'mine');
    expect(within(dialog).getByText('Saving replaces the saved filter “Mine”.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Replace' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(JSON.parse(storage.getItem(SAVED_FILTERS_KEY)!)).toEqual([
      { name: 'mine', query: 'assignee = bob' },
    ]);
  });
});
