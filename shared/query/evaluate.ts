/**
 * The in-memory evaluator: decides whether one issue matches a query, with the same
 * semantics as the compiled Mango query. Used for escalation rule scopes and as the oracle
 * the compiler is tested against.
 */
import type { Issue } from '../domain';
import type { Query, QueryNode } from './ast';
import { textRegex, type QueryContext } from './context';
import { guarded } from './errors';
import { parseQuery } from './parser';
import { pathReader } from './document-path';
import { buildPredicate, type Predicate } from './predicate';

export type IssueMatcher = (issue: Issue) => boolean;

function compilePredicate(predicate: Predicate): IssueMatcher {
  switch (predicate.kind) {
    case 'and': {
      const items = predicate.items.map(compilePredicate);
      return (issue) => items.every((item) => item(issue));
    }
    case 'or': {
      const items = predicate.items.map(compilePredicate);
      return (issue) => items.some((item) => item(issue));
    }
    case 'not': {
      const item = compilePredicate(predicate.item);
      return (issue) => !item(issue);
    }
    case 'eq': {
      const read = pathReader(predicate.path);
      const expected = predicate.value;
      return (issue) => read(issue) === expected;
    }
    case 'in': {
      const read = pathReader(predicate.path);
      const values = new Set<unknown>(predicate.values);
      return (issue) => {
        const value = read(issue);
        return value !== undefined && values.has(value);
      };
    }
    case 'range': {
      const bound = predicate.value;
      const test = {
        $gt: (v: number) => v > bound,
        $gte: (v: number) => v >= bound,
        $lt: (v: number) => v < bound,
        $lte: (v: number) => v <= bound,
      }[predicate.operator];
      const read = pathReader(predicate.path);
      return (issue) => {
        const value = read(issue);
        return typeof value === 'number' && test(value);
      };
    }
    case 'regex': {
      const regex = textRegex(predicate.source);
      const read = pathReader(predicate.path);
      return (issue) => {
        const value = read(issue);
        return typeof value === 'string' && regex.test(value);
      };
    }
    case 'exists': {
      const read = pathReader(predicate.path);
      return (issue) => read(issue) !== undefined;
    }
  }
}

/** A matcher for a resolved predicate. */
export function predicateMatcher(predicate: Predicate): IssueMatcher {
  return compilePredicate(predicate);
}

/** A query as text, as a parsed tree, or just its condition. */
export type QuerySource = string | Query | QueryNode;

function whereOf(source: QuerySource): QueryNode | null {
  if (typeof source === 'string') return parseQuery(source).where;
  return 'kind' in source ? source : source.where;
}

/**
 * Resolves a query once and returns a fast test for many issues (an escalation rule's
 * scope, say). Throws a QueryError when the text does not parse, a status or location name
 * is unknown or the context is unusable.
 */
export function createMatcher(source: QuerySource, context: QueryContext): IssueMatcher {
  const where = whereOf(source);
  return guarded(0, () => compilePredicate(buildPredicate(where, context)));
}

/**
 * Whether `issue` matches the query's condition (ORDER BY is ignored). Resolves the query
 * on every call: for many issues, use createMatcher.
 */
export function matches(source: QuerySource, issue: Issue, context: QueryContext): boolean {
  const matcher = createMatcher(source, context);
  return guarded(0, () => matcher(issue));
}
