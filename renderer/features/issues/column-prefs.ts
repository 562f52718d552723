/**
 * Which columns the issue table shows, and in what order, remembered on this device
 * (localStorage). Whatever is stored is read defensively: unknown columns are dropped, columns
 * added since are shown at their default place, and unreadable settings mean the defaults.
 */
import { ISSUE_COLUMNS, isIssueColumnId, type IssueColumnId } from './issue-columns';

export const COLUMN_PREFS_KEY = 'autoescalate.issues.columns.v1';

/** Columns that cannot be hidden: a row must always say what the issue is. */
export const ALWAYS_VISIBLE: ReadonlySet<IssueColumnId> = new Set(['title']);

export interface ColumnPrefs {
  order: IssueColumnId[];
  visibility: Record<IssueColumnId, boolean>;
}

export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function defaultColumnPrefs(): ColumnPrefs {
  return {
    order: ISSUE_COLUMNS.map((column) => column.id),
    visibility: Object.fromEntries(
      ISSUE_COLUMNS.map((column) => [column.id, column.defaultVisible]),
    ) as Record<IssueColumnId, boolean>,
  };
}

/** Puts columns missing from `order` back at the place they have by default. */
function completeOrder(order: readonly IssueColumnId[]): IssueColumnId[] {
  const result = [...order];
  ISSUE_COLUMNS.forEach((column, index) => {
    if (result.includes(column.id)) return;
    const before = ISSUE_COLUMNS.slice(0, index)
      .map((c) => result.indexOf(c.id))
      .reduce((max, position) => Math.max(max, position), -1);
    result.splice(before + 1, 0, column.id);
  });
  return result;
}

export function parseColumnPrefs(value: unknown): ColumnPrefs {
  const prefs = defaultColumnPrefs();
  if (typeof value !== 'object' || value === null) return prefs;
  const record = value as { order?: unknown; visibility?: unknown };
  if (Array.isArray(record.order)) {
    prefs.order = completeOrder([...new Set(record.order.filter(isIssueColumnId))]);
  }
  if (typeof record.visibility === 'object' && record.visibility !== null) {
    for (const [id, visible] of Object.entries(record.visibility as Record<string, unknown>)) {
      if (isIssueColumnId(id) && typeof visible === 'boolean' && !ALWAYS_VISIBLE.has(id)) {
        prefs.visibility[id] = visible;
      }
    }
  }
  return prefs;
}

export function readColumnPrefs(storage: PrefsStorage | undefined): ColumnPrefs {
  try {
    const text = storage?.getItem(COLUMN_PREFS_KEY);
    return text ? parseColumnPrefs(JSON.parse(text)) : defaultColumnPrefs();
  } catch {
    // Unreadable settings (or storage that refuses access) are not worth an error: defaults.
    return defaultColumnPrefs();
  }
}

/** Stores the preferences; false when the storage refused them (full, or disabled). */
export function writeColumnPrefs(storage: PrefsStorage | undefined, prefs: ColumnPrefs): boolean {
  if (!storage) return false;
  try {
    storage.setItem(COLUMN_PREFS_KEY, JSON.stringify(prefs));
    return true;
  } catch {
    return false;
  }
}

/** The order with `id` moved `delta` places (clamped to the ends). */
export function moveColumn(
  order: readonly IssueColumnId[],
  id: IssueColumnId,
  delta: number,
): IssueColumnId[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const to = Math.max(0, Math.min(order.length - 1, from + delta));
  const result = [...order];
  result.splice(from, 1);
  result.splice(to, 0, id);
  return result;
}

/** The shown columns in their order. */
export function visibleColumnIds(prefs: ColumnPrefs): IssueColumnId[] {
  return prefs.order.filter((id) => prefs.visibility[id] !== false || ALWAYS_VISIBLE.has(id));
}

/** The device's localStorage, when the page may use it. */
export function browserStorage(): PrefsStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
