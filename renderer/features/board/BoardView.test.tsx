// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { AppCommands } from '../../../shared/core/commands';
import type { Role } from '../../../shared/domain';
import { DomainError } from '../../../shared/validation/errors';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { BoardView } from './BoardView';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function board(
  options: {
    role?: Role;
    commands?: Partial<AppCommands>;
    platform?: Parameters<typeof sessionOf>[2];
  } = {},
) {
  const core = await openTestCore({ role: options.role ?? 'technician' });
  cores.push(core);
  const { line } = await plantOf(core);
  const issue = await core.commands.createIssue({
    title: 'Conveyor jam',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: line.id,
  });
  render(
    <AppProviders session={sessionOf(core, options.commands, options.platform)}>
      <BoardView
        locationId={undefined}
        onLocationChange={() => undefined}
        onOpenIssue={() => undefined}
        onCreateIssue={() => undefined}
        onGoToLocations={() => undefined}
      />
    </AppProviders>,
  );
  await screen.findByRole('article', { name: 'Conveyor jam' });
  return { core, issue };
}

function column(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

/** A native drag and drop as the browser fires it: dragstart on the card, drop on a column. */
function drag(cardTitle: string, toColumn: string) {
  const data = new Map<string, string>();
  const dataTransfer = {
    effectAllowed: 'all',
    dropEffect: 'none',
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
  };
  const card = screen.getByRole('article', { name: cardTitle });
  const target = column(toColumn);
  // Each event in its own act: the browser renders between them.
  act(() => void fireEvent.dragStart(card, { dataTransfer }));
  act(() => void fireEvent.dragOver(target, { dataTransfer }));
  act(() => void fireEvent.drop(target, { dataTransfer }));
  act(() => void fireEvent.dragEnd(card, { dataTransfer }));
}

async function statusOf(core: AppCore, id: string) {
  return (await core.db.issues.findOne(id).exec())?.status;
}

describe('dropping a card on the board', () => {
  it('moves it along a legal transition, setting what the transition sets', async () => {
    const { core, issue } = await board();
    drag('Conveyor jam', 'In Progress');
    expect(
      within(column('In Progress')).getByRole('article', { name: 'Conveyor jam' }),
    ).toBeDefined();
    await waitFor(async () => expect(await statusOf(core, issue.id)).toBe('in-progress'));
    const stored = await core.db.issues.findOne(issue.id).exec();
    expect(stored?.acknowledgedAt).toBeGreaterThan(0);
    expect(within(column('New')).queryByRole('article')).toBeNull();
  });

  it('refuses an illegal drop with a clear message, and leaves the card where it was', async () => {
    const { core, issue } = await board();
    drag('Conveyor jam', 'Closed');
    const message = await screen.findByRole('alert');
    expect(message.textContent).toContain(
      '"Conveyor jam" was not moved. An issue cannot move from New to Closed directly.',
    );
    expect(within(column('New')).getByRole('article', { name: 'Conveyor jam' })).toBeDefined();
    expect(await statusOf(core, issue.id)).toBe('new');
  });

  it('refuses a transition the role may not take', async () => {
    const { core, issue } = await board({ role: 'technician' });
    await core.commands.transition(issue.id, 'resolve', { resolutionComment: 'Cleared' });
    await screen.findByRole('article', { name: 'Conveyor jam' });
    await waitFor(() =>
      expect(
        within(column('Resolved')).getByRole('article', { name: 'Conveyor jam' }),
      ).toBeDefined(),
    );
    drag('Conveyor jam', 'Closed');
    expect((await screen.findByRole('alert')).textContent).toContain(
      '"Close" is for supervisors and admins only.',
    );
    expect(await statusOf(core, issue.id)).toBe('resolved');
  });

  it('asks for the resolution comment before resolving, and snaps back when cancelled', async () => {
    const { core, issue } = await board();
    drag('Conveyor jam', 'Resolved');
    const ask = await screen.findByRole('dialog', { name: 'Resolve: Conveyor jam' });
    // Behind the dialog, the card already shows where it is going.
    const resolved = screen.getByRole('region', { name: 'Resolved', hidden: true });
    expect(
      within(resolved).getByRole('article', { name: 'Conveyor jam', hidden: true }),
    ).toBeDefined();
    await userEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(within(column('New')).getByRole('article', { name: 'Conveyor jam' })).toBeDefined(),
    );
    expect(within(column('Resolved')).queryByRole('article')).toBeNull();
    expect(await statusOf(core, issue.id)).toBe('new');
  });

  it('resolves with the comment given', async () => {
    const { core, issue } = await board();
    drag('Conveyor jam', 'Resolved');
    const ask = await screen.findByRole('dialog', { name: 'Resolve: Conveyor jam' });
    await userEvent.type(
      within(ask).getByLabelText('Resolution comment', { exact: false }),
      'Belt realigned',
    );
    await userEvent.click(within(ask).getByRole('button', { name: 'Resolve' }));
    await waitFor(async () => expect(await statusOf(core, issue.id)).toBe('resolved'));
    const stored = await core.db.issues.findOne(issue.id).exec();
    expect(stored?.resolutionComment).toBe('Belt realigned');
  });

  it('snaps the card back when the core refuses the move', async () => {
    const { core, issue } = await board({
      commands: {
        transition: () =>
          Promise.reject(new DomainError('conflict', 'The issue was changed meanwhile.')),
      },
    });
    drag('Conveyor jam', 'In Progress');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The issue was changed meanwhile.',
    );
    await waitFor(() =>
      expect(within(column('New')).getByRole('article', { name: 'Conveyor jam' })).toBeDefined(),
    );
    expect(within(column('In Progress')).queryByRole('article')).toBeNull();
    expect(await statusOf(core, issue.id)).toBe('new');
  });

  it('shows a change made elsewhere as it happens', async () => {
    const { core, issue } = await board();
    await core.commands.transition(issue.id, 'start-progress');
    await waitFor(() =>
      expect(
        within(column('In Progress')).getByRole('article', { name: 'Conveyor jam' }),
      ).toBeDefined(),
    );
  });

  it('lets the arrow keys go from card to card, across columns', async () => {
    const { core, issue } = await board();
    const second = await core.commands.createIssue({
      title: 'Guard rail loose',
      type: 'safety',
      priority: 'Medium',
      severity: 2,
      locationId: issue.locationId,
    });
    await core.commands.transition(second.id, 'start-progress');
    const open = (title: string) => screen.getByRole('button', { name: title });
    await waitFor(() =>
      expect(
        within(column('In Progress')).getByRole('article', { name: 'Guard rail loose' }),
      ).toBeDefined(),
    );
    open('Conveyor jam').focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(open('Guard rail loose'));
    await userEvent.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(open('Conveyor jam'));
  });

  it('tells the platform once, when every column shows its first data', async () => {
    let shown = 0;
    const { core, issue } = await board({ platform: { firstScreenShown: () => (shown += 1) } });
    await waitFor(() => expect(shown).toBe(1));
    for (const name of ['New', 'In Progress', 'Resolved', 'Closed']) {
      expect(within(column(name)).queryByLabelText('Counting issues')).toBeNull();
    }
    await core.commands.transition(issue.id, 'start-progress');
    await waitFor(() =>
      expect(
        within(column('In Progress')).getByRole('article', { name: 'Conveyor jam' }),
      ).toBeDefined(),
    );
    expect(shown).toBe(1);
  });
});

describe('the location filter', () => {
  it('joins the header once the columns are shown, and passes on the location picked', async () => {
    const core = await openTestCore({ role: 'technician' });
    cores.push(core);
    const { area, line } = await plantOf(core);
    await core.commands.createIssue({
      title: 'Conveyor jam',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: line.id,
    });
    const picked: (string | undefined)[] = [];
    render(
      <AppProviders session={sessionOf(core)}>
        <BoardView
          locationId={undefined}
          onLocationChange={(locationId) => picked.push(locationId)}
          onOpenIssue={() => undefined}
          onCreateIssue={() => undefined}
          onGoToLocations={() => undefined}
        />
      </AppProviders>,
    );
    const filter = await screen.findByRole('combobox', { name: 'Show issues at location' });
    expect(screen.getByRole('article', { name: 'Conveyor jam' })).toBeDefined();
    await userEvent.type(filter, 'Press shop');
    await userEvent.click(await screen.findByRole('option', { name: /Press shop/ }));
    expect(picked).toEqual([area.id]);
  });
});

describe('people on the cards', () => {
  it('name the assignee, mark a disabled one, show an unknown id as it is, and follow a rename', async () => {
    const { core } = await board();
    const dana = {
      id: 'u-5d',
      name: 'Dana Smith',
      userName: 'dana',
      role: 'technician' as const,
      sites: [],
      active: true,
      updatedAt: 1,
    };
    await act(async () => {
      await core.db.people.bulkInsert([
        dana,
        { ...dana, id: 'u-1s', name: 'Sam Lee', userName: 'sam', active: false },
      ]);
      const locationId = (await core.db.locations.findOne({ selector: { kind: 'line' } }).exec())!
        .id;
      const report = (title: string, assignee: string) =>
        core.commands.createIssue({
          title,
          type: 'breakdown',
          priority: 'High',
          severity: 3,
          locationId,
          assignee,
        });
      await report('Leak', dana.id);
      await report('Door', 'u-1s');
      await report('Noise', 'u-0a');
    });
    const assigneeOf = async (title: string) =>
      (await screen.findByRole('article', { name: title })).textContent;
    await waitFor(async () => expect(await assigneeOf('Leak')).toContain('Dana Smith'));
    expect(await assigneeOf('Door')).toContain('Sam Lee (disabled)');
    expect(await assigneeOf('Noise')).toContain('u-0a');
    expect(await assigneeOf('Leak')).not.toContain(dana.id);

    await act(() => core.db.people.upsert({ ...dana, name: 'Dana Smith-Jones' }));
    await waitFor(async () => expect(await assigneeOf('Leak')).toContain('Dana Smith-Jones'));
  });
});
