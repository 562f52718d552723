/**
 * The page's first screen: the board once its columns show their data, or at once any other
 * place the page opens on. What the first screen does not need (the offline cache's service
 * worker, the code of dialogs and drawers, the escalation scheduler in the web edition) waits
 * for it instead of slowing the start.
 */
import type { PlatformBridge } from '../platform/bridge';

let resolveShown!: () => void;
const shown = new Promise<void>((resolve) => (resolveShown = resolve));

/** The UI has shown its first screen: tells the platform too. Later calls do nothing more. */
export function announceFirstScreen(bridge: PlatformBridge): void {
  resolveShown();
  bridge.firstScreenShown?.();
}

/**
 * Resolves once the first screen has been shown and the page is idle after it, or after
 * `latestMs` should the screen never be shown (a start that failed, a first run's question).
 */
export function afterFirstScreen(latestMs: number): Promise<void> {
  const latest = new Promise<void>((resolve) => setTimeout(resolve, latestMs));
  return Promise.race([shown.then(pageIdle), latest]);
}

/** The next idle period of the page (a task later where the browser cannot tell). */
function pageIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: 1_000 });
    } else setTimeout(resolve, 0);
  });
}
