// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IssuesTableView } from './IssuesTableView';
import { COLUMN_PREFS_KEY } from './column-prefs';
import {
  giveElementsASize,
  openTestPlant,
  recordEscalation,
  reportIssues,
  type TestPlant,
} from './issues.test-util';
import type { Person } from '../../../shared/domain';

let plant: TestPlant;
let restoreSize: () => void;

beforeEach(async () => {
  localStorage.clear();
  restoreSize = giveElementsASize();
  plant = await openTestPlant();
});

afterEach(async () => {
  cleanup();
  restoreSize();
  await plant.close();
});

function grid() {
  return screen.getByRole('grid', { name: 'Issues' });
}

/** The titles of the body rows, top to bottom. */
function titles(): string[] {
  return within(grid())
    .getAllByRole('row')
    .filter((row) => row.hasAttribute('data-issue-id'))
    .map((row) => within(row).getAllByRole('gridcell')[0]!.textContent ?? '');
}

function person(id: string, name: string, active = true): Person {
  return { id, name, userName: id, role: 'technician', sites: [], active, updatedAt: 1 };
}

/** The text of one column's cells, top to bottom. */
function cellsOf(column: string): string[] {
  const index = within(grid())
    .getAllByRole('columnheader')
    .findIndex((header) => header.textContent === column);
  return within(grid())
    .getAllByRole('row')
    .filter((row) => row.hasAttribute('data-issue-id'))
    .map((row) => within(row).getAllByRole('gridcell')[index]!.textContent ?? '');
}

function columnHeaders(): string[] {
  return within(grid())
    .getAllByRole('columnheader')
    .map((header) => header.textContent ?? '');
}

async function showTable(onOpenIssue = vi.fn()) {
  render(<IssuesTableView db={plant.core.db} onOpenIssue={onOpenIssue} />);
  await screen.findByRole('grid', { name: 'Issues' });
  return onOpenIssue;
}

describe('the issues table', () => {
  it('shows a designed empty state when there are no issues', async () => {
    render(<IssuesTableView db={plant.core.db} onOpenIssue={vi.fn()} />);
    expect(await screen.findByText('No issues yet')).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('lists issues newest first and updates rows live', async () => {
    await reportIssues(plant, [{ title: 'Oil on the floor' }, { title: 'Conveyor jam' }]);
    await showTable();
    await waitFor(() => expect(titles()).toEqual(['Conveyor jam', 'Oil on the floor']));
    await act(async () => {
      await reportIssues(plant, [{ title: 'Guard door open', priority: 'Critical' }]);
    });
    await waitFor(() =>
      expect(titles()).toEqual(['Guard door open', 'Conveyor jam', 'Oil on the floor']),
    );
    expect(screen.getByText('3 issues')).toBeTruthy();
  });

  it('sorts priority by rank, status in workflow order and location by path', async () => {
    const user = userEvent.setup();
    const [leak, jam, door] = await reportIssues(plant, [
      { title: 'Leak', priority: 'Low', locationId: plant.at.assembly },
      { title: 'Jam', priority: 'Critical', locationId: plant.at.plantB },
      { title: 'Door', priority: 'High', locationId: plant.at.line3 },
    ]);
    await plant.core.commands.transition(jam!, 'start-progress');
    await plant.core.commands.transition(leak!, 'start-progress');
    await plant.core.commands.transition(leak!, 'resolve', { resolutionComment: 'Sealed' });
    void door;
    await showTable();
    await waitFor(() => expect(titles()).toEqual(['Door', 'Jam', 'Leak']));

    const header = (name: string) => within(grid()).getByRole('columnheader', { name });
    await user.click(within(header('Priority')).getByRole('button'));
    expect(titles()).toEqual(['Jam', 'Door', 'Leak']);
    expect(header('Priority').getAttribute('aria-sort')).toBe('descending');
    await user.click(within(header('Priority')).getByRole('button'));
    expect(titles()).toEqual(['Leak', 'Door', 'Jam']);

    await user.click(within(header('Status')).getByRole('button'));
    // New, In Progress, Resolved: the workflow's order, not the alphabet's.
    expect(titles()).toEqual(['Door', 'Jam', 'Leak']);
    expect(header('Status').getAttribute('aria-sort')).toBe('ascending');

    await user.click(within(header('Location')).getByRole('button'));
    // Plant A › Assembly, Plant A › Press shop › Line 3, Plant B.
    expect(titles()).toEqual(['Leak', 'Door', 'Jam']);
  });

  it('filters by column, by location subtree and by search', async () => {
    const user = userEvent.setup();
    await reportIssues(plant, [
      { title: 'Hydraulic leak', priority: 'High', locationId: plant.at.line3 },
      { title: 'Hydraulic hose worn', priority: 'Low', locationId: plant.at.plantB },
      { title: 'Guard door open', priority: 'Critical', locationId: plant.at.assembly },
    ]);
    await showTable();
    await waitFor(() => expect(titles()).toHaveLength(3));

    await user.type(screen.getByRole('textbox', { name: 'Filter by Title' }), 'hydraulic');
    await waitFor(() => expect(titles()).toEqual(['Hydraulic hose worn', 'Hydraulic leak']));
    expect(screen.getByText('2 of 3 issues')).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Filter by Location' }));
    await user.click(await screen.findByRole('option', { name: 'Plant A' }));
    await user.keyboard('{Escape}');
    // Line 3 lies under Plant A › Press shop.
    await waitFor(() => expect(titles()).toEqual(['Hydraulic leak']));

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(titles()).toHaveLength(3));

    await user.click(screen.getByRole('combobox', { name: 'Filter by Priority' }));
    await user.click(await screen.findByRole('option', { name: 'Critical' }));
    await user.click(await screen.findByRole('option', { name: 'Low' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(titles()).toEqual(['Guard door open', 'Hydraulic hose worn']));

    await user.type(screen.getByRole('searchbox', { name: 'Search issues' }), 'guard');
    await waitFor(() => expect(titles()).toEqual(['Guard door open']));
  });

  it('shows what to clear when nothing matches', async () => {
    const user = userEvent.setup();
    await reportIssues(plant, [{ title: 'Hydraulic leak' }]);
    await showTable();
    await user.type(screen.getByRole('searchbox', { name: 'Search issues' }), 'pneumatic');
    expect(await screen.findByText('No issues match')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters and search' }));
    await waitFor(() => expect(titles()).toEqual(['Hydraulic leak']));
  });

  it('marks escalated issues from the escalations collection, live', async () => {
    const user = userEvent.setup();
    const [leak] = await reportIssues(plant, [{ title: 'Hydraulic leak' }, { title: 'Jam' }]);
    await showTable();
    await waitFor(() => expect(titles()).toHaveLength(2));
    expect(within(grid()).queryByText('Escalated')).toBeNull();

    await act(() => recordEscalation(plant, leak!, 'Critical not acknowledged'));
    const marker = await within(grid()).findByText('Escalated');
    expect(marker.closest('[data-issue-id]')?.getAttribute('data-issue-id')).toBe(leak);
    expect(
      within(grid()).getByLabelText(/^Escalated once; latest: Critical not acknowledged, level 1/),
    ).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Filter by Escalation' }));
    await user.click(await screen.findByRole('option', { name: 'Not escalated' }));
    await waitFor(() => expect(titles()).toEqual(['Jam']));
  });

  it('remembers which columns are shown and in what order', async () => {
    const user = userEvent.setup();
    await reportIssues(plant, [{ title: 'Hydraulic leak', severity: 4 }]);
    await showTable();
    expect(columnHeaders()).toEqual([
      'Title',
      'Status',
      'Priority',
      'Location',
      'Assignee',
      'Reported',
      'Escalation',
    ]);

    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const dialog = await screen.findByRole('dialog', { name: 'Columns shown, in order' });
    await user.click(within(dialog).getByRole('checkbox', { name: 'Location' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Severity' }));
    await user.click(within(dialog).getByRole('button', { name: 'Move Priority left' }));
    expect(within(dialog).getByRole('checkbox', { name: 'Title' })).toHaveProperty(
      'disabled',
      true,
    );
    await user.keyboard('{Escape}');

    const expected = [
      'Title',
      'Priority',
      'Status',
      'Severity',
      'Assignee',
      'Reported',
      'Escalation',
    ];
    expect(columnHeaders()).toEqual(expected);
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY) ?? '{}')).toMatchObject({
      visibility: { location: false, severity: true },
    });

    cleanup();
    await showTable();
    expect(columnHeaders()).toEqual(expected);
  });

  it('exports the current view as CSV: filtered, sorted, visible columns in order, quoted', async () => {
    const user = userEvent.setup();
    // People show by name in the export too: bob is known here as Bob Builder.
    await plant.core.db.people.insert(person('bob', 'Bob Builder'));
    await reportIssues(plant, [
      { title: 'Say "stop", then wait', priority: 'High', assignee: 'bob' },
      { title: 'Leak, small', priority: 'Critical' },
      { title: 'Not hydraulic at all', priority: 'Low' },
      { title: '=HYPERLINK("x")', priority: 'Medium' },
    ]);
    const blobs: Blob[] = [];
    const createObjectURL = vi
      .spyOn(URL, 'createObjectURL')
      .mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:issues'));
    const revokeObjectURL = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    try {
      await showTable();
      await waitFor(() => expect(titles()).toHaveLength(4));
      await user.click(screen.getByRole('combobox', { name: 'Filter by Priority' }));
      for (const priority of ['Critical', 'High', 'Medium']) {
        await user.click(await screen.findByRole('option', { name: priority }));
      }
      await user.keyboard('{Escape}');
      const priorityHeader = within(grid()).getByRole('columnheader', { name: 'Priority' });
      await user.click(within(priorityHeader).getByRole('button'));
      await user.click(screen.getByRole('button', { name: 'Columns' }));
      const dialog = await screen.findByRole('dialog');
      for (const column of ['Status', 'Location', 'Reported', 'Escalation']) {
        await user.click(within(dialog).getByRole('checkbox', { name: column }));
      }
      // Past Location, Type, Severity and Priority (hidden columns keep their places too).
      for (let step = 0; step < 4; step++) {
        await user.click(within(dialog).getByRole('button', { name: 'Move Assignee left' }));
      }
      await user.keyboard('{Escape}');

      await user.click(screen.getByRole('button', { name: 'Export CSV' }));
      expect(createObjectURL).toHaveBeenCalledTimes(1);
      const blob = blobs[0]!;
      expect(blob.type).toBe('text/csv;charset=utf-8');
      const text = await blob.text();
      expect(text).toBe(
        '\uFEFF' +
          [
            'Title,Assignee,Priority',
            '"Leak, small",,Critical',
            '"Say ""stop"", then wait",Bob Builder,High',
            `"'=HYPERLINK(""x"")",,Medium`,
            '',
          ].join('\r\n'),
      );
    } finally {
      createObjectURL.mockRestore();
      revokeObjectURL.mockRestore();
    }
  });

  it('moves between rows with the arrow keys and opens the active one with Enter', async () => {
    const user = userEvent.setup();
    const [first, second, third] = await reportIssues(plant, [
      { title: 'First' },
      { title: 'Second' },
      { title: 'Third' },
    ]);
    const onOpenIssue = await showTable();
    await waitFor(() => expect(titles()).toEqual(['Third', 'Second', 'First']));

    grid().focus();
    await waitFor(() => expect(grid().getAttribute('aria-activedescendant')).toBeTruthy());
    const active = () =>
      document.getElementById(grid().getAttribute('aria-activedescendant') ?? '')?.dataset.issueId;
    expect(active()).toBe(third);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(active()).toBe(first);
    await user.keyboard('{ArrowUp}');
    expect(active()).toBe(second);
    expect(
      within(grid())
        .getAllByRole('row', { selected: true })
        .map((row) => row.dataset.issueId),
    ).toEqual([second]);
    await user.keyboard('{Enter}');
    expect(onOpenIssue).toHaveBeenLastCalledWith(second);
    await user.keyboard('{Home}{Enter}');
    expect(onOpenIssue).toHaveBeenLastCalledWith(third);

    await user.click(within(grid()).getByText('First'));
    expect(onOpenIssue).toHaveBeenLastCalledWith(first);
  });

  it('applies the query bar’s query and its ORDER BY', async () => {
    const user = userEvent.setup();
    await reportIssues(plant, [
      { title: 'Leak', priority: 'High', locationId: plant.at.line3 },
      { title: 'Jam', priority: 'Critical', locationId: plant.at.plantB },
      { title: 'Door', priority: 'Low', locationId: plant.at.assembly },
      { title: 'Noise', priority: 'Critical', locationId: plant.at.pressShop },
    ]);
    await showTable();
    await waitFor(() => expect(titles()).toHaveLength(4));
    await user.type(
      screen.getByRole('combobox', { name: 'Issue query' }),
      'location = "Plant A" ORDER BY priority DESC{Enter}',
    );
    await waitFor(() => expect(titles()).toEqual(['Noise', 'Leak', 'Door']));
    expect(screen.getByText('3 of 4 issues')).toBeTruthy();

    await user.type(screen.getByRole('searchbox', { name: 'Search issues' }), 'nothing like it');
    expect(await screen.findByText('No issues match')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear the query' }));
    await user.click(screen.getByRole('button', { name: 'Clear filters and search' }));
    await waitFor(() => expect(titles()).toEqual(['Noise', 'Door', 'Jam', 'Leak']));
  });
});

describe('people in the issues table', () => {
  // Ids chosen so that their order is not their names' order.
  const dana = person('u-5d', 'Dana Smith');
  const sam = person('u-1s', 'Sam Lee', false);

  beforeEach(async () => {
    await plant.core.db.people.bulkInsert([dana, sam]);
    await reportIssues(plant, [
      { title: 'Leak', assignee: dana.id },
      { title: 'Jam', assignee: 'u-0a' },
      { title: 'Door', assignee: sam.id },
      { title: 'Noise' },
    ]);
  });

  it('shows them by name, a disabled one marked, and an id nobody here knows as it is', async () => {
    await showTable();
    await waitFor(() => expect(titles()).toEqual(['Noise', 'Door', 'Jam', 'Leak']));
    expect(cellsOf('Assignee')).toEqual(['Unassigned', 'Sam Lee (disabled)', 'u-0a', 'Dana Smith']);
  });

  it('sorts, filters and searches the assignee by the name shown', async () => {
    const user = userEvent.setup();
    await showTable();
    await waitFor(() => expect(titles()).toHaveLength(4));
    const header = within(grid()).getByRole('columnheader', { name: 'Assignee' });
    await user.click(within(header).getByRole('button'));
    // Dana Smith, Sam Lee (disabled), u-0a, then nobody; by id it would be Jam, Door, Leak.
    expect(titles()).toEqual(['Leak', 'Door', 'Jam', 'Noise']);

    await user.type(screen.getByRole('textbox', { name: 'Filter by Assignee' }), 'smith');
    await waitFor(() => expect(titles()).toEqual(['Leak']));
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search issues' }), 'sam lee');
    await waitFor(() => expect(titles()).toEqual(['Door']));
  });

  it('finds them by name in the query and suggests their names, quoted', async () => {
    const user = userEvent.setup();
    await showTable();
    await waitFor(() => expect(titles()).toHaveLength(4));
    const input = screen.getByRole('combobox', { name: 'Issue query' });
    await user.type(input, 'assignee = ');
    const list = await screen.findByRole('listbox', { name: 'Query suggestions' });
    const offered = within(list)
      .getAllByRole('option')
      .map((option) => option.textContent);
    // Everyone known by name, the unknown assignee and the reporter by id.
    for (const name of ['Dana Smith', 'Sam Lee', 'u-0a', 'tina']) {
      expect(offered).toEqual(expect.arrayContaining([expect.stringContaining(name)]));
    }
    await user.click(within(list).getByRole('option', { name: /Dana Smith/ }));
    expect((input as HTMLInputElement).value).toBe('assignee = "Dana Smith" ');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(titles()).toEqual(['Leak']));
  });

  it('follows a rename as it arrives', async () => {
    await showTable();
    await waitFor(() => expect(cellsOf('Assignee')).toContain('Dana Smith'));
    await act(() => plant.core.db.people.upsert({ ...dana, name: 'Dana Smith-Jones' }));
    await waitFor(() => expect(cellsOf('Assignee')).toContain('Dana Smith-Jones'));
    expect(cellsOf('Assignee')).not.toContain('Dana Smith');
  });
});

describe('the issues table’s data', () => {
  it('is kept for a while after the table closes, so coming back shows it at once', async () => {
    await reportIssues(plant, [{ title: 'Hydraulic leak' }]);
    const first = render(<IssuesTableView db={plant.core.db} onOpenIssue={vi.fn()} />);
    await waitFor(() => expect(titles()).toEqual(['Hydraulic leak']));
    first.unmount();
    await act(() => reportIssues(plant, [{ title: 'Conveyor jam' }]));
    render(<IssuesTableView db={plant.core.db} onOpenIssue={vi.fn()} />);
    // No loading state in between, and what changed meanwhile is there.
    expect(screen.queryByRole('status', { name: /Loading/ })).toBeNull();
    await waitFor(() => expect(titles()).toEqual(['Conveyor jam', 'Hydraulic leak']));
  });
});

describe('the issues table’s other states', () => {
  it('shows a loading state until the issues arrive', async () => {
    render(<IssuesTableView db={plant.core.db} onOpenIssue={vi.fn()} />);
    expect(screen.getByRole('status', { name: 'Loading issues…' }).getAttribute('aria-busy')).toBe(
      'true',
    );
    expect(await screen.findByText('No issues yet')).toBeTruthy();
  });

  it('shows why the issues could not be read, and tries again', async () => {
    const user = userEvent.setup();
    await reportIssues(plant, [{ title: 'Hydraulic leak' }]);
    const find = plant.core.db.issues.find.bind(plant.core.db.issues);
    let failures = 1;
    const spy = vi.spyOn(plant.core.db.issues, 'find').mockImplementation((query) => {
      if (failures-- > 0) throw new Error('The storage is closed.');
      return find(query);
    });
    try {
      render(<IssuesTableView db={plant.core.db} onOpenIssue={vi.fn()} />);
      expect(await screen.findByText('The issues could not be shown')).toBeTruthy();
      expect(screen.getByText('The storage is closed.')).toBeTruthy();
      await user.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(titles()).toEqual(['Hydraulic leak']));
    } finally {
      spy.mockRestore();
    }
  });
});
