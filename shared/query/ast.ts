/**
 * The typed syntax tree of a query. Every node carries the span of the text it came from
 * (offsets, end exclusive) so that later stages can point at it in their errors. The parser
 * has already checked fields, operators and values against each other: a tree that reaches
 * the compiler is well-typed, only names that need context (statuses, locations) remain.
 */

export interface Span {
  start: number;
  end: number;
}

export const COMPARISON_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '~', '!~'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Every operator as it is written, used for legality tables and suggestions. */
export const OPERATORS = [
  ...COMPARISON_OPERATORS,
  'IN',
  'NOT IN',
  'IS EMPTY',
  'IS NOT EMPTY',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const RELATIVE_UNITS = ['m', 'h', 'd', 'w'] as const;
export type RelativeUnit = (typeof RELATIVE_UNITS)[number];

export type QueryValue =
  /** Free text, a status or a location name; matched case-insensitively. */
  | { kind: 'text'; text: string; span: Span }
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  /** A member of a fixed list (issue type, priority), in its canonical spelling. */
  | { kind: 'enum'; value: string; span: Span }
  /** A calendar date, optionally with a time of day, in the context's time zone. */
  | {
      kind: 'date';
      year: number;
      month: number;
      day: number;
      /** Absent for a whole day. */
      time?: { hour: number; minute: number; second?: number };
      span: Span;
    }
  /** `-7d`: an amount of units before (negative) or after `now`. */
  | { kind: 'relative-date'; amount: number; unit: RelativeUnit; span: Span }
  | { kind: 'now'; span: Span };

export type QueryValueKind = QueryValue['kind'];

export interface FieldRef {
  /** Canonical name: `priority`, `reportedAt`, or `cf.<name>` for a custom field. */
  name: string;
  span: Span;
}

export interface ComparisonNode {
  kind: 'comparison';
  field: FieldRef;
  operator: ComparisonOperator;
  value: QueryValue;
  span: Span;
}

export interface InNode {
  kind: 'in';
  field: FieldRef;
  /** `NOT IN`. */
  negated: boolean;
  values: QueryValue[];
  span: Span;
}

export interface EmptyNode {
  kind: 'empty';
  field: FieldRef;
  /** `IS NOT EMPTY`. */
  negated: boolean;
  span: Span;
}

export interface AndNode {
  kind: 'and';
  /** Two or more. */
  operands: QueryNode[];
  span: Span;
}

export interface OrNode {
  kind: 'or';
  /** Two or more. */
  operands: QueryNode[];
  span: Span;
}

export interface NotNode {
  kind: 'not';
  operand: QueryNode;
  span: Span;
}

export type ClauseNode = ComparisonNode | InNode | EmptyNode;
export type QueryNode = ClauseNode | AndNode | OrNode | NotNode;

export type SortDirection = 'asc' | 'desc';

export interface OrderByItem {
  field: FieldRef;
  direction: SortDirection;
  span: Span;
}

export interface Query {
  /** Absent when the query only sorts (or is empty): every issue matches. */
  where: QueryNode | null;
  orderBy: OrderByItem[];
}
