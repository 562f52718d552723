/**
 * Saved filters (a name and a query), kept on this device in localStorage. Every stored entry
 * is checked with validateSavedFilter when read, so a damaged or hand-edited entry is dropped
 * rather than shown.
 */
import { validateSavedFilter, type SavedFilter } from '../../../shared/query';

export const SAVED_FILTERS_KEY = 'autoescalate.savedFilters.v1';

export type FilterStorage = Pick<Storage, 'getItem' | 'setItem'>;

function byName(a: SavedFilter, b: SavedFilter): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

export function readSavedFilters(storage: FilterStorage | undefined): SavedFilter[] {
  let stored: unknown;
  try {
    const text = storage?.getItem(SAVED_FILTERS_KEY);
    stored = text ? JSON.parse(text) : [];
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  const filters: SavedFilter[] = [];
  for (const entry of stored) {
    const valid = validateSavedFilter(entry);
    if (valid.ok && !filters.some((f) => sameName(f.name, valid.filter.name))) {
      filters.push(valid.filter);
    }
  }
  return filters.sort(byName);
}

/** Stores the filters; false when the storage refused them (full, or disabled). */
export function writeSavedFilters(
  storage: FilterStorage | undefined,
  filters: readonly SavedFilter[],
): boolean {
  if (!storage) return false;
  try {
    storage.setItem(SAVED_FILTERS_KEY, JSON.stringify(filters));
    return true;
  } catch {
    return false;
  }
}

export function findSavedFilter(
  filters: readonly SavedFilter[],
  name: string,
): SavedFilter | undefined {
  const trimmed = name.trim();
  return filters.find((filter) => sameName(filter.name, trimmed));
}

/** The list with `filter` added, replacing one of the same name (ignoring case). */
export function upsertSavedFilter(
  filters: readonly SavedFilter[],
  filter: SavedFilter,
): SavedFilter[] {
  return [...filters.filter((f) => !sameName(f.name, filter.name)), filter].sort(byName);
}

export function removeSavedFilter(filters: readonly SavedFilter[], name: string): SavedFilter[] {
  return filters.filter((f) => !sameName(f.name, name));
}
