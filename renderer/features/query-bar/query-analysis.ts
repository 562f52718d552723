/**
 * What the query bar makes of its text: nothing (empty), an applied query, or an error with the
 * offsets of the offending text.
 *
 * An applied query is compiled once (compileQuery: the resolved predicate, the Mango selector
 * made from it, the order and its comparator) and applied to the issues the table already
 * holds live, in memory: the table has every issue at hand, and asking the storage again (over
 * IPC in a window, from IndexedDB on the web) for each keystroke would be far slower. The
 * predicate is evaluated by shared/query's evaluator, which a property test proves to select
 * exactly what RxDB selects with the compiled Mango query, at a third of the cost of RxDB's
 * own matcher on 50,000 issues. The order is the compiled comparator, which orders as RxDB
 * does and also covers what Mango cannot sort (priority, status, location).
 */
import type { Issue } from '../../../shared/domain';
import {
  compileQuery,
  predicateMatcher,
  QueryError,
  type CompiledQuery,
  type QueryContext,
  type QueryErrorData,
  type Suggestion,
} from '../../../shared/query';

/** The query context without `now`, which is taken when a query is compiled. */
export type QueryWorld = Pick<QueryContext, 'statuses' | 'locations' | 'people'>;

export interface AppliedQuery {
  text: string;
  compiled: CompiledQuery;
  /** Whether the query selects an issue (as its Mango selector would). */
  matches(issue: Issue): boolean;
  /** The query has an ORDER BY of its own. */
  ordered: boolean;
}

export type QueryAnalysis =
  | { kind: 'empty' }
  | { kind: 'applied'; query: AppliedQuery }
  | { kind: 'error'; text: string; error: QueryErrorData };

export function analyseQuery(text: string, world: QueryWorld, now: number): QueryAnalysis {
  if (text.trim() === '') return { kind: 'empty' };
  let compiled: CompiledQuery;
  try {
    compiled = compileQuery(text, {
      now,
      statuses: world.statuses,
      locations: world.locations,
      ...(world.people !== undefined && { people: world.people }),
    });
  } catch (error) {
    if (error instanceof QueryError) return { kind: 'error', text, error: error.toJSON() };
    throw error;
  }
  return {
    kind: 'applied',
    query: {
      text,
      compiled,
      matches: predicateMatcher(compiled.predicate),
      // Every order ends with the id; anything before it came from the query.
      ordered: compiled.sort.length > 1,
    },
  };
}

/**
 * The text after accepting a suggestion, and where the cursor goes: after the inserted text
 * and a space, ready for what comes next (no space after an opening parenthesis, and none
 * added when one follows already).
 */
export function applySuggestion(
  text: string,
  suggestion: Pick<Suggestion, 'insert' | 'start' | 'end'>,
): { text: string; cursor: number } {
  const before = text.slice(0, suggestion.start);
  const after = text.slice(suggestion.end);
  const spaced = suggestion.insert.endsWith('(') || /^\s/.test(after) ? '' : ' ';
  const inserted = suggestion.insert + spaced;
  const cursor = before.length + inserted.length + (spaced === '' && /^\s/.test(after) ? 1 : 0);
  return { text: before + inserted + after, cursor };
}

/** A short stretch of the text around an error, with the error's place in it. */
export function errorExcerpt(
  text: string,
  error: Pick<QueryErrorData, 'start' | 'end'>,
  radius = 40,
): { before: string; token: string; after: string } {
  const start = Math.max(0, Math.min(error.start, text.length));
  const end = Math.max(start, Math.min(error.end, text.length));
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, end + radius);
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, start),
    token: text.slice(start, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
  };
}
