// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { Person } from '../../../shared/domain';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { IssueDetailDrawer } from './IssueDetailDrawer';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

function person(id: string, name: string): Person {
  return { id, name, userName: id, role: 'technician', sites: [], active: true, updatedAt: 1 };
}

/** A supervisor signed in to the team server as tina.m (server id u-7t). */
async function drawerWithIssue() {
  const core = await openTestCore({
    userId: 'u-7t',
    role: 'supervisor',
    account: { name: 'tina.m', sites: [], allSites: true },
  });
  cores.push(core);
  const { line } = await plantOf(core);
  const issue = await core.commands.createIssue({
    title: 'Conveyor jam',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: line.id,
    assignee: 'u-5d',
  });
  await core.commands.addComment(issue.id, 'Belt slipped off the roller');
  render(
    <AppProviders session={sessionOf(core)}>
      <IssueDetailDrawer
        issueId={issue.id}
        onClose={() => undefined}
        onGoToLocations={() => undefined}
      />
    </AppProviders>,
  );
  const drawer = await screen.findByRole('dialog', { name: /Conveyor jam/ });
  await within(drawer).findByText('Belt slipped off the roller');
  return { core, drawer };
}

/** The value of a fact of the details list ("Assignee", "Reporter"). */
function fact(drawer: HTMLElement, label: string): string {
  const term = within(drawer).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

function comments(drawer: HTMLElement): string {
  return within(drawer).getByText('Belt slipped off the roller').closest('li')?.textContent ?? '';
}

function history(drawer: HTMLElement): string {
  return within(drawer).getByRole('list', { name: 'History' }).textContent ?? '';
}

describe('people in the issue drawer', () => {
  it('shows ids nobody here knows as they are, and the acting user by their account name', async () => {
    const { drawer } = await drawerWithIssue();
    expect(fact(drawer, 'Assignee')).toBe('u-5d');
    expect(fact(drawer, 'Reporter')).toBe('tina.m');
    expect(comments(drawer)).toContain('tina.m');
    await waitFor(() => expect(history(drawer)).toContain('tina.m on device'));
    expect(history(drawer)).not.toContain('u-7t');
  });

  it('names assignee, reporter, last change, comment authors and history by name, live', async () => {
    const { core, drawer } = await drawerWithIssue();
    await act(() =>
      core.db.people.bulkInsert([person('u-5d', 'Dana Smith'), person('u-7t', 'Tina Meyer')]),
    );
    await waitFor(() => expect(fact(drawer, 'Assignee')).toBe('Dana Smith'));
    expect(fact(drawer, 'Reporter')).toBe('Tina Meyer');
    expect(fact(drawer, 'Last change')).toMatch(/^Tina Meyer on device/);
    expect(comments(drawer)).toContain('Tina Meyer');
    await waitFor(() => expect(history(drawer)).toContain('Tina Meyer on device'));
    // The creation lists the assignee chosen, by name.
    expect(history(drawer)).toContain('Dana Smith');
    expect(history(drawer)).not.toContain('u-5d');

    // The server disables Dana: what she was given still names her, marked.
    await act(() => core.db.people.upsert({ ...person('u-5d', 'Dana Smith'), active: false }));
    await waitFor(() => expect(fact(drawer, 'Assignee')).toBe('Dana Smith (disabled)'));
  });
});
