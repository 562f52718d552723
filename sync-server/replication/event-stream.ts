/**
 * One server-sent-events connection: `data:` lines of JSON, comment lines as heartbeats
 * (they keep proxies from timing out and reveal dead connections), and a bound on how
 * much may wait for a slow client before the stream is dropped (the client reconnects and
 * resyncs instead of the server buffering without end).
 */
import type { ServerResponse } from 'node:http';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Called at every heartbeat; resolving to false closes the stream (e.g. token revoked). */
  stillAllowed?: () => Promise<boolean>;
  maxBufferedBytes?: number;
  /** Suggested reconnection delay for EventSource clients. */
  retryMs?: number;
}

export class EventStream {
  private heartbeat: NodeJS.Timeout | undefined;
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
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
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

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (!this.raw.writableEnded) this.raw.end();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    const allowed = await (this.options.stillAllowed?.() ?? Promise.resolve(true)).catch(
      () => true,
    );
    if (!allowed) this.close();
    else this.write(`: heartbeat ${Date.now()}\n\n`);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.raw.writableLength > (this.options.maxBufferedBytes ?? 8 * 1024 * 1024)) {
      this.close();
      return;
    }
    this.raw.write(chunk);
  }
}
