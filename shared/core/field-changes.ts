import type { EventValue, FieldChange } from '../domain';

function toEventValue(value: unknown): EventValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

/**
 * The fields that differ between two versions of a document, as history entries.
 * Bookkeeping fields (version, update stamps) are left out: they change on every edit.
 */
export function fieldChanges<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  ignore: readonly string[] = ['version', 'updatedAt', 'updatedBy', 'updatedOnDevice'],
): FieldChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (ignore.includes(field) || field.startsWith('_')) continue;
    const from = (before as Record<string, unknown>)[field];
    const to = (after as Record<string, unknown>)[field];
    if (!sameValue(from, to)) {
      changes.push({ field, from: toEventValue(from), to: toEventValue(to) });
    }
  }
  return changes;
}
