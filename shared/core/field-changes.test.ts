import { describe, expect, it } from 'vitest';
import { fieldChanges } from './field-changes';

describe('fieldChanges', () => {
  it('lists changed, added and removed fields in field order, absent as null', () => {
    expect(
      fieldChanges<Record<string, unknown>>(
        { title: 'a', priority: 'High', assignee: 'omar', version: 1 },
        { title: 'b', priority: 'High', severity: 3, version: 2 },
      ),
    ).toEqual([
      { field: 'assignee', from: 'omar', to: null },
      { field: 'severity', from: null, to: 3 },
      { field: 'title', from: 'a', to: 'b' },
    ]);
  });

  it('compares objects by value and records them as JSON', () => {
    expect(fieldChanges({ customFields: { a: 1 } }, { customFields: { a: 1 } })).toEqual([]);
    expect(fieldChanges({ customFields: { a: 1 } }, { customFields: { a: 2 } })).toEqual([
      { field: 'customFields', from: '{"a":1}', to: '{"a":2}' },
    ]);
  });

  it('ignores RxDB meta fields and bookkeeping', () => {
    expect(
      fieldChanges<Record<string, unknown>>(
        { _rev: '1-a', updatedAt: 1, title: 'x' },
        { _rev: '2-b', updatedAt: 2, title: 'x' },
      ),
    ).toEqual([]);
  });
});
