// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformBridge } from '../../platform/bridge';
import { STOPPED_STATUS, type SyncStatus } from '../../platform/sync-status';
import { syncStatusText } from './sync-status-text';
import { SyncStatusIndicator, useSyncStatus } from './SyncStatusIndicator';

afterEach(cleanup);

const now = Date.UTC(2026, 10, 2, 12);

function status(overrides: Partial<SyncStatus>): SyncStatus {
  return { ...STOPPED_STATUS, serverUrl: 'https://sync.plant-a.example', ...overrides };
}

describe('the sync status', () => {
  it('says plainly that a device without a team server keeps everything to itself', () => {
    render(<SyncStatusIndicator status={STOPPED_STATUS} />);
    const indicator = screen.getByRole('status');
    expect(indicator.textContent).toBe('Local only');
    expect(indicator.getAttribute('aria-label')).toMatch(/Not connected to a team server/);
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

  it('follows the bridge’s sync events, and is local only on a bridge without them', () => {
    let push: (next: SyncStatus) => void = () => undefined;
    const bridge = {
      onSyncStatus(listener: (next: SyncStatus) => void) {
        push = listener;
        listener(status({ state: 'connecting' }));
        return () => undefined;
      },
    } as unknown as PlatformBridge;
    const live = renderHook(() => useSyncStatus(bridge));
    expect(live.result.current.state).toBe('connecting');
    act(() => push(status({ state: 'online' })));
    expect(live.result.current.state).toBe('online');

    const none = renderHook(() => useSyncStatus({} as PlatformBridge));
    expect(none.result.current).toEqual(STOPPED_STATUS);
  });
});
