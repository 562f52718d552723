/**
 * Every issue of the database, kept live, read so that the newest show first: the table's
 * default order is newest report first, so the issues are read back in time from now, a
 * range of the `reportedAt` index at a time, each range shown as it comes (the top of the
 * table stays put while older issues fill in below), and from the start every change
 * written meanwhile (by this window, another tab, the sync, the escalation scheduler) is
 * applied as it happens.
 *
 * One live query over all issues reads them in one go: in IndexedDB that is a cursor step
 * per issue, six seconds and more for 50,000 before the first row could show, and the
 * newest issues, the ones the table shows first, come last.
 */
import type { MangoQuery, RxCollection } from 'rxdb';
import type { Issue } from '../../../shared/domain';

export interface IssueList {
  /** In id order. */
  issues: readonly Issue[];
  /** False while issues are still being read. */
  complete: boolean;
  /** How many issues there are to read, once counted. */
  expected: number | undefined;
}

export interface IssueListOptions {
  /** How far back from now the first read goes (then each read adapts to `sliceSize`). */
  firstWindowMs?: number;
  /** About how many issues each later read takes. */
  sliceSize?: number;
  /** The time the newest issues are counted back from. */
  now?: () => number;
}

export const FIRST_WINDOW_MS = 86_400_000;
export const SLICE_SIZE = 5_000;

/**
 * The issues reported in `[from, to)` (from `from` on without `to`), read along the
 * `reportedAt` index: only they are read. (The collection has no index of ids alone: a query
 * sorted by id reads every issue, whatever its limit.)
 */
export function reportedBetweenQuery(from: number, to: number | undefined): MangoQuery<Issue> {
  return {
    selector: { reportedAt: to === undefined ? { $gte: from } : { $gte: from, $lt: to } },
    sort: [{ reportedAt: 'asc' }],
  };
}

/** The oldest issue, read along the `reportedAt` index. */
export const OLDEST_ISSUE_QUERY: MangoQuery<Issue> = { sort: [{ reportedAt: 'asc' }], limit: 1 };

type StoredIssue = Issue & { _meta?: { lwt?: number } };

/** When the stored version was written (RxDB's last-write time), 0 when not known. */
function writtenAt(issue: StoredIssue): number {
  return issue._meta?.lwt ?? 0;
}

function indexOf(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle]! < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two id-ordered lists of ids as one, without repeats. */
function mergeIds(a: readonly string[], b: readonly string[]): string[] {
  const merged = new Array<string>();
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      merged.push(x!);
      i++;
    } else if (x === undefined || y < x) {
      merged.push(y);
      j++;
    } else {
      merged.push(x);
      i++;
      j++;
    }
  }
  return merged;
}

/**
 * Follows every issue of the collection; `onList` is called with each new list (first with
 * the newest issues, then with every older range read, then with every change). Returns the
 * unsubscribe.
 */
export function followIssueList(
  issues: RxCollection<Issue>,
  onList: (list: IssueList) => void,
  onError: (error: unknown) => void,
  options: IssueListOptions = {},
): () => void {
  const firstWindowMs = options.firstWindowMs ?? FIRST_WINDOW_MS;
  const sliceSize = options.sliceSize ?? SLICE_SIZE;
  const now = options.now ?? Date.now;
  /** The stored issues by id, and their ids in order. */
  const byId = new Map<string, StoredIssue>();
  let ids: string[] = [];
  /** When an issue was deleted, so that a read begun before cannot bring it back. */
  const deletedAt = new Map<string, number>();
  let complete = false;
  let expected: number | undefined;
  let stopped = false;

  const emit = () => {
    if (stopped) return;
    const list = new Array<Issue>(ids.length);
    for (let i = 0; i < ids.length; i++) list[i] = byId.get(ids[i]!)!;
    onList({ issues: list, complete, expected });
  };

  /** Keeps what was read unless a newer version (or the deletion) is known already. */
  const keepRead = (read: readonly StoredIssue[]) => {
    const added: string[] = [];
    for (const issue of read) {
      const known = byId.get(issue.id);
      const deleted = deletedAt.get(issue.id);
      if (deleted !== undefined && deleted >= writtenAt(issue)) continue;
      if (known && writtenAt(known) > writtenAt(issue)) continue;
      if (!known) added.push(issue.id);
      byId.set(issue.id, issue);
    }
    if (added.length > 0) ids = mergeIds(ids, added.sort());
  };

  const changes = issues.eventBulks$.subscribe((bulk) => {
    if (bulk.isLocal) return;
    for (const event of bulk.events) {
      const issue = event.documentData as StoredIssue;
      const id = event.documentId;
      if (event.operation === 'DELETE' || (issue as { _deleted?: boolean })._deleted) {
        deletedAt.set(id, writtenAt(issue));
        if (byId.delete(id)) ids.splice(indexOf(ids, id), 1);
        continue;
      }
      deletedAt.delete(id);
      if (!byId.has(id)) ids.splice(indexOf(ids, id), 0, id);
      byId.set(id, issue);
    }
    emit();
  });

  const read = async (): Promise<void> => {
    void issues
      .count()
      .exec()
      .then((count) => {
        expected = count;
      })
      .catch(() => undefined);
    const [oldest] = await issues.find(OLDEST_ISSUE_QUERY).exec();
    if (stopped) return;
    if (oldest) {
      // Back in time from now, a window of reports at a time, each window widened or
      // narrowed so that it holds about a slice: the first one holds the newest issues.
      const start = oldest.reportedAt;
      let to: number | undefined;
      let from = now() - firstWindowMs;
      let width = firstWindowMs;
      for (;;) {
        const window = await issues.find(reportedBetweenQuery(from, to)).exec();
        if (stopped) return;
        keepRead(window.map((doc) => doc.toJSON(true) as StoredIssue));
        if (from <= start) break;
        if (window.length > 0) emit();
        if (window.length < sliceSize / 2) width *= window.length < sliceSize / 8 ? 4 : 2;
        else if (window.length > sliceSize * 2) width = Math.max(1, Math.floor(width / 2));
        to = from;
        from = Math.max(start, from - width);
      }
    }
    complete = true;
    expected = ids.length;
    emit();
  };
  read().catch((error: unknown) => {
    if (!stopped) onError(error);
  });

  return () => {
    stopped = true;
    changes.unsubscribe();
  };
}
