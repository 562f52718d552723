/**
 * Which IPC senders are ours: the main frame of one of our windows, showing the app's own
 * page. Messages from anything else (a subframe, another page after a navigation slipped
 * through, a window we did not open) are refused before any handler sees them.
 */
import type { IpcSenderEvent } from '../electron-api';

export interface TrustedSenders {
  /** Trusts the main frame of this window's contents (while it shows an app URL). */
  add(contentsId: number): void;
  remove(contentsId: number): void;
  isTrusted(event: IpcSenderEvent): boolean;
}

export function createTrustedSenders(isAppUrl: (url: string) => boolean): TrustedSenders {
  const trusted = new Set<number>();
  return {
    add: (contentsId) => void trusted.add(contentsId),
    remove: (contentsId) => void trusted.delete(contentsId),
    isTrusted(event) {
      const frame = event.senderFrame;
      return (
        trusted.has(event.sender.id) &&
        frame !== null &&
        frame.parent === null &&
        isAppUrl(frame.url)
      );
    },
  };
}

/** A loggable description of a sender. */
export function describeSender(event: IpcSenderEvent): Record<string, unknown> {
  return {
    contentsId: event.sender.id,
    frameUrl: event.senderFrame ? event.senderFrame.url.slice(0, 200) : null,
    subframe: event.senderFrame ? event.senderFrame.parent !== null : null,
  };
}
