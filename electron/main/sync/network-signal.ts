/**
 * The main process's word on the network for the replication client: Chromium's
 * `net.isOnline()`, polled (the main process gets no online/offline events), published
 * only when it changes. False means certainly offline; true only that a network is there.
 */
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { NetApi } from '../electron-api';

export interface NetworkSignal {
  readonly online$: Observable<boolean>;
  /** Reads the network now (e.g. after the system woke from sleep). */
  check(): void;
  stop(): void;
}

export const NETWORK_POLL_MS = 5_000;

export function watchNetwork(net: NetApi, pollMs = NETWORK_POLL_MS): NetworkSignal {
  const online = new BehaviorSubject<boolean>(net.isOnline());
  const check = (): void => online.next(net.isOnline());
  const timer = setInterval(check, pollMs);
  timer.unref();
  return {
    online$: online.pipe(distinctUntilChanged()),
    check,
    stop() {
      clearInterval(timer);
      online.complete();
    },
  };
}
