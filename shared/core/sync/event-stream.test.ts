import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventStreamDecoder, readEventStream, StreamIdleError } from './event-stream';
import { platformTimers } from './platform';

/** Event data without line breaks in its lines (a data line cannot hold CR or LF). */
const line = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''));
const eventData = fc.array(line, { minLength: 1, maxLength: 3 });
const newline = fc.constantFrom('\n', '\r\n', '\r');

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const point of points) {
    parts.push(text.slice(from, point));
    from = point;
  }
  parts.push(text.slice(from));
  return parts;
}

describe('EventStreamDecoder', () => {
  it('decodes every event whatever the line endings, comments and chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(eventData, fc.boolean(), fc.boolean()), { maxLength: 8 }),
        newline,
        fc.array(fc.nat(), { maxLength: 12 }),
        (events, eol, cuts) => {
          let text = '';
          for (const [lines, comment, spaced] of events) {
            if (comment) text += `: heartbeat${eol}`;
            for (const data of lines) {
              // The decoder drops one space after the colon: a line starting with one needs it.
              const space = spaced || data.startsWith(' ') ? ' ' : '';
              text += `data:${space}${data}${eol}`;
            }
            text += eol;
          }
          const decoder = new EventStreamDecoder();
          const decoded: string[] = [];
          let comments = 0;
          for (const chunk of splitAt(text, cuts)) {
            const out = decoder.push(chunk);
            decoded.push(...out.events);
            comments += out.comments;
          }
          // A final CR may only be known as a line end with the next chunk.
          decoded.push(...decoder.push('\n').events);
          expect(decoded).toEqual(events.map(([lines]) => lines.join('\n')));
          expect(comments).toBe(events.filter(([, comment]) => comment).length);
        },
      ),
    );
  });

  it('follows the format: one leading space dropped, other fields ignored, empty events dropped', () => {
    const decoder = new EventStreamDecoder();
    const out = decoder.push(
      '\uFEFFevent: change\nid: 7\nretry: 1000\ndata:  two spaces\n\nevent: empty\n\ndata\n\n: only a comment\n\n',
    );
    expect(out.events).toEqual([' two spaces', '']);
    expect(out.comments).toBe(1);
    expect(decoder.push('data: unfinished').events).toEqual([]);
  });
});

function bodyOf(chunks: Uint8Array[], endAfter = true) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (endAfter) controller.close();
    },
  });
}

describe('readEventStream', () => {
  it('hands over events in order, with characters split across chunks intact', async () => {
    const bytes = new TextEncoder().encode('data: "Störung ⚙"\n\ndata: "RESYNC"\n\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.slice(i, i + 1));
    const received: string[] = [];
    await readEventStream(bodyOf(chunks), {
      idleMs: 5_000,
      timers: platformTimers(),
      abort: () => undefined,
      onData: (data) => received.push(data),
    });
    expect(received).toEqual(['"Störung ⚙"', '"RESYNC"']);
  });

  it('gives up on a connection that stays silent, aborting it', async () => {
    let aborted = false;
    const received: string[] = [];
    const silent = bodyOf([new TextEncoder().encode('data: 1\n\n')], false);
    await expect(
      readEventStream(silent, {
        idleMs: 30,
        timers: platformTimers(),
        abort: () => {
          aborted = true;
        },
        onData: (data) => received.push(data),
      }),
    ).rejects.toBeInstanceOf(StreamIdleError);
    expect(aborted).toBe(true);
    expect(received).toEqual(['1']);
  });
});
