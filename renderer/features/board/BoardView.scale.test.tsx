// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { Issue } from '../../../shared/domain';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { BoardView } from './BoardView';
import { PAGE_SIZE } from './BoardColumn';

const TOTAL = 50_000;
const SPLIT = { new: 30_000, 'in-progress': 15_000, resolved: 5_000 } as const;

let core: AppCore;

beforeAll(async () => {
  core = await openTestCore();
  const { line } = await plantOf(core);
  const statuses = Object.entries(SPLIT).flatMap(([status, count]) =>
    Array.from({ length: count }, () => status),
  );
  const issues: Issue[] = statuses.map((status, i) => ({
    id: `issue-${String(i).padStart(5, '0')}`,
    title: `Issue number ${i}`,
    description: '',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId: line.id,
    workflowId: 'default',
    status,
    reporter: 'tina',
    reportedAt: 1_000_000 + i,
    customFields: {},
    version: 1,
    updatedAt: 1_000_000 + i,
    updatedBy: 'tina',
    updatedOnDevice: 'test-device',
  }));
  await core.db.issues.bulkInsert(issues);
}, 120_000);

afterAll(async () => {
  cleanup();
  await core.close();
});

describe('a board over 50,000 issues', () => {
  it('renders only the newest cards of each column, counts them all, and shows more on request', async () => {
    expect(await core.db.issues.count().exec()).toBe(TOTAL);
    render(
      <AppProviders session={sessionOf(core)}>
        <BoardView
          locationId={undefined}
          onLocationChange={() => undefined}
          onOpenIssue={() => undefined}
          onCreateIssue={() => undefined}
          onGoToLocations={() => undefined}
        />
      </AppProviders>,
    );
    const column = (name: string) => screen.getByRole('region', { name });
    await within(column('New')).findByLabelText('30,000 issues', {}, { timeout: 30_000 });
    await within(column('In Progress')).findByLabelText('15,000 issues', {}, { timeout: 30_000 });
    // The cards out of view follow once every column shows its first data.
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(3 * PAGE_SIZE), {
      timeout: 30_000,
    });
    expect(within(column('New')).getAllByRole('article')).toHaveLength(PAGE_SIZE);
    expect(within(column('In Progress')).getAllByRole('article')).toHaveLength(PAGE_SIZE);
    // Most recently updated first.
    expect(within(column('New')).getAllByRole('article')[0]?.getAttribute('data-issue-id')).toBe(
      'issue-29999',
    );

    await userEvent.click(within(column('New')).getByRole('button', { name: 'Show 50 more' }));
    await within(column('New')).findByText(
      /Showing the 100 most recently updated of 30,000/,
      {},
      {
        timeout: 30_000,
      },
    );
    expect(within(column('New')).getAllByRole('article')).toHaveLength(2 * PAGE_SIZE);
  }, 120_000);
});
