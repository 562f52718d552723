/**
 * The scheduler's priority queue: one wake-up time per issue, earliest first. An indexed
 * binary heap, so setting, moving or removing one issue's time costs O(log n) and finding the
 * earliest is O(1). Ties are broken by id, so the order of wake-ups is deterministic.
 *
 * The heap is intrusive: an entry keeps its own place in the heap (`wakeIndex`), so no map
 * from ids to places is kept or hashed, and an entry is in one queue at most.
 */
export interface WakeEntry {
  readonly id: string;
  /** The entry's place in its queue; -1 when it is in none. Start it at -1. */
  wakeIndex: number;
}

export class WakeQueue<E extends WakeEntry> {
  private entries: E[] = [];
  private times: number[] = [];

  get size(): number {
    return this.entries.length;
  }

  has(entry: E): boolean {
    const index = entry.wakeIndex;
    return index >= 0 && this.entries[index] === entry;
  }

  /** The wake-up time of `entry`, or undefined when it has none. */
  timeOf(entry: E): number | undefined {
    return this.has(entry) ? this.times[entry.wakeIndex] : undefined;
  }

  /** The earliest wake-up time; Infinity when the queue is empty. */
  peekTime(): number {
    return this.times[0] ?? Infinity;
  }

  peek(): E | undefined {
    return this.entries[0];
  }

  /** Sets (adds or moves) the wake-up time of `entry`; a non-finite time removes it. */
  set(entry: E, time: number): void {
    if (!Number.isFinite(time)) {
      this.delete(entry);
      return;
    }
    if (!this.has(entry)) {
      const last = this.entries.length;
      this.entries.push(entry);
      this.times.push(time);
      entry.wakeIndex = last;
      this.up(last);
      return;
    }
    const position = entry.wakeIndex;
    const before = this.times[position] as number;
    if (before === time) return;
    this.times[position] = time;
    if (time < before) this.up(position);
    else this.down(position);
  }

  delete(entry: E): boolean {
    if (!this.has(entry)) return false;
    const position = entry.wakeIndex;
    const last = this.entries.length - 1;
    entry.wakeIndex = -1;
    const moved = this.entries.pop() as E;
    const movedTime = this.times.pop() as number;
    if (position === last) return true;
    this.entries[position] = moved;
    this.times[position] = movedTime;
    moved.wakeIndex = position;
    this.up(position);
    this.down(moved.wakeIndex);
    return true;
  }

  /** Removes and returns every entry whose time is at or before `now`, earliest first. */
  popDue(now: number): E[] {
    const due: E[] = [];
    while (this.entries.length > 0 && (this.times[0] as number) <= now) {
      const entry = this.entries[0] as E;
      this.delete(entry);
      due.push(entry);
    }
    return due;
  }

  /**
   * Replaces the whole queue, heapified in linear time; an entry given twice keeps its last
   * time, and a time that is not finite is no wake-up.
   */
  build(entries: readonly E[], times: readonly number[]): void {
    this.clear();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as E;
      const time = times[i] as number;
      if (this.has(entry)) {
        if (Number.isFinite(time)) this.times[entry.wakeIndex] = time;
        else this.delete(entry);
      } else if (Number.isFinite(time)) {
        entry.wakeIndex = this.entries.length;
        this.entries.push(entry);
        this.times.push(time);
      }
    }
    // Heapify moving entries and times only; every place is written once afterwards.
    for (let i = (this.entries.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    for (let i = 0; i < this.entries.length; i++) (this.entries[i] as E).wakeIndex = i;
  }

  /**
   * `build` for entries given once each, every one with a finite time and its `wakeIndex`
   * already holding its place in `entries` (as a full evaluation collects its wake-ups,
   * writing the place while it has the entry at hand). Into an empty queue the arrays are
   * taken over, not copied, and heapified in linear time, and only the entries that move are
   * written again; into a queue that holds entries, this is `build`.
   */
  adopt(entries: E[], times: number[]): void {
    if (this.entries.length > 0) {
      this.build(entries, times);
      return;
    }
    this.entries = entries;
    this.times = times;
    for (let i = (entries.length >> 1) - 1; i >= 0; i--) this.siftDownPlaced(i);
  }

  clear(): void {
    for (const entry of this.entries) entry.wakeIndex = -1;
    this.entries.length = 0;
    this.times.length = 0;
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    return ta < tb || (ta === tb && (this.entries[a] as E).id < (this.entries[b] as E).id);
  }

  private swap(a: number, b: number): void {
    const entryA = this.entries[a] as E;
    const entryB = this.entries[b] as E;
    const timeA = this.times[a] as number;
    this.entries[a] = entryB;
    this.entries[b] = entryA;
    this.times[a] = this.times[b] as number;
    this.times[b] = timeA;
    entryB.wakeIndex = a;
    entryA.wakeIndex = b;
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
    const size = this.entries.length;
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

  /** `down` keeping the places of the entries it moves (and only theirs), for `adopt`. */
  private siftDownPlaced(position: number): void {
    const { entries, times } = this;
    const size = entries.length;
    const entry = entries[position] as E;
    const time = times[position] as number;
    let parent = position;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && this.before(right, left)) child = right;
      const childTime = times[child] as number;
      if (childTime > time || (childTime === time && (entries[child] as E).id >= entry.id)) break;
      const moved = entries[child] as E;
      entries[parent] = moved;
      times[parent] = childTime;
      moved.wakeIndex = parent;
      parent = child;
    }
    if (parent !== position) {
      entries[parent] = entry;
      times[parent] = time;
      entry.wakeIndex = parent;
    }
  }

  /** `down` without keeping the entries' places, for `build`. */
  private siftDown(position: number): void {
    const { entries, times } = this;
    const size = entries.length;
    const entry = entries[position] as E;
    const time = times[position] as number;
    let parent = position;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && this.before(right, left)) child = right;
      const childTime = times[child] as number;
      if (childTime > time || (childTime === time && (entries[child] as E).id >= entry.id)) break;
      entries[parent] = entries[child] as E;
      times[parent] = childTime;
      parent = child;
    }
    entries[parent] = entry;
    times[parent] = time;
  }
}
