/**
 * One server-sent-events connection: `data:` lines of JSON, comment lines as heartbeats
 * (they keep proxies from timing out and reveal dead connections; stream-heartbeat.ts beats
 * every stream of the server at once), and a bound on how much may wait for a slow client
 * before the stream is dropped (the client reconnects and resyncs instead of the server
 * buffering without end).
 */
import type { ServerResponse } from 'node:http';
import type { HeartbeatStream } from './stream-heartbeat';

/**
 * The bytes of a `data:` event carrying `json` (one line: JSON.stringify adds no newline),
 * to write to any number of streams.
 */
export function encodeEvent(json: string): Buffer {
  return Buffer.from(`data: ${json}\n\n`, 'utf8');
}

export interface EventStreamOptions {
  maxBufferedBytes?: number;
  /** Suggested reconnection delay for EventSource clients. */
  retryMs?: number;
}

export class EventStream implements HeartbeatStream {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly raw: ServerResponse,
    private readonly options: EventStreamOptions,
  ) {
    raw.on('close', () => this.close());
  }

  open(headers: Record<string, string>): void {
    this.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.write(`retry: ${this.options.retryMs ?? 2_000}\n\n`);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(data: unknown): void {
    this.sendJson(JSON.stringify(data));
  }

  /** Sends an event already turned into JSON (one line: JSON.stringify adds no newline). */
  sendJson(json: string): void {
    this.write(`data: ${json}\n\n`);
  }

  /** Sends an event already encoded by {@link encodeEvent}. */
  sendEvent(event: Buffer): void {
    this.write(event);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.raw.writableEnded) this.raw.end();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  heartbeat(): void {
    this.write(`: heartbeat ${Date.now()}\n\n`);
  }

  private write(chunk: string | Buffer): void {
    if (this.closed) return;
    if (this.raw.writableLength > (this.options.maxBufferedBytes ?? 8 * 1024 * 1024)) {
      this.close();
      return;
    }
    this.raw.write(chunk);
  }
}
