// @vitest-environment happy-dom
import { NO_PEOPLE } from '../../app/people';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import type { Issue } from '../../../shared/domain';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { indexLocations } from '../locations/location-tree';
import { BoardColumn, cardsInView } from './BoardColumn';
import { BoardShownContext } from './IssueCard';
import { NO_MOVES } from './pending-moves';

const ISSUES = 30;

let core: AppCore;

beforeAll(async () => {
  core = await openTestCore();
  const { line } = await plantOf(core);
  const issues: Issue[] = Array.from({ length: ISSUES }, (_, i) => ({
    id: `issue-${String(i).padStart(2, '0')}`,
    title: `Issue number ${i}`,
    description: '',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId: line.id,
    workflowId: 'default',
    status: 'new',
    reporter: 'tina',
    reportedAt: 1_000_000 + i,
    customFields: {},
    version: 1,
    updatedAt: 1_000_000 + i,
    updatedBy: 'tina',
    updatedOnDevice: 'test-device',
  }));
  await core.db.issues.bulkInsert(issues);
});

afterAll(async () => {
  cleanup();
  await core.close();
});

function Column({ boardShown }: { boardShown: boolean }) {
  const status = DEFAULT_WORKFLOW.statuses[0]!;
  return (
    <BoardShownContext value={boardShown}>
      <BoardColumn
        db={core.db}
        status={status}
        column={0}
        locationIds={undefined}
        locations={indexLocations([])}
        people={NO_PEOPLE}
        now={2_000_000}
        moves={NO_MOVES}
        dropHint={undefined}
        onSettled={() => undefined}
        onLoaded={() => undefined}
        onDropIssue={() => undefined}
        onOpen={() => undefined}
        onDragStart={() => undefined}
        onDragEnd={() => undefined}
        onMoveMenu={() => undefined}
      />
    </BoardShownContext>
  );
}

function renderColumn(boardShown: boolean) {
  const session = sessionOf(core);
  const view = render(
    <AppProviders session={session}>
      <Column boardShown={boardShown} />
    </AppProviders>,
  );
  return {
    show: () =>
      view.rerender(
        <AppProviders session={session}>
          <Column boardShown />
        </AppProviders>,
      ),
  };
}

describe('a board column', () => {
  it('counts the cards that can be in view from the screen height', () => {
    // 750 of 900 pixels at most for the list, 96 at least for a card.
    expect(cardsInView(900)).toBe(8);
    expect(cardsInView(2160)).toBe(21);
    // Never fewer than a few, however small the window.
    expect(cardsInView(100)).toBe(4);
  });

  it('renders only the cards that can be in view until the board is shown, then every card', async () => {
    const inView = cardsInView(globalThis.innerHeight);
    expect(inView).toBeLessThan(ISSUES);
    const { show } = renderColumn(false);
    const column = () => screen.getByRole('region', { name: 'New' });
    await within(column()).findByLabelText(`${ISSUES} issues`);
    expect(within(column()).getAllByRole('article')).toHaveLength(inView);
    // The newest first: the ones in view are the ones the whole column starts with.
    expect(within(column()).getAllByRole('article')[0]?.getAttribute('data-issue-id')).toBe(
      'issue-29',
    );

    show();
    await waitFor(() => expect(within(column()).getAllByRole('article')).toHaveLength(ISSUES));
    expect(within(column()).getAllByRole('article').at(-1)?.getAttribute('data-issue-id')).toBe(
      'issue-00',
    );
    cleanup();
  });

  it('lets the arrow keys reach every card, the ones first out of view too', async () => {
    renderColumn(true);
    const column = () => screen.getByRole('region', { name: 'New' });
    await waitFor(() => expect(within(column()).getAllByRole('article')).toHaveLength(ISSUES));
    screen.getByRole('button', { name: 'Issue number 29' }).focus();
    for (let i = 1; i < ISSUES; i++) await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Issue number 0' }));
    await userEvent.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Issue number 1' }));
    cleanup();
  });
});
