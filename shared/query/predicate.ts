/**
 * The meaning of a query, with every name and date resolved against a context: a small
 * boolean formula over document paths. Both backends read it, the Mango compiler and the
 * in-memory evaluator, so they cannot disagree about what a clause means.
 */
import { PRIORITIES } from '../domain';
import type { ClauseNode, ComparisonOperator, QueryNode, QueryValue } from './ast';
import { ContextIndex, containsPattern, equalsPattern, type QueryContext } from './context';
import { checkTimeZone, resolveDate, type DateValue, type TimeSpan } from './dates';
import { QueryError, guarded } from './errors';
import { fieldSpec, type FieldSpec } from './fields';

export type Scalar = string | number | boolean;
export type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';

export type Predicate =
  | { kind: 'and'; items: Predicate[] }
  | { kind: 'or'; items: Predicate[] }
  | { kind: 'not'; item: Predicate }
  /** The value at `path` is exactly `value` (same type). */
  | { kind: 'eq'; path: string; value: Scalar }
  /** The value at `path` is exactly one of `values`; an empty list matches nothing. */
  | { kind: 'in'; path: string; values: Scalar[] }
  /** The value at `path` is a number and compares so with `value`. */
  | { kind: 'range'; path: string; operator: RangeOperator; value: number }
  /** The value at `path` is a string matching `source`, case-insensitively. */
  | { kind: 'regex'; path: string; source: string }
  /** The document has a value at `path`. */
  | { kind: 'exists'; path: string };

const not = (item: Predicate): Predicate => ({ kind: 'not', item });

export function specOf(field: { name: string; span: { start: number; end: number } }): FieldSpec {
  const spec = fieldSpec(field.name);
  if (!spec) {
    throw new QueryError(
      'unknown-field',
      `Unknown field '${field.name}'`,
      field.span.start,
      field.span.end,
    );
  }
  return spec;
}

function isDateValue(value: QueryValue): value is DateValue {
  return value.kind === 'date' || value.kind === 'relative-date' || value.kind === 'now';
}

function mismatch(spec: FieldSpec, value: QueryValue): QueryError {
  return new QueryError(
    'invalid-value',
    `A ${value.kind} value cannot be compared with ${spec.name}`,
    value.span.start,
    value.span.end,
  );
}

export class PredicateBuilder {
  private readonly index: ContextIndex;
  private readonly timeZone: string;

  constructor(readonly context: QueryContext) {
    this.timeZone = context.timeZone ?? 'UTC';
    checkTimeZone(this.timeZone);
    this.index = new ContextIndex(context);
  }

  get contextIndex(): ContextIndex {
    return this.index;
  }

  build(node: QueryNode): Predicate {
    switch (node.kind) {
      case 'and':
        return { kind: 'and', items: node.operands.map((n) => this.build(n)) };
      case 'or':
        return { kind: 'or', items: node.operands.map((n) => this.build(n)) };
      case 'not':
        return not(this.build(node.operand));
      default:
        return this.clause(node);
    }
  }

  private clause(node: ClauseNode): Predicate {
    const spec = specOf(node.field);
    switch (node.kind) {
      case 'empty': {
        const absent = not({ kind: 'exists', path: spec.path });
        const empty: Predicate =
          spec.type === 'date'
            ? absent
            : { kind: 'or', items: [absent, { kind: 'eq', path: spec.path, value: '' }] };
        return node.negated ? not(empty) : empty;
      }
      case 'in': {
        const any = this.oneOf(spec, node.values);
        return node.negated ? not(any) : any;
      }
      case 'comparison':
        return this.compare(spec, node.operator, node.value);
    }
  }

  private text(value: QueryValue, spec: FieldSpec): string {
    if (value.kind === 'text') return value.text;
    throw mismatch(spec, value);
  }

  private compare(spec: FieldSpec, operator: ComparisonOperator, value: QueryValue): Predicate {
    if (operator === '!=') return not(this.compare(spec, '=', value));
    if (operator === '!~') return not(this.compare(spec, '~', value));
    if (operator === '~') {
      const text = this.text(value, spec);
      if (spec.enumSource === 'statuses') {
        return { kind: 'in', path: spec.path, values: this.index.statusIdsContaining(text) };
      }
      if (spec.enumSource === 'locations') {
        return { kind: 'in', path: spec.path, values: this.index.locationIdsContaining(text) };
      }
      const contains: Predicate = { kind: 'regex', path: spec.path, source: containsPattern(text) };
      const named = spec.person ? this.index.personIdsContaining(text) : [];
      return named.length === 0
        ? contains
        : { kind: 'or', items: [contains, { kind: 'in', path: spec.path, values: named }] };
    }
    if (operator === '=') return this.oneOf(spec, [value]);
    return this.ordered(spec, operator, value);
  }

  /** `field = v1 OR field = v2 …`, written as compactly as the values allow. */
  private oneOf(spec: FieldSpec, values: QueryValue[]): Predicate {
    const path = spec.path;
    if (spec.enumSource === 'statuses' || spec.enumSource === 'locations') {
      const ids = new Set<string>();
      for (const value of values) {
        const name = this.text(value, spec);
        const found =
          spec.enumSource === 'statuses'
            ? this.index.statusIdsNamed(name, value.span.start, value.span.end)
            : this.index.locationIdsNamed(name, value.span.start, value.span.end);
        found.forEach((id) => ids.add(id));
      }
      return { kind: 'in', path, values: [...ids] };
    }
    if (values.length === 1 && isDateValue(values[0]!)) {
      return this.dateEquals(path, resolveDate(values[0], this.dateContext()));
    }
    const texts: string[] = [];
    const scalars: Scalar[] = [];
    for (const value of values) {
      switch (value.kind) {
        case 'text':
          texts.push(value.text);
          break;
        case 'enum':
        case 'number':
        case 'boolean':
          scalars.push(value.value);
          break;
        default:
          throw mismatch(spec, value);
      }
    }
    const parts: Predicate[] = [];
    // A person is named by their id or their name: the ids of the people of those names join
    // the texts (ids are matched like any text, case-insensitively).
    if (spec.person && texts.length > 0) texts.push(...this.index.personIdsNamed(texts));
    if (texts.length > 0) parts.push({ kind: 'regex', path, source: equalsPattern(texts) });
    if (scalars.length === 1) parts.push({ kind: 'eq', path, value: scalars[0]! });
    if (scalars.length > 1) parts.push({ kind: 'in', path, values: [...new Set(scalars)] });
    return parts.length === 1 ? parts[0]! : { kind: 'or', items: parts };
  }

  private dateContext() {
    return { now: this.context.now, timeZone: this.timeZone };
  }

  private dateEquals(path: string, span: TimeSpan): Predicate {
    if (span.instant) return { kind: 'eq', path, value: span.at };
    return {
      kind: 'and',
      items: [
        { kind: 'range', path, operator: '$gte', value: span.start },
        { kind: 'range', path, operator: '$lt', value: span.end },
      ],
    };
  }

  private ordered(
    spec: FieldSpec,
    operator: '>' | '>=' | '<' | '<=',
    value: QueryValue,
  ): Predicate {
    const path = spec.path;
    if (value.kind === 'enum' && spec.name === 'priority') {
      const rank = PRIORITIES.indexOf(value.value as (typeof PRIORITIES)[number]);
      const keep = (r: number) =>
        operator === '>'
          ? r > rank
          : operator === '>='
            ? r >= rank
            : operator === '<'
              ? r < rank
              : r <= rank;
      return { kind: 'in', path, values: PRIORITIES.filter((_, r) => keep(r)) };
    }
    if (value.kind === 'number') {
      const map = { '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' } as const;
      return { kind: 'range', path, operator: map[operator], value: value.value };
    }
    if (isDateValue(value)) {
      const span = resolveDate(value, this.dateContext());
      if (span.instant) {
        const map = { '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' } as const;
        return { kind: 'range', path, operator: map[operator], value: span.at };
      }
      // A day or minute is a span: after it means from its end on, up to it means before
      // its end.
      switch (operator) {
        case '>':
          return { kind: 'range', path, operator: '$gte', value: span.end };
        case '>=':
          return { kind: 'range', path, operator: '$gte', value: span.start };
        case '<':
          return { kind: 'range', path, operator: '$lt', value: span.start };
        case '<=':
          return { kind: 'range', path, operator: '$lt', value: span.end };
      }
    }
    throw mismatch(spec, value);
  }
}

/** The predicate of a query's condition; `null` (no condition) matches every issue. */
export function buildPredicate(node: QueryNode | null, context: QueryContext): Predicate {
  return guarded(0, () => {
    const builder = new PredicateBuilder(context);
    return node ? builder.build(node) : { kind: 'and', items: [] };
  });
}
