/**
 * Compiles a query to an RxDB Mango query for the `issues` collection, plus its sort as
 * data and a comparator for the orders Mango cannot express.
 */
import type { MangoQuery, MangoQuerySelector } from 'rxdb';
import type { Issue } from '../domain';
import type { Query } from './ast';
import type { QueryContext } from './context';
import { TEXT_FLAGS } from './context';
import { guarded } from './errors';
import { parseQuery } from './parser';
import { PredicateBuilder, type Predicate } from './predicate';
import { createComparator, resolveSortKeys, type IssueComparator, type SortKey } from './sort';

type Selector = Record<string, unknown>;

export interface CompiledQuery {
  /**
   * Pass to `collection.find()`. Carries a `sort` only when every sort key sorts natively
   * (`sortIsNative`); otherwise RxDB is free to pick the best index for the selector and
   * the results must be sorted with `compare`.
   */
  mango: MangoQuery<Issue>;
  selector: MangoQuerySelector<Issue>;
  /** The full order, ending with `id`. */
  sort: SortKey[];
  /** True when the Mango query's own order is already the final order. */
  sortIsNative: boolean;
  /** Orders issues as `sort` says; use it when `sortIsNative` is false. */
  compare: IssueComparator;
  /** The resolved meaning of the condition, shared with the in-memory evaluator. */
  predicate: Predicate;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((key) => key.startsWith('$'))
  );
}

/** ANDs selectors, keeping fields at the top level where possible so indexes can be used. */
function conjoin(selectors: Selector[]): Selector {
  const merged: Selector = {};
  const rest: Selector[] = [];
  for (const selector of selectors) {
    for (const [key, condition] of Object.entries(selector)) {
      if (key === '$and' && Array.isArray(condition)) {
        rest.push(...(condition as Selector[]));
        continue;
      }
      const existing = merged[key];
      if (existing === undefined) {
        merged[key] = condition;
      } else if (
        !key.startsWith('$') &&
        isOperatorObject(existing) &&
        isOperatorObject(condition) &&
        Object.keys(condition).every((op) => !(op in existing))
      ) {
        merged[key] = { ...existing, ...condition };
      } else {
        rest.push({ [key]: condition });
      }
    }
  }
  if (rest.length > 0) merged.$and = rest;
  return merged;
}

function toSelector(predicate: Predicate, negated: boolean): Selector {
  switch (predicate.kind) {
    case 'not':
      return toSelector(predicate.item, !negated);
    case 'and':
    case 'or': {
      if (negated && predicate.kind === 'and') {
        // NOT of conditions on one field: negate them together, `{f: {$not: {…}}}`.
        const positive = toSelector(predicate, false);
        const keys = Object.keys(positive);
        const only = keys[0];
        if (keys.length === 1 && only !== undefined && !only.startsWith('$')) {
          const condition = positive[only];
          if (isOperatorObject(condition)) return { [only]: { $not: condition } };
        }
      }
      const items = predicate.items.map((item) => toSelector(item, negated));
      // De Morgan: a negated AND is an OR of negations, and the other way round.
      const conjunctive = (predicate.kind === 'and') !== negated;
      if (conjunctive) return conjoin(items);
      if (items.length === 0) return { id: { $in: [] } };
      if (items.length === 1) return items[0]!;
      return { $or: items };
    }
    case 'eq':
      return { [predicate.path]: negated ? { $ne: predicate.value } : { $eq: predicate.value } };
    case 'in':
      if (predicate.values.length === 1) {
        const value = predicate.values[0];
        return { [predicate.path]: negated ? { $ne: value } : { $eq: value } };
      }
      return { [predicate.path]: negated ? { $nin: predicate.values } : { $in: predicate.values } };
    case 'range': {
      const condition = { [predicate.operator]: predicate.value };
      return { [predicate.path]: negated ? { $not: condition } : condition };
    }
    case 'regex': {
      const condition = { $regex: predicate.source, $options: TEXT_FLAGS };
      return { [predicate.path]: negated ? { $not: condition } : condition };
    }
    case 'exists':
      return { [predicate.path]: { $exists: !negated } };
  }
}

/** The Mango selector of a resolved predicate. */
export function predicateToSelector(predicate: Predicate): MangoQuerySelector<Issue> {
  return toSelector(predicate, false);
}

/**
 * Compiles a query (text or a parsed tree) against a context. Throws a QueryError (and
 * nothing else) when the text does not parse, a status or location name is unknown or the
 * context is unusable.
 */
export function compileQuery(source: Query | string, context: QueryContext): CompiledQuery {
  const query = typeof source === 'string' ? parseQuery(source) : source;
  return guarded(typeof source === 'string' ? source.length : 0, () => {
    const builder = new PredicateBuilder(context);
    const predicate: Predicate = query.where
      ? builder.build(query.where)
      : { kind: 'and', items: [] };
    const selector = predicateToSelector(predicate);
    const keys = resolveSortKeys(query.orderBy);
    const sortIsNative = keys.every((key) => key.sort === 'native');
    const mango: MangoQuery<Issue> = { selector };
    if (sortIsNative) {
      mango.sort = keys.map((key) => ({ [key.path]: key.direction }));
    }
    return {
      mango,
      selector,
      sort: keys.map(({ field, direction }) => ({ field, direction })),
      sortIsNative,
      compare: createComparator(keys, builder.contextIndex),
      predicate,
    };
  });
}
