// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { IpcEvents } from '../../../shared/ipc/contract';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import type { PlatformBridge } from '../../platform/bridge';
import { AppShell } from './AppShell';

const cores: AppCore[] = [];
beforeEach(() => globalThis.history.replaceState(null, '', '#/board'));
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function shell() {
  const core = await openTestCore({ userId: 'Tina Berg', role: 'supervisor' });
  cores.push(core);
  const { line } = await plantOf(core);
  const issue = await core.commands.createIssue({
    title: 'Hydraulic leak under press 2',
    type: 'safety',
    priority: 'Critical',
    severity: 5,
    locationId: line.id,
  });
  let openIssue: ((payload: IpcEvents['alert:open-issue']) => void) | undefined;
  const on = ((event: string, listener: (payload: never) => void) => {
    if (event === 'alert:open-issue') {
      openIssue = listener as (payload: IpcEvents['alert:open-issue']) => void;
    }
    return () => undefined;
  }) as PlatformBridge['on'];
  render(
    <AppProviders session={sessionOf(core, {}, { on })}>
      <AppShell />
    </AppProviders>,
  );
  await screen.findByRole('article', { name: 'Hydraulic leak under press 2' });
  return { core, issue, alert: (issueId: string) => openIssue?.({ issueId }) };
}

describe('the app shell', () => {
  it('names the places, the user and the sync state', async () => {
    await shell();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      [...nav.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('aria-current')]),
    ).toEqual([
      ['Board', 'page'],
      ['Issues', null],
      ['Locations', null],
      ['Rules', null],
    ]);
    expect(screen.getByRole('status').textContent).toBe('Local only');
    expect(
      screen.getByRole('button', { name: 'Signed in on this device as Tina Berg, supervisor' }),
    ).toBeDefined();
    expect(document.title).toBe('Board · AutoEscalate');
  });

  it('opens the report form with C, but not while typing', async () => {
    await shell();
    // The location filter joins the board's header once the columns are shown.
    await userEvent.click(await screen.findByRole('combobox', { name: 'Show issues at location' }));
    await userEvent.keyboard('c');
    expect(screen.queryByRole('dialog', { name: 'Report an issue' })).toBeNull();
    await userEvent.keyboard('{Escape}');
    screen.getByRole('heading', { name: 'Board', level: 1 }).focus();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('c');
    expect(await screen.findByRole('dialog', { name: 'Report an issue' })).toBeDefined();
  });

  it('opens the issue an escalation alert was clicked for', async () => {
    const { issue, alert } = await shell();
    act(() => alert(issue.id));
    const detail = await screen.findByRole('dialog', { name: 'Hydraulic leak under press 2' });
    expect(detail).toBeDefined();
    await waitFor(() => expect(globalThis.location.hash).toBe(`#/board?issue=${issue.id}`));
  });

  it('says where the platform does not sync, with no way to sync settings from the status', async () => {
    await shell();
    expect(screen.queryByRole('link', { name: /^Sync:/ })).toBeNull();
    act(() => {
      globalThis.location.hash = '#/sync';
    });
    await screen.findByRole('heading', { name: 'Sync with the team server', level: 1 });
    expect(screen.getByText(/keeps everything on this device: it does not sync/)).toBeTruthy();
    expect(document.title).toBe('Sync · AutoEscalate');
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('moves between places through the navigation, keeping them in the URL', async () => {
    await shell();
    await userEvent.click(screen.getByRole('link', { name: 'Locations' }));
    await screen.findByRole('heading', { name: 'Locations', level: 1 });
    expect(globalThis.location.hash).toBe('#/locations');
    expect(document.title).toBe('Locations · AutoEscalate');
    await userEvent.click(screen.getByRole('link', { name: 'Rules' }));
    // Each place's code loads on its first visit: on a busy machine that can take a while.
    await screen.findByRole('heading', { name: 'Escalation rules', level: 1 }, { timeout: 5_000 });
    expect(globalThis.location.hash).toBe('#/rules');
  });
});
