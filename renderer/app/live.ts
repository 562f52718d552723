/**
 * React hooks over RxDB live queries: a screen re-renders whenever the data it shows
 * changes, whoever changed it (this window, another window or tab, the sync, the escalation
 * scheduler).
 */
import { useEffect, useState, type DependencyList } from 'react';
import type { Observable, Subscription } from 'rxjs';

export type Live<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

export interface LiveOptions {
  /**
   * Subscribe in a task of its own after the render that mounted the component, not in that
   * render's effects. For what many small parts open at once (a card's SLA badge): a card
   * moved on the board then shows at once, and its data follows.
   */
  deferred?: boolean;
  /** Not yet: subscribe only once this turns false (what the screen needs first is read first). */
  paused?: boolean;
}

/** Subscribes to the observable made by `open` while the component is mounted. */
export function useLive<T>(
  open: () => Observable<T>,
  deps: DependencyList,
  options: LiveOptions = {},
): Live<T> {
  const [live, setLive] = useState<Live<T>>(LOADING);
  const deferred = options.deferred ?? false;
  const paused = options.paused ?? false;
  useEffect(() => {
    if (paused) return;
    // Not again when already loading (the first subscription): that would render twice.
    setLive((current) => (current.state === 'loading' ? current : LOADING));
    let subscription: Subscription | undefined;
    const subscribe = () => {
      subscription = open().subscribe({
        next: (value) => setLive({ state: 'ready', value }),
        error: (error: unknown) =>
          setLive({
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          }),
      });
    };
    const timer = deferred ? setTimeout(subscribe, 0) : undefined;
    if (!deferred) subscribe();
    return () => {
      clearTimeout(timer);
      subscription?.unsubscribe();
    };
    // The caller names what `open` depends on, as with useEffect.
  }, [...deps, deferred, paused]);
  return live;
}

const LOADING = { state: 'loading' } as const;

/** The value when ready, otherwise the fallback. */
export function valueOr<T>(live: Live<T>, fallback: T): T {
  return live.state === 'ready' ? live.value : fallback;
}
