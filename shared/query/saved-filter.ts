/**
 * Saved filters are data: a name and the query text. They are validated wherever they
 * cross a boundary (stored settings, IPC, sync) with `validateSavedFilter`.
 */
import { NAME_MAX } from '../domain';
import { compileQuery } from './compile';
import type { QueryContext } from './context';
import type { QueryErrorData } from './errors';
import { tryParseQuery } from './parser';

export interface SavedFilter {
  name: string;
  /** Query text, e.g. `status != Closed ORDER BY priority DESC`. */
  query: string;
}

export const SAVED_FILTER_QUERY_MAX = 2000;

export interface SavedFilterProblem {
  field: 'name' | 'query' | 'filter';
  message: string;
  /** For problems inside the query text: the parser's or compiler's error with offsets. */
  error?: QueryErrorData;
}

export type SavedFilterValidation =
  { ok: true; filter: SavedFilter } | { ok: false; problems: SavedFilterProblem[] };

/**
 * Checks that `value` is a saved filter: a non-empty name of at most NAME_MAX characters
 * and a query that parses. With a context, the query's status and location names must
 * exist too. Returns the filter with only its two fields, the name trimmed.
 */
export function validateSavedFilter(value: unknown, context?: QueryContext): SavedFilterValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problems: [{ field: 'filter', message: 'A saved filter must be an object' }],
    };
  }
  const record = value as Record<string, unknown>;
  const problems: SavedFilterProblem[] = [];
  const name = typeof record.name === 'string' ? record.name.trim() : undefined;
  if (name === undefined) {
    problems.push({ field: 'name', message: 'The name must be text' });
  } else if (name.length === 0) {
    problems.push({ field: 'name', message: 'The name must not be empty' });
  } else if (name.length > NAME_MAX) {
    problems.push({ field: 'name', message: `The name must be at most ${NAME_MAX} characters` });
  }
  const query = record.query;
  if (typeof query !== 'string') {
    problems.push({ field: 'query', message: 'The query must be text' });
  } else if (query.length > SAVED_FILTER_QUERY_MAX) {
    problems.push({
      field: 'query',
      message: `The query must be at most ${SAVED_FILTER_QUERY_MAX} characters`,
    });
  } else {
    const parsed = tryParseQuery(query);
    let error = parsed.ok ? undefined : parsed.error;
    if (parsed.ok && context) {
      try {
        compileQuery(parsed.value, context);
      } catch (compileError) {
        error = compileError as typeof error;
      }
    }
    if (error) problems.push({ field: 'query', message: error.message, error: error.toJSON() });
  }
  if (problems.length > 0 || name === undefined || typeof query !== 'string') {
    return { ok: false, problems };
  }
  return { ok: true, filter: { name, query } };
}
