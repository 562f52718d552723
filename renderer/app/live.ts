/**
 * React hooks over RxDB live queries: a screen re-renders whenever the data it shows
 * changes, whoever changed it (this window, another window or tab, the sync, the escalation
 * scheduler).
 */
import { useEffect, useState, type DependencyList } from 'react';
import type { Observable } from 'rxjs';

export type Live<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

/** Subscribes to the observable made by `open` while the component is mounted. */
export function useLive<T>(open: () => Observable<T>, deps: DependencyList): Live<T> {
  const [live, setLive] = useState<Live<T>>({ state: 'loading' });
  useEffect(() => {
    setLive({ state: 'loading' });
    const subscription = open().subscribe({
      next: (value) => setLive({ state: 'ready', value }),
      error: (error: unknown) =>
        setLive({
          state: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    });
    return () => subscription.unsubscribe();
    // The caller names what `open` depends on, as with useEffect.
  }, deps);
  return live;
}

/** The value when ready, otherwise the fallback. */
export function valueOr<T>(live: Live<T>, fallback: T): T {
  return live.state === 'ready' ? live.value : fallback;
}
