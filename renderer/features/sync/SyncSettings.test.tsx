// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignInInput } from '../../../shared/core/sync/sign-in';
import { STOPPED_STATUS, type SyncStatus } from '../../../shared/core/sync/sync-status';
import type { SignInReply, SyncSessionInfo, SyncSessionView } from '../../../shared/ipc/contract';
import { SignInView } from './SignInView';
import { SyncSettings } from './SyncSettings';
import { SyncStatusPanel } from './SyncStatusPanel';
import type { SyncControls } from './use-sync';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 2, 12);
const USER = {
  id: 'u-1',
  name: 'tina',
  role: 'technician' as const,
  sites: ['plant-a'],
  allSites: false,
};

function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    ...STOPPED_STATUS,
    state: 'online',
    serverUrl: 'https://sync.plant-a.example',
    user: USER,
    ...overrides,
  };
}

const EMPTY: SignInInput = { serverUrl: '', userName: '', password: '', deviceName: '' };

async function fill(input: Partial<SignInInput>) {
  const user = userEvent.setup();
  const labels = {
    serverUrl: /Server address/,
    userName: /User name/,
    password: /Password/,
    deviceName: /Name of this device/,
  } as const;
  for (const [field, value] of Object.entries(input) as [keyof SignInInput, string][]) {
    const box = screen.getByLabelText(labels[field]);
    await user.clear(box);
    if (value !== '') await user.type(box, value);
  }
  return user;
}

describe('SignInView', () => {
  it('sends what was typed and reports the session', async () => {
    const session: SyncSessionInfo = {
      serverUrl: 'https://sync.plant-a.example',
      deviceName: 'Line 3 tablet',
      user: USER,
      tokenKept: true,
    };
    const onSignIn = vi.fn((_input: SignInInput): Promise<SignInReply> =>
      Promise.resolve({ outcome: 'signed-in', session }),
    );
    const onSignedIn = vi.fn();
    render(<SignInView initial={EMPTY} onSignIn={onSignIn} onSignedIn={onSignedIn} />);
    const user = await fill({
      serverUrl: 'sync.plant-a.example',
      userName: 'tina',
      password: 'a long password',
      deviceName: 'Line 3 tablet',
    });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(onSignIn).toHaveBeenCalledWith({
      serverUrl: 'sync.plant-a.example',
      userName: 'tina',
      password: 'a long password',
      deviceName: 'Line 3 tablet',
    });
  });

  it('shows a refusal where it belongs and clears the wrong password', async () => {
    const onSignIn = vi.fn((): Promise<SignInReply> =>
      Promise.resolve({
        outcome: 'refused',
        failure: {
          reason: 'wrong-credentials',
          message: 'The user name or the password is wrong.',
          problems: [
            {
              field: 'password',
              reason: 'not-allowed',
              message: 'Check the user name and password.',
            },
          ],
        },
      }),
    );
    render(
      <SignInView
        initial={{ ...EMPTY, serverUrl: 'https://sync.plant-a.example', deviceName: 'Tablet' }}
        onSignIn={onSignIn}
      />,
    );
    const user = await fill({ userName: 'tina', password: 'wrong one' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The user name or the password is wrong.',
    );
    expect(screen.getByText('Check the user name and password.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>(/Password/).value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>(/User name/).value).toBe('tina');
  });

  it('waits visibly while signing in, and warns about plain http', async () => {
    let answer: (reply: SignInReply) => void = () => undefined;
    const onSignIn = () => new Promise<SignInReply>((resolve) => (answer = resolve));
    render(<SignInView initial={EMPTY} onSignIn={onSignIn} />);
    const user = await fill({
      serverUrl: 'http://10.0.4.2:8787',
      userName: 'tina',
      password: 'pw',
      deviceName: 'Tablet',
    });
    expect(screen.getByText(/does not use https/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const busy = screen.getByRole('button', { name: /Signing in/ });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    await act(() => {
      answer({
        outcome: 'refused',
        failure: { reason: 'unreachable', message: 'No answer.', problems: [] },
      });
      return Promise.resolve();
    });
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('No answer.');
  });
});

describe('SyncStatusPanel', () => {
  it('shows offline, the changes waiting, the last sync and the current error', () => {
    render(
      <SyncStatusPanel
        now={NOW}
        status={status({
          state: 'offline',
          pendingChanges: 3,
          lastSyncAt: NOW - 2 * 3_600_000,
          lastError: {
            message: 'The server at https://sync.plant-a.example cannot be reached.',
            code: 'network',
            operation: 'push',
            collection: 'issue_events',
            at: NOW - 60_000,
          },
        })}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Offline');
    const pending = screen.getByRole('group', { name: 'Pending changes' });
    expect(pending.textContent).toContain('3 changes waiting to be sent');
    expect(screen.getByRole('group', { name: 'Last sync' }).textContent).toContain('2 hours ago');
    const error = screen.getByLabelText('Last error');
    expect(error.textContent).toContain('cannot be reached. (issue events)');
    expect(error.textContent).toContain('1 minute ago');
    expect(screen.getByRole('group', { name: 'Signed in as' }).textContent).toContain('tina');
  });

  it('tells which changes the server did not accept and that they stay on this device', () => {
    const message =
      'An issue was not accepted by the server: you may not change it, or no longer may (your sites or your role). It stays on this device and is sent again once an admin gives you access.';
    const { rerender } = render(<SyncStatusPanel now={NOW} status={status({})} />);
    expect(screen.queryByLabelText('Changes not accepted')).toBeNull();
    rerender(
      <SyncStatusPanel
        now={NOW}
        status={status({
          lastSyncAt: NOW - 1_000,
          refusedChanges: [
            {
              collection: 'issues',
              documentId: 'i-1',
              message,
              at: NOW - 60_000,
              issueId: 'i-1',
              title: 'Oil on the floor',
            },
            {
              collection: 'comments',
              documentId: 'c-1',
              message,
              at: NOW - 55_000,
              issueId: 'i-1',
            },
            {
              collection: 'issue_events',
              documentId: 'e-1',
              message,
              at: NOW - 50_000,
              issueId: 'i-2',
            },
          ],
        })}
      />,
    );
    const refused = screen.getByLabelText('Changes not accepted');
    expect(refused.textContent).toContain(
      '3 changes were not accepted by the server; they stay on this device and are sent again once you have access.',
    );
    expect(refused.textContent?.split(message)).toHaveLength(2);
    // Each issue concerned once, a link that opens it.
    const links = within(screen.getByRole('list', { name: 'Issues concerned' })).getAllByRole(
      'link',
    );
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Oil on the floor', '#/issues?issue=i-1'],
      ['An issue', '#/issues?issue=i-2'],
    ]);
  });

  it('marks an error as past once a sync completed after it', () => {
    render(
      <SyncStatusPanel
        now={NOW}
        status={status({
          lastSyncAt: NOW - 1_000,
          lastError: {
            message: 'Too many requests.',
            code: 'rate-limited',
            operation: 'pull',
            at: NOW - 60_000,
          },
        })}
      />,
    );
    expect(screen.getByLabelText('Last error (since resolved)')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Pending changes' }).textContent).toMatch(/None/);
  });

  it('offers sync now and sign out, and signing in again when refused', async () => {
    const onSyncNow = vi.fn();
    const onSignOut = vi.fn();
    const onSignIn = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(
      <SyncStatusPanel
        now={NOW}
        status={status()}
        onSyncNow={onSyncNow}
        onSignOut={onSignOut}
        onSignIn={onSignIn}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSyncNow).toHaveBeenCalledOnce();
    expect(onSignOut).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Sign in again' })).toBeNull();

    rerender(
      <SyncStatusPanel
        now={NOW}
        status={status({ state: 'unauthorized' })}
        onSyncNow={onSyncNow}
        onSignOut={onSignOut}
        onSignIn={onSignIn}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Sign-in needed');
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(onSignIn).toHaveBeenCalledOnce();
  });
});

/** Sync controls as the preload API behaves, kept in memory. */
function fakeControls() {
  let view: SyncSessionView = {
    session: null,
    lastServerUrl: 'https://sync.plant-a.example',
    lastUserName: 'tina',
    lastDeviceName: 'Line 3 tablet',
  };
  let current: SyncStatus = STOPPED_STATUS;
  const listeners = new Set<(status: SyncStatus) => void>();
  const push = (next: SyncStatus) => {
    current = next;
    for (const listener of listeners) listener(next);
  };
  const controls: SyncControls = {
    session: () => Promise.resolve(view),
    status: () => Promise.resolve(current),
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    syncNow: vi.fn(() => Promise.resolve()),
    signIn(input) {
      const session: SyncSessionInfo = {
        serverUrl: input.serverUrl,
        deviceName: input.deviceName,
        user: USER,
        tokenKept: true,
      };
      view = { ...view, session };
      push(status({ state: 'connecting' }));
      return Promise.resolve({ outcome: 'signed-in', session });
    },
    signOut() {
      view = { ...view, session: null };
      push(STOPPED_STATUS);
      return Promise.resolve();
    },
  };
  return { controls, push };
}

describe('SyncSettings', () => {
  it('signs in, follows the status live, and signs out back to the form', async () => {
    const { controls, push } = fakeControls();
    render(<SyncSettings controls={controls} />);
    const server = await screen.findByLabelText(/Server address/);
    expect((server as HTMLInputElement).value).toBe('https://sync.plant-a.example');
    const user = await fill({ password: 'a long password' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const region = await screen.findByRole('region', { name: 'Sync with the team server' });
    expect(within(region).getByRole('status').textContent).toBe('Connecting…');
    act(() => push(status({ pendingChanges: 2 })));
    expect(within(region).getByRole('status').textContent).toBe('Online');
    expect(within(region).getByRole('group', { name: 'Pending changes' }).textContent).toContain(
      '2 changes',
    );
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(controls.syncNow).toHaveBeenCalledOnce();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('asks to sign in again when the server refuses this device', async () => {
    const { controls, push } = fakeControls();
    await controls.signIn({
      serverUrl: 'https://sync.plant-a.example',
      userName: 'tina',
      password: 'pw',
      deviceName: 'Line 3 tablet',
    });
    push(status({ state: 'unauthorized' }));
    render(<SyncSettings controls={controls} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in again' }));
    expect(screen.getByText(/no longer accepts this device/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
  });
});
