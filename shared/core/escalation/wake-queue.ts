/**
 * The scheduler's priority queue: one wake-up time per issue, earliest first. An indexed
 * binary heap, so setting, moving or removing one issue's time costs O(log n) and finding the
 * earliest is O(1). Ties are broken by key, so the order of wake-ups is deterministic.
 */
export class WakeQueue {
  private readonly keys: string[] = [];
  private readonly times: number[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** The wake-up time of `key`, or undefined when it has none. */
  timeOf(key: string): number | undefined {
    const position = this.positions.get(key);
    return position === undefined ? undefined : this.times[position];
  }

  /** The earliest wake-up time; Infinity when the queue is empty. */
  peekTime(): number {
    return this.times[0] ?? Infinity;
  }

  peekKey(): string | undefined {
    return this.keys[0];
  }

  /** Sets (adds or moves) the wake-up time of `key`; a non-finite time removes it. */
  set(key: string, time: number): void {
    if (!Number.isFinite(time)) {
      this.delete(key);
      return;
    }
    const position = this.positions.get(key);
    if (position === undefined) {
      const last = this.keys.length;
      this.keys.push(key);
      this.times.push(time);
      this.positions.set(key, last);
      this.up(last);
      return;
    }
    const before = this.times[position] as number;
    if (before === time) return;
    this.times[position] = time;
    if (time < before) this.up(position);
    else this.down(position);
  }

  delete(key: string): boolean {
    const position = this.positions.get(key);
    if (position === undefined) return false;
    const last = this.keys.length - 1;
    this.positions.delete(key);
    if (position === last) {
      this.keys.pop();
      this.times.pop();
      return true;
    }
    const movedKey = this.keys.pop() as string;
    const movedTime = this.times.pop() as number;
    this.keys[position] = movedKey;
    this.times[position] = movedTime;
    this.positions.set(movedKey, position);
    this.up(position);
    this.down(this.positions.get(movedKey) as number);
    return true;
  }

  /** Removes and returns every key whose time is at or before `now`, earliest first. */
  popDue(now: number): string[] {
    const due: string[] = [];
    while (this.keys.length > 0 && (this.times[0] as number) <= now) {
      const key = this.keys[0] as string;
      this.delete(key);
      due.push(key);
    }
    return due;
  }

  /** Replaces the whole queue, heapified in linear time; a key given twice keeps its last time. */
  build(keys: readonly string[], times: readonly number[]): void {
    this.clear();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const time = times[i] as number;
      const known = this.positions.get(key);
      if (known !== undefined) this.times[known] = time;
      else {
        this.positions.set(key, this.keys.length);
        this.keys.push(key);
        this.times.push(time);
      }
    }
    for (let i = (this.keys.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  clear(): void {
    this.keys.length = 0;
    this.times.length = 0;
    this.positions.clear();
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    return ta < tb || (ta === tb && (this.keys[a] as string) < (this.keys[b] as string));
  }

  private swap(a: number, b: number): void {
    const keyA = this.keys[a] as string;
    const keyB = this.keys[b] as string;
    const timeA = this.times[a] as number;
    this.keys[a] = keyB;
    this.keys[b] = keyA;
    this.times[a] = this.times[b] as number;
    this.times[b] = timeA;
    this.positions.set(keyB, a);
    this.positions.set(keyA, b);
  }

  private up(position: number): void {
    let child = position;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  private down(position: number): void {
    const size = this.keys.length;
    let parent = position;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < size && this.before(left, smallest)) smallest = left;
      if (right < size && this.before(right, smallest)) smallest = right;
      if (smallest === parent) break;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
