import { describe, expect, it } from 'vitest';
import { NAME_MAX } from '../domain';
import { CONTEXT } from './query.test-util';
import { SAVED_FILTER_QUERY_MAX, validateSavedFilter } from './saved-filter';

describe('validateSavedFilter', () => {
  it('accepts a name and a query that parses, keeping only those two fields', () => {
    expect(
      validateSavedFilter({
        name: '  Open, urgent ',
        query: 'priority >= High AND status != Closed',
        extra: 1,
      }),
    ).toEqual({
      ok: true,
      filter: { name: 'Open, urgent', query: 'priority >= High AND status != Closed' },
    });
    expect(validateSavedFilter({ name: 'All', query: '' })).toMatchObject({ ok: true });
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'x', 3, ['a']]) {
      expect(validateSavedFilter(value)).toEqual({
        ok: false,
        problems: [{ field: 'filter', message: 'A saved filter must be an object' }],
      });
    }
  });

  it('names every problem with the name and the query', () => {
    expect(validateSavedFilter({ name: ' ', query: 3 })).toEqual({
      ok: false,
      problems: [
        { field: 'name', message: 'The name must not be empty' },
        { field: 'query', message: 'The query must be text' },
      ],
    });
    expect(validateSavedFilter({ query: 'x' })).toMatchObject({
      ok: false,
      problems: [{ field: 'name', message: 'The name must be text' }, { field: 'query' }],
    });
    expect(validateSavedFilter({ name: 'n'.repeat(NAME_MAX + 1), query: '' })).toMatchObject({
      ok: false,
      problems: [{ field: 'name', message: `The name must be at most ${NAME_MAX} characters` }],
    });
    expect(
      validateSavedFilter({ name: 'Long', query: 'x'.repeat(SAVED_FILTER_QUERY_MAX + 1) }),
    ).toMatchObject({ ok: false, problems: [{ field: 'query' }] });
  });

  it('reports query errors with their offsets', () => {
    expect(validateSavedFilter({ name: 'Typo', query: 'priorty = High' })).toEqual({
      ok: false,
      problems: [
        {
          field: 'query',
          message: "Unknown field 'priorty' – did you mean 'priority'?",
          error: {
            code: 'unknown-field',
            message: "Unknown field 'priorty' – did you mean 'priority'?",
            start: 0,
            end: 7,
          },
        },
      ],
    });
  });

  it('checks status and location names when given a context', () => {
    const filter = { name: 'Gone', query: 'status = Archived' };
    expect(validateSavedFilter(filter)).toMatchObject({ ok: true });
    expect(validateSavedFilter(filter, CONTEXT)).toMatchObject({
      ok: false,
      problems: [{ field: 'query', error: { code: 'unknown-value', start: 9, end: 17 } }],
    });
  });
});
