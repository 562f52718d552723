/**
 * Sorting: the ORDER BY of a query as data, and a comparator over issues that orders them
 * exactly as RxDB orders a Mango sort for the fields that sort natively, and by rank for
 * those that cannot (priority, status, location; people by name, as the issue table sorts
 * them). `id` is always the final tie-breaker.
 */
import { PRIORITIES, type Issue } from '../domain';
import type { OrderByItem, SortDirection } from './ast';
import type { ContextIndex } from './context';
import { specOf } from './predicate';
import type { SortKind } from './fields';
import { pathReader } from './document-path';

export interface SortKey {
  /** Canonical query field name, or `id` for the final tie-breaker. */
  field: string;
  direction: SortDirection;
}

export interface ResolvedSortKey extends SortKey {
  /** Document path of the field. */
  path: string;
  sort: SortKind;
}

export type IssueComparator = (a: Issue, b: Issue) => number;

const TYPE_ORDER: Record<string, number> = { undefined: 1, number: 3, string: 4, boolean: 9 };

/**
 * Orders stored values the way RxDB's query sort does: missing values first, then numbers,
 * strings and booleans, each by `<` (strings by UTF-16 code units).
 */
export function compareNative(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const typeA = typeof a;
  const typeB = typeof b;
  if (typeA === typeB) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  const orderA = TYPE_ORDER[typeA] ?? 99;
  const orderB = TYPE_ORDER[typeB] ?? 99;
  return orderA < orderB ? -1 : orderA > orderB ? 1 : 0;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareNative(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

export function resolveSortKeys(orderBy: readonly OrderByItem[]): ResolvedSortKey[] {
  const keys: ResolvedSortKey[] = orderBy.map((item) => {
    const spec = specOf(item.field);
    return { field: spec.name, direction: item.direction, path: spec.path, sort: spec.sort };
  });
  keys.push({ field: 'id', direction: 'asc', path: 'id', sort: 'native' });
  return keys;
}

function keyComparator(key: ResolvedSortKey, index: ContextIndex): IssueComparator {
  switch (key.sort) {
    case 'native': {
      const read = pathReader(key.path);
      return (a, b) => compareNative(read(a), read(b));
    }
    case 'priority': {
      const rank = (issue: Issue) => PRIORITIES.indexOf(issue.priority);
      return (a, b) => rank(a) - rank(b);
    }
    case 'status':
      return (a, b) =>
        index.statusOrder(a.status) - index.statusOrder(b.status) ||
        compareNative(a.status, b.status);
    case 'location':
      return (a, b) => {
        const pathA = index.locationPath(a.locationId);
        const pathB = index.locationPath(b.locationId);
        if (pathA && pathB) {
          const order = compareLists(pathA, pathB);
          if (order !== 0) return order;
        } else if (pathA || pathB) {
          // Unknown locations after all known ones.
          return pathA ? -1 : 1;
        }
        return compareNative(a.locationId, b.locationId);
      };
    case 'person': {
      const read = pathReader(key.path);
      return (a, b) => {
        const idA = read(a);
        const idB = read(b);
        // No one first, as a missing value sorts natively; then by name, then unknown ids.
        if (typeof idA !== 'string' || typeof idB !== 'string') return compareNative(idA, idB);
        const nameA = index.personSortName(idA);
        const nameB = index.personSortName(idB);
        if (nameA !== undefined && nameB !== undefined) {
          const order = compareNative(nameA, nameB);
          if (order !== 0) return order;
        } else if (nameA !== undefined || nameB !== undefined) {
          return nameA !== undefined ? -1 : 1;
        }
        return compareNative(idA, idB);
      };
    }
  }
}

export function createComparator(
  keys: readonly ResolvedSortKey[],
  index: ContextIndex,
): IssueComparator {
  const parts = keys.map((key) => {
    const compare = keyComparator(key, index);
    return key.direction === 'desc' ? (a: Issue, b: Issue) => compare(b, a) : compare;
  });
  return (a, b) => {
    for (const compare of parts) {
      const order = compare(a, b);
      if (order !== 0) return order < 0 ? -1 : 1;
    }
    return 0;
  };
}
