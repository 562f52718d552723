// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncControls } from '../../platform/bridge';
import { STOPPED_STATUS, type SyncStatus } from '../../platform/sync-status';
import { syncStatusText } from './sync-status-text';
import { useLiveSyncStatus } from '../sync';
import { SyncStatusIndicator } from './SyncStatusIndicator';

afterEach(cleanup);

const now = Date.UTC(2026, 10, 2, 12);

function status(overrides: Partial<SyncStatus>): SyncStatus {
  return { ...STOPPED_STATUS, serverUrl: 'https://sync.plant-a.example', ...overrides };
}

describe('the sync status', () => {
  it('says plainly that a device without a team server keeps everything to itself', () => {
    render(<SyncStatusIndicator status={STOPPED_STATUS} />);
    expect(screen.getByRole('status').textContent).toBe('Local only');
    expect(
      screen.getByLabelText(/^Sync: Local only\. Not connected to a team server/),
    ).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('counts pending changes and tells when the last sync was', () => {
    expect(
      syncStatusText(
        status({ state: 'offline', pendingChanges: 3, lastSyncAt: now - 2 * 3_600_000 }),
        now,
      ),
    ).toEqual({
      label: 'Offline · 3 pending',
      detail:
        'Sync.plant-a.example cannot be reached; 3 changes waiting, last synced 2 hours ago. Work goes on; changes are sent when the connection returns.',
      tone: 'warning',
    });
    expect(syncStatusText(status({ state: 'online', lastSyncAt: now }), now)).toMatchObject({
      label: 'Synced',
      tone: 'good',
    });
    expect(syncStatusText(status({ state: 'online', pendingChanges: 1 }), now).detail).toBe(
      'Connected to sync.plant-a.example; 1 change waiting, never synced.',
    );
    expect(syncStatusText(status({ state: 'online', syncing: true }), now).label).toBe('Syncing…');
  });

  it('asks to sign in again when the server refuses the device, with its reason', () => {
    const text = syncStatusText(
      status({
        state: 'unauthorized',
        lastError: {
          message: 'This device was signed out by an administrator.',
          code: 'network',
          operation: 'pull',
          at: now,
        },
      }),
      now,
    );
    expect(text.label).toBe('Sign-in needed');
    expect(text.tone).toBe('error');
    expect(text.detail).toMatch(/signed out by an administrator\.$/);
  });

  it('follows the platform’s sync status, and is local only on a platform without sync', async () => {
    let push: (next: SyncStatus) => void = () => undefined;
    const controls = {
      status: () => Promise.resolve(status({ state: 'connecting' })),
      onStatus(listener: (next: SyncStatus) => void) {
        push = listener;
        return () => undefined;
      },
    } as unknown as SyncControls;
    const live = renderHook(() => useLiveSyncStatus(controls));
    await waitFor(() => expect(live.result.current.state).toBe('connecting'));
    act(() => push(status({ state: 'online' })));
    expect(live.result.current.state).toBe('online');

    const none = renderHook(() => useLiveSyncStatus(undefined));
    expect(none.result.current).toEqual(STOPPED_STATUS);
  });

  it('does not let a late answer for the current status overwrite a newer change', async () => {
    let answer: (current: SyncStatus) => void = () => undefined;
    let push: (next: SyncStatus) => void = () => undefined;
    const controls = {
      status: () => new Promise<SyncStatus>((resolve) => (answer = resolve)),
      onStatus(listener: (next: SyncStatus) => void) {
        push = listener;
        return () => undefined;
      },
    } as unknown as SyncControls;
    const live = renderHook(() => useLiveSyncStatus(controls));
    act(() => push(status({ state: 'offline' })));
    await act(() => {
      answer(status({ state: 'online' }));
      return Promise.resolve();
    });
    expect(live.result.current.state).toBe('offline');
  });

  it('leads to the sync settings where the platform syncs', () => {
    render(<SyncStatusIndicator status={status({ state: 'online' })} href="#/sync" />);
    const link = screen.getByRole('link', { name: /^Sync: Synced\. Connected/ });
    expect(link.getAttribute('href')).toBe('#/sync');
    expect(link.getAttribute('aria-label')).toMatch(/Open the sync settings\.$/);
    expect(screen.getByRole('status').textContent).toBe('Synced');
  });
});
