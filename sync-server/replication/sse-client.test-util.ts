/**
 * A minimal server-sent-events client over fetch for tests: it parses `data:` lines as
 * stream events and counts heartbeat comments.
 */
import {
  parseStreamEvent,
  parseTaggedStreamEvent,
  type ReplicatedCollection,
  type StreamEvent,
} from '../../shared/sync/protocol';

type Event = StreamEvent<Record<string, unknown>>;
/** An event of the shared stream: its collection, and the event as a stream of it alone. */
export interface TaggedEvent {
  collection: ReplicatedCollection;
  event: Event;
}

export interface TestStream<E = Event> {
  status: number;
  /** The next event, waiting for it up to `waitMs` (a safety net against hanging, not a timing check). */
  next(waitMs?: number): Promise<E>;
  /** Resolves once a heartbeat comment arrived. */
  heartbeat(waitMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A one-collection stream (`/sync/:collection/stream`). */
export function openStream(url: string, token?: string): Promise<TestStream> {
  return openEventStream(url, token, (data) => parseStreamEvent<Record<string, unknown>>(data));
}

/** The shared stream (`/sync/stream`), whose events name their collection. */
export function openTaggedStream(url: string, token?: string): Promise<TestStream<TaggedEvent>> {
  return openEventStream(url, token, (data) =>
    parseTaggedStreamEvent<Record<string, unknown>>(data),
  );
}

async function openEventStream<E>(
  url: string,
  token: string | undefined,
  parse: (data: string) => E | undefined,
): Promise<TestStream<E>> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  const events: E[] = [];
  let heartbeats = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  let resolveEnded = (): void => {};
  const ended = new Promise<void>((resolve) => {
    resolveEnded = resolve;
  });
  let done = false;

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body ?? []) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) {
            const event = parse(data);
            if (event !== undefined) events.push(event);
          } else if (block.startsWith(':')) {
            heartbeats += 1;
          }
          notify();
        }
      }
    } catch {
      // aborted by close()
    }
    done = true;
    resolveEnded();
    notify();
  })();

  async function waitFor<T>(take: () => T | undefined, waitMs: number, what: string): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (done) throw new Error(`The stream ended while waiting for ${what}.`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No ${what} arrived.`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left).unref();
      });
    }
  }

  return {
    status: response.status,
    next: (waitMs = 10_000) => waitFor(() => events.shift(), waitMs, 'event'),
    heartbeat: async (waitMs = 10_000) => {
      const seen = heartbeats;
      await waitFor(() => (heartbeats > seen ? true : undefined), waitMs, 'heartbeat');
    },
    ended,
    close: () => controller.abort(),
  };
}
