import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../issues/issues.test-util';
import {
  SAVED_FILTERS_KEY,
  findSavedFilter,
  readSavedFilters,
  removeSavedFilter,
  upsertSavedFilter,
  writeSavedFilters,
} from './saved-filters';

describe('saved filters', () => {
  it('are stored and read back sorted by name', () => {
    const storage = memoryStorage();
    let filters = upsertSavedFilter([], { name: 'Open critical', query: 'priority = Critical' });
    filters = upsertSavedFilter(filters, { name: 'assembly', query: 'location ~ Assembly' });
    expect(writeSavedFilters(storage, filters)).toBe(true);
    expect(readSavedFilters(storage).map((f) => f.name)).toEqual(['assembly', 'Open critical']);
  });

  it('replace a filter of the same name, whatever its case', () => {
    const filters = upsertSavedFilter([{ name: 'Mine', query: 'assignee = tina' }], {
      name: 'MINE',
      query: 'assignee = bob',
    });
    expect(filters).toEqual([{ name: 'MINE', query: 'assignee = bob' }]);
    expect(findSavedFilter(filters, ' mine ')?.query).toBe('assignee = bob');
    expect(removeSavedFilter(filters, 'mine')).toEqual([]);
  });

  it('drop stored entries that are not valid saved filters', () => {
    const storage = memoryStorage();
    storage.setItem(
      SAVED_FILTERS_KEY,
      JSON.stringify([
        { name: 'Good', query: 'priority >= High' },
        { name: '', query: 'priority >= High' },
        { name: 'Broken', query: 'priority >=' },
        { name: 'good', query: 'type = safety' },
        'not a filter',
        { name: '  Trimmed  ', query: 'status != Closed', extra: true },
      ]),
    );
    expect(readSavedFilters(storage)).toEqual([
      { name: 'Good', query: 'priority >= High' },
      { name: 'Trimmed', query: 'status != Closed' },
    ]);
    storage.setItem(SAVED_FILTERS_KEY, '{"name": "not a list"}');
    expect(readSavedFilters(storage)).toEqual([]);
    storage.setItem(SAVED_FILTERS_KEY, 'not json');
    expect(readSavedFilters(storage)).toEqual([]);
  });
});
