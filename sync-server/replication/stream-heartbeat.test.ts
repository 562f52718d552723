import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamHeartbeat, type HeartbeatStream } from './stream-heartbeat';

class FakeStream implements HeartbeatStream {
  isClosed = false;
  beats = 0;
  heartbeat(): void {
    this.beats += 1;
  }
  close(): void {
    this.isClosed = true;
  }
}

describe('StreamHeartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks the tokens of every stream in one call per beat, each token once', async () => {
    const checks: string[][] = [];
    const heartbeat = new StreamHeartbeat(1_000, (hashes) => {
      checks.push([...hashes]);
      return Promise.resolve(new Set(hashes));
    });
    const streams = Array.from({ length: 5 }, () => new FakeStream());
    streams.forEach((stream, i) => heartbeat.add(stream, i < 3 ? 'shared' : `own ${i}`));

    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks).toEqual([['shared', 'own 3', 'own 4']]);
    expect(streams.map((stream) => stream.beats)).toEqual([1, 1, 1, 1, 1]);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks).toHaveLength(2);
    expect(streams.map((stream) => stream.beats)).toEqual([2, 2, 2, 2, 2]);
  });

  it('ends the streams whose token is no longer valid and beats the others', async () => {
    const heartbeat = new StreamHeartbeat(1_000, () => Promise.resolve(new Set(['kept'])));
    const kept = new FakeStream();
    const revoked = new FakeStream();
    heartbeat.add(kept, 'kept');
    heartbeat.add(revoked, 'revoked');

    await vi.advanceTimersByTimeAsync(1_000);
    expect(kept).toMatchObject({ isClosed: false, beats: 1 });
    expect(revoked).toMatchObject({ isClosed: true, beats: 0 });
  });

  it('keeps beating when the check fails, and checks again next time', async () => {
    let calls = 0;
    const heartbeat = new StreamHeartbeat(1_000, () => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('database unreachable'))
        : Promise.resolve(new Set<string>());
    });
    const stream = new FakeStream();
    heartbeat.add(stream, 'token');

    await vi.advanceTimersByTimeAsync(1_000);
    expect(stream).toMatchObject({ isClosed: false, beats: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stream.isClosed).toBe(true);
  });

  it('leaves removed streams alone and stops its timer once none is left', async () => {
    const check = vi.fn((hashes: readonly string[]) => Promise.resolve(new Set(hashes)));
    const heartbeat = new StreamHeartbeat(1_000, check);
    const first = new FakeStream();
    const second = new FakeStream();
    const removeFirst = heartbeat.add(first, 'a');
    const removeSecond = heartbeat.add(second, 'b');

    removeFirst();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.beats).toBe(0);
    expect(second.beats).toBe(1);

    removeSecond();
    expect(heartbeat.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
