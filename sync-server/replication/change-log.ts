/**
 * The recent part of one collection's change feed, kept in memory so that a pull whose
 * checkpoint falls within it is answered without a query. It holds every change read from
 * the feed after `start`, in feed order, as the change hub read them (all sites, page after
 * page from its cursor); a document changed again is found at its new place only, as the
 * feed has it. Bounded: the oldest changes are dropped, and `start` moves up with them.
 *
 * It answers exactly as the feed query would (readChanges in store/documents.ts) as long as
 * it has been given everything committed up to now; whether that is so is the change hub's
 * business. Stamps are unique, so the feed's order is that of updatedAt; a checkpoint with
 * the stamp of a kept change and another id would need the database's ordering of ids, and
 * is left to the database.
 */
import type { SyncCheckpoint } from '../../shared/sync/protocol';
import { inScope } from '../auth/permissions';
import type { SiteScope, StoredDocument } from '../store/documents';

export class ChangeLog {
  /** Changes in feed order, some of them replaced by a later change of the same document. */
  private entries: StoredDocument[] = [];
  /** Each document's latest change among the entries. */
  private readonly latest = new Map<string, StoredDocument>();

  /**
   * @param start the feed's position when the log begins: it holds what comes after.
   * @param capacity how many changes it keeps at most.
   */
  constructor(
    private start: SyncCheckpoint | null,
    private readonly capacity: number,
  ) {}

  /** How many documents it holds (each at its latest change). */
  get size(): number {
    return this.latest.size;
  }

  /** Adds the next page of the feed, read after the last change added (or after `start`). */
  append(changes: readonly StoredDocument[]): void {
    for (const doc of changes) {
      this.entries.push(doc);
      this.latest.set(doc.id, doc);
    }
    if (this.entries.length > 2 * this.capacity) {
      this.entries = this.entries.filter((doc) => this.latest.get(doc.id) === doc);
    }
    const excess = this.entries.length - this.capacity;
    if (excess > 0) {
      const dropped = this.entries.splice(0, excess);
      for (const doc of dropped) {
        if (this.latest.get(doc.id) === doc) this.latest.delete(doc.id);
      }
      const last = dropped.at(-1)!;
      this.start = { id: last.id, updatedAt: last.updatedAt };
    }
  }

  /**
   * The documents changed after `after`, in feed order, visible in `scope`, at most `limit`;
   * undefined when the log cannot tell (the checkpoint is before what it holds).
   */
  read(
    after: SyncCheckpoint | null,
    limit: number,
    scope: SiteScope,
  ): StoredDocument[] | undefined {
    if (!this.covers(after)) return undefined;
    const from = after ? this.firstAfter(after.updatedAt) : 0;
    for (
      let i = from - 1;
      after && i >= 0 && this.entries[i]!.updatedAt === after.updatedAt;
      i -= 1
    ) {
      if (this.entries[i]!.id !== after.id) return undefined;
    }
    const page: StoredDocument[] = [];
    for (let i = from; i < this.entries.length && page.length < limit; i += 1) {
      const doc = this.entries[i]!;
      if (this.latest.get(doc.id) === doc && inScope(scope, doc.site)) page.push(doc);
    }
    return page;
  }

  /** Whether every change after `after` is after `start`. */
  private covers(after: SyncCheckpoint | null): boolean {
    if (this.start === null) return true;
    if (after === null) return false;
    if (after.updatedAt !== this.start.updatedAt) return after.updatedAt > this.start.updatedAt;
    return after.id === this.start.id;
  }

  /** The index of the first entry stamped after `stamp` (entries.length when none is). */
  private firstAfter(stamp: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.updatedAt <= stamp) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
