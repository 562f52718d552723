/**
 * One heartbeat for all the open streams of this server: a single timer, and at each beat
 * one query re-checks the tokens of every stream. Streams whose token is no longer valid
 * (revoked, its device revoked, its user disabled) are ended; the others get a heartbeat
 * comment. A timer and a token query per stream made, with hundreds of streams opened
 * together, a burst of hundreds of queries at every interval, and the pushes and pulls
 * that came in meanwhile waited behind it.
 */
export interface HeartbeatStream {
  readonly isClosed: boolean;
  /** Writes a heartbeat comment. */
  heartbeat(): void;
  close(): void;
}

/** Which of the given token hashes are still valid. */
export type TokenCheck = (tokenHashes: readonly string[]) => Promise<ReadonlySet<string>>;

export class StreamHeartbeat {
  private readonly streams = new Map<HeartbeatStream, string>();
  private timer: NodeJS.Timeout | undefined;
  private beating = false;

  constructor(
    private readonly intervalMs: number,
    private readonly validTokens: TokenCheck,
  ) {}

  /** Keeps `stream` (opened with the token of `tokenHash`) beating; returns its removal. */
  add(stream: HeartbeatStream, tokenHash: string): () => void {
    this.streams.set(stream, tokenHash);
    if (!this.timer) {
      this.timer = setInterval(() => void this.beat(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.streams.delete(stream);
      if (this.streams.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.streams.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    // A check that outlasts the interval is not overtaken by the next one.
    if (this.beating) return;
    this.beating = true;
    try {
      const streams = [...this.streams];
      let valid: ReadonlySet<string> | undefined;
      try {
        valid = await this.validTokens([...new Set(streams.map(([, hash]) => hash))]);
      } catch {
        // The database is out of reach: the streams beat on, and the check runs again next time.
      }
      for (const [stream, hash] of streams) {
        if (stream.isClosed) continue;
        if (valid && !valid.has(hash)) stream.close();
        else stream.heartbeat();
      }
    } finally {
      this.beating = false;
    }
  }
}
