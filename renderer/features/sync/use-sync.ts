/** The platform's sync controls, live: the status as it changes, and the session. */
import { useCallback, useEffect, useState } from 'react';
import { STOPPED_STATUS, type SyncStatus } from '../../../shared/core/sync/sync-status';
import type { SyncSessionView } from '../../../shared/ipc/contract';
import type { SyncControls } from '../../platform/bridge';

export type { SyncControls };

/**
 * The status, the current one first (asked after subscribing, so no change is missed);
 * `stopped` ("local only") on a platform without sync.
 */
export function useLiveSyncStatus(controls: SyncControls | undefined): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(STOPPED_STATUS);
  useEffect(() => {
    if (!controls) {
      setStatus(STOPPED_STATUS);
      return undefined;
    }
    let live = true;
    let changed = false;
    const unsubscribe = controls.onStatus((next) => {
      changed = true;
      if (live) setStatus(next);
    });
    controls.status().then(
      (current) => {
        if (live && !changed) setStatus(current);
      },
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [controls]);
  return status;
}

/** The session view, reloaded on demand (after signing in or out). */
export function useSyncSession(controls: SyncControls): {
  view: SyncSessionView | null;
  reload: () => void;
} {
  const [view, setView] = useState<SyncSessionView | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    controls.session().then(
      (next) => {
        if (live) setView(next);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [controls, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { view, reload };
}
