/**
 * Server-sent events over a fetch response body, with no EventSource: it runs the same in
 * Node, browsers and Electron's main process, and sends the token in a header rather than in
 * the URL. {@link EventStreamDecoder} is the pure parser of the `text/event-stream` format;
 * {@link readEventStream} feeds it from a body and gives up on a silent connection.
 */
import { utf8Decoder, type ByteStream, type Timers } from './platform';

export interface DecodedChunk {
  /** The `data` of every event completed by this chunk, in order. */
  events: string[];
  /** Comment lines (`: heartbeat`) seen in this chunk. */
  comments: number;
}

/**
 * Incremental `text/event-stream` parser (WHATWG HTML, "Parsing an event stream"): lines end
 * in CR, LF or CRLF, even split across chunks; `data:` lines of one event are joined with
 * LF; an empty line dispatches the event; an event without data is dropped; `:` starts a
 * comment; other fields (event, id, retry) are not needed by this protocol and ignored.
 */
export class EventStreamDecoder {
  private buffer = '';
  private data: string[] = [];
  private hasData = false;
  /** The previous chunk ended in CR: an LF starting the next one belongs to it. */
  private pendingCr = false;
  private firstLine = true;

  push(text: string): DecodedChunk {
    const out: DecodedChunk = { events: [], comments: 0 };
    let input = text;
    if (this.pendingCr && input.startsWith('\n')) input = input.slice(1);
    this.pendingCr = false;
    this.buffer += input;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const char = this.buffer[i];
      if (char !== '\n' && char !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (char === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i += 1;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(raw: string, out: DecodedChunk): void {
    let line = raw;
    if (this.firstLine) {
      this.firstLine = false;
      if (line.startsWith('\uFEFF')) line = line.slice(1);
    }
    if (line === '') {
      if (this.hasData) out.events.push(this.data.join('\n'));
      this.data = [];
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) {
      out.comments += 1;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    }
  }
}

export interface ReadEventStreamOptions {
  /** Called with the `data` of every event, in order. */
  onData(data: string): void;
  /**
   * The connection counts as dead when nothing (not even a heartbeat comment) arrives for
   * this long; the read then ends with {@link StreamIdleError}.
   */
  idleMs: number;
  timers: Timers;
  /** Stops the read (usually the abort of the request's controller). */
  abort(): void;
}

export class StreamIdleError extends Error {
  override readonly name = 'StreamIdleError';
}

/**
 * Reads a body to its end, handing every event's data to `onData`. Resolves when the server
 * ends the stream; rejects when reading fails, or with {@link StreamIdleError} after
 * `idleMs` of silence (having aborted the request).
 */
export async function readEventStream(
  body: ByteStream,
  options: ReadEventStreamOptions,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new EventStreamDecoder();
  const text = utf8Decoder();
  let idle = false;
  let timer: unknown;
  const arm = (): void => {
    if (timer !== undefined) options.timers.clearTimeout(timer);
    timer = options.timers.setTimeout(() => {
      idle = true;
      options.abort();
      reader.cancel().catch(() => undefined);
    }, options.idleMs);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      if (value === undefined || value.length === 0) continue;
      for (const data of decoder.push(text.decode(value)).events) options.onData(data);
    }
    for (const data of decoder.push(text.end()).events) options.onData(data);
  } catch (error) {
    if (idle) throw new StreamIdleError(`No data for ${options.idleMs} ms.`);
    throw error;
  } finally {
    if (timer !== undefined) options.timers.clearTimeout(timer);
  }
  if (idle) throw new StreamIdleError(`No data for ${options.idleMs} ms.`);
}
