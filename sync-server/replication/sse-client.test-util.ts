/**
 * A minimal server-sent-events client over fetch for tests: it parses `data:` lines as
 * stream events and counts heartbeat comments.
 */
import { parseStreamEvent, type StreamEvent } from '../../shared/sync/protocol';

type Event = StreamEvent<Record<string, unknown>>;

export interface TestStream {
  status: number;
  /** The next event, waiting for it up to `waitMs` (a safety net against hanging, not a timing check). */
  next(waitMs?: number): Promise<Event>;
  /** Resolves once a heartbeat comment arrived. */
  heartbeat(waitMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, token?: string): Promise<TestStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  const events: Event[] = [];
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
            const event = parseStreamEvent<Record<string, unknown>>(data);
            if (event) events.push(event);
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
