/**
 * The issue query language: parse, print, compile to RxDB Mango, evaluate in memory,
 * autocomplete, and saved filters. See README.md for the language itself.
 */
export type {
  AndNode,
  ClauseNode,
  ComparisonNode,
  ComparisonOperator,
  EmptyNode,
  FieldRef,
  InNode,
  NotNode,
  Operator,
  OrNode,
  OrderByItem,
  Query,
  QueryNode,
  QueryValue,
  QueryValueKind,
  RelativeUnit,
  SortDirection,
  Span,
} from './ast';
export { COMPARISON_OPERATORS, OPERATORS, RELATIVE_UNITS } from './ast';
export {
  QUERY_ERROR_CODES,
  QueryError,
  type QueryErrorCode,
  type QueryErrorData,
  type QueryResult,
} from './errors';
export {
  BUILTIN_FIELDS,
  CUSTOM_FIELD_PREFIX,
  customFieldSpec,
  fieldAllows,
  fieldSpec,
  isValidCustomFieldName,
  lookupField,
  type EnumSource,
  type FieldLookup,
  type FieldSpec,
  type FieldType,
  type SortKind,
} from './fields';
export {
  KEYWORDS,
  tokenize,
  type Keyword,
  type LexOptions,
  type Token,
  type TokenKind,
} from './lexer';
export { MAX_NESTING, parseQuery, tryParseQuery } from './parser';
export { formatText, printNode, printQuery, printValue, quoteString } from './printer';
export type { QueryContext } from './context';
export { resolveDate, zonedTimeToEpoch, type DateValue, type TimeSpan } from './dates';
export { buildPredicate, type Predicate, type RangeOperator, type Scalar } from './predicate';
export { compileQuery, predicateToSelector, type CompiledQuery } from './compile';
export { compareNative, type IssueComparator, type SortKey } from './sort';
export {
  createMatcher,
  matches,
  predicateMatcher,
  type IssueMatcher,
  type QuerySource,
} from './evaluate';
export { suggest, type SuggestContext, type Suggestion, type SuggestionKind } from './suggest';
export {
  SAVED_FILTER_QUERY_MAX,
  validateSavedFilter,
  type SavedFilter,
  type SavedFilterProblem,
  type SavedFilterValidation,
} from './saved-filter';
