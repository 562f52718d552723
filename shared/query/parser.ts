/**
 * Recursive-descent parser: query text to a typed syntax tree.
 *
 *   query      := [or] [ORDER BY sortItem ("," sortItem)*]
 *   or         := and (OR and)*
 *   and        := not (AND not)*
 *   not        := NOT not | "(" or ")" | clause
 *   clause     := field compareOp value
 *               | field [NOT] IN "(" value ("," value)* ")"
 *               | field IS [NOT] (EMPTY | NULL)
 *   sortItem   := field [ASC | DESC]
 *
 * Keywords and built-in field names are case-insensitive. Each field's type decides which
 * operators and values are legal; violations are reported as QueryErrors with offsets.
 */
import type {
  ComparisonOperator,
  FieldRef,
  OrderByItem,
  Operator,
  Query,
  QueryNode,
  QueryValue,
  Span,
} from './ast';
import { parseCalendarDate } from './dates';
import { QueryError, attempt, didYouMean, guarded, type QueryResult } from './errors';
import { BUILTIN_FIELDS, lookupField, type FieldSpec } from './fields';
import { tokenize, type Token } from './lexer';

/** Parentheses and NOTs deeper than this are refused rather than overflowing the stack. */
export const MAX_NESTING = 64;

const ORDERED: ReadonlySet<Operator> = new Set(['>', '>=', '<', '<=']);

function quoteToken(token: Token): string {
  return token.kind === 'eof' ? 'the end of the query' : `'${token.raw}'`;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private token(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private peek(offset: number): Token {
    return this.tokens[this.pos + offset] ?? this.tokens[this.tokens.length - 1]!;
  }

  private get previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
  }

  private advance(): Token {
    const token = this.token();
    if (token.kind !== 'eof') this.pos += 1;
    return token;
  }

  private isKeyword(token: Token, ...keywords: string[]): boolean {
    return token.kind === 'keyword' && keywords.includes(token.value);
  }

  private fail(code: QueryError['code'], message: string, token: Token = this.token()): never {
    throw new QueryError(code, message, token.start, token.end);
  }

  private after(): string {
    const previous = this.previous;
    return previous ? ` after '${previous.raw}'` : '';
  }

  parseQuery(): Query {
    let where: QueryNode | null = null;
    if (this.token().kind !== 'eof' && !this.isKeyword(this.token(), 'ORDER')) {
      where = this.parseOr();
    }
    const orderBy: OrderByItem[] = [];
    if (this.isKeyword(this.token(), 'ORDER')) {
      this.advance();
      if (!this.isKeyword(this.token(), 'BY')) {
        this.fail('expected-token', `Expected 'BY' after 'ORDER'`);
      }
      this.advance();
      for (;;) {
        orderBy.push(this.parseSortItem(orderBy));
        if (this.token().kind !== 'comma') break;
        this.advance();
      }
      if (this.token().kind !== 'eof') {
        this.fail(
          'unexpected-token',
          `Expected ',' or the end of the query, found ${quoteToken(this.token())}`,
        );
      }
    }
    if (this.token().kind !== 'eof') {
      if (this.token().kind === 'rparen') {
        this.fail('unexpected-token', `Unexpected ')': there is no '(' to close`);
      }
      this.fail(
        'unexpected-token',
        `Expected AND, OR or ORDER BY, found ${quoteToken(this.token())}`,
      );
    }
    return { where, orderBy };
  }

  private parseSortItem(earlier: OrderByItem[]): OrderByItem {
    const { ref } = this.parseField();
    if (earlier.some((item) => item.field.name === ref.name)) {
      throw new QueryError(
        'duplicate-sort',
        `'${ref.name}' is already in ORDER BY`,
        ref.span.start,
        ref.span.end,
      );
    }
    let direction: OrderByItem['direction'] = 'asc';
    let end = ref.span.end;
    if (this.isKeyword(this.token(), 'ASC', 'DESC')) {
      const token = this.advance();
      direction = token.value === 'DESC' ? 'desc' : 'asc';
      end = token.end;
    }
    return { field: ref, direction, span: { start: ref.span.start, end } };
  }

  private nest<T>(token: Token, fn: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING) {
      this.fail(
        'too-deep',
        `The query is nested too deeply (more than ${MAX_NESTING} levels)`,
        token,
      );
    }
    try {
      return fn();
    } finally {
      this.depth -= 1;
    }
  }

  private parseOr(): QueryNode {
    const first = this.parseAnd();
    const operands = [first];
    while (this.isKeyword(this.token(), 'OR')) {
      this.advance();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? first : { kind: 'or', operands, span: spanOf(operands) };
  }

  private parseAnd(): QueryNode {
    const first = this.parseNot();
    const operands = [first];
    while (this.isKeyword(this.token(), 'AND')) {
      this.advance();
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? first : { kind: 'and', operands, span: spanOf(operands) };
  }

  private parseNot(): QueryNode {
    const token = this.token();
    if (this.isKeyword(token, 'NOT')) {
      this.advance();
      const operand = this.nest(token, () => this.parseNot());
      return { kind: 'not', operand, span: { start: token.start, end: operand.span.end } };
    }
    if (token.kind === 'lparen') {
      this.advance();
      const inner = this.nest(token, () => this.parseOr());
      if (this.token().kind !== 'rparen') {
        const found = this.token();
        const message =
          found.kind === 'eof'
            ? `Expected ')' to close the '(' at offset ${token.start}`
            : `Expected ')' to close the '(' at offset ${token.start}, found ${quoteToken(found)}`;
        this.fail('expected-token', message);
      }
      this.advance();
      return inner;
    }
    return this.parseClause();
  }

  private parseField(): { ref: FieldRef; spec: FieldSpec } {
    const token = this.token();
    if (token.kind !== 'word') {
      const found = token.kind === 'eof' ? '' : `, found ${quoteToken(token)}`;
      this.fail('expected-field', `Expected a field${this.after()}${found}`);
    }
    const found = lookupField(token.value);
    if (!found.ok) {
      if (found.reason === 'invalid-custom-name') {
        this.fail(
          'invalid-field-name',
          `Invalid custom field name '${token.value}': after 'cf.' come a letter, then letters, digits, '_' or '-'`,
        );
      }
      this.fail(
        'unknown-field',
        `Unknown field '${token.value}'${didYouMean(
          token.value,
          BUILTIN_FIELDS.map((f) => f.name),
        )}`,
      );
    }
    this.advance();
    return {
      ref: { name: found.field.name, span: { start: token.start, end: token.end } },
      spec: found.field,
    };
  }

  private readOperator(spec: FieldSpec): { operator: Operator; span: Span } {
    const token = this.token();
    let operator: Operator | undefined;
    let end = token.end;
    if (token.kind === 'operator') {
      operator = token.value as ComparisonOperator;
      this.advance();
    } else if (this.isKeyword(token, 'IN')) {
      operator = 'IN';
      this.advance();
    } else if (this.isKeyword(token, 'NOT')) {
      this.advance();
      if (!this.isKeyword(this.token(), 'IN')) {
        this.fail('expected-token', `Expected 'IN' after 'NOT'`);
      }
      end = this.advance().end;
      operator = 'NOT IN';
    } else if (this.isKeyword(token, 'IS')) {
      this.advance();
      let negated = false;
      if (this.isKeyword(this.token(), 'NOT')) {
        negated = true;
        this.advance();
      }
      if (!this.isKeyword(this.token(), 'EMPTY', 'NULL')) {
        this.fail(
          'expected-token',
          negated
            ? `Expected 'EMPTY' after 'IS NOT'`
            : `Expected 'EMPTY' or 'NOT EMPTY' after 'IS'`,
        );
      }
      end = this.advance().end;
      operator = negated ? 'IS NOT EMPTY' : 'IS EMPTY';
    }
    if (operator === undefined) {
      this.fail(
        'expected-operator',
        `Expected an operator after '${spec.name}': ${spec.operators.join(', ')}`,
      );
    }
    const span = { start: token.start, end };
    if (!spec.operators.includes(operator)) {
      throw new QueryError(
        'operator-not-allowed',
        `'${operator}' cannot be used with ${spec.name}`,
        span.start,
        span.end,
      );
    }
    return { operator, span };
  }

  private parseClause(): QueryNode {
    const { ref, spec } = this.parseField();
    const { operator, span } = this.readOperator(spec);
    const start = ref.span.start;
    if (operator === 'IS EMPTY' || operator === 'IS NOT EMPTY') {
      return {
        kind: 'empty',
        field: ref,
        negated: operator === 'IS NOT EMPTY',
        span: { start, end: span.end },
      };
    }
    if (operator === 'IN' || operator === 'NOT IN') {
      if (this.token().kind !== 'lparen') {
        this.fail('expected-token', `Expected '(' after '${operator}'`);
      }
      this.advance();
      const values: QueryValue[] = [];
      for (;;) {
        values.push(this.parseValue(spec, operator));
        if (this.token().kind === 'comma') {
          this.advance();
          continue;
        }
        if (this.token().kind === 'rparen') break;
        this.fail(
          'expected-token',
          `Expected ',' or ')' in the list, found ${quoteToken(this.token())}`,
        );
      }
      const close = this.advance();
      return {
        kind: 'in',
        field: ref,
        negated: operator === 'NOT IN',
        values,
        span: { start, end: close.end },
      };
    }
    const value = this.parseValue(spec, operator);
    return {
      kind: 'comparison',
      field: ref,
      operator,
      value,
      span: { start, end: value.span.end },
    };
  }

  /** Reads one value token (or `now()`) and types it for the field and operator. */
  private parseValue(spec: FieldSpec, operator: Operator): QueryValue {
    const token = this.token();
    const isValueToken =
      token.kind === 'word' ||
      token.kind === 'string' ||
      token.kind === 'number' ||
      token.kind === 'date' ||
      token.kind === 'relative';
    if (!isValueToken) {
      const hint =
        token.kind === 'keyword' ? ` – put '${token.raw}' in quotes to use it as a value` : '';
      this.fail('expected-value', `Expected a value${this.after()}${hint}`);
    }
    let raw: RawValue;
    if (
      token.kind === 'word' &&
      token.value.toLowerCase() === 'now' &&
      this.peek(1).kind === 'lparen'
    ) {
      this.advance();
      this.advance();
      if (this.token().kind !== 'rparen') {
        this.fail('expected-token', `Expected ')' after 'now('`);
      }
      const close = this.advance();
      raw = { kind: 'now', text: 'now()', span: { start: token.start, end: close.end } };
    } else {
      this.advance();
      raw = {
        kind: token.kind,
        text: token.value,
        span: { start: token.start, end: token.end },
      } as RawValue;
    }
    return typeValue(spec, operator, raw);
  }
}

type RawValue = {
  kind: 'word' | 'string' | 'number' | 'date' | 'relative' | 'now';
  /** Unescaped for strings, as written otherwise. */
  text: string;
  span: Span;
};

function spanOf(nodes: QueryNode[]): Span {
  return { start: nodes[0]?.span.start ?? 0, end: nodes[nodes.length - 1]?.span.end ?? 0 };
}

function invalid(message: string, raw: RawValue): never {
  throw new QueryError('invalid-value', message, raw.span.start, raw.span.end);
}

function shown(raw: RawValue): string {
  return raw.kind === 'string' ? JSON.stringify(raw.text) : `'${raw.text}'`;
}

function noMinusZero(value: number): number {
  return value === 0 ? 0 : value;
}

function numberValue(raw: RawValue): QueryValue {
  const value = Number(raw.text);
  if (!Number.isFinite(value)) invalid(`The number '${raw.text}' is too large`, raw);
  return { kind: 'number', value: noMinusZero(value), span: raw.span };
}

function asText(raw: RawValue, spec: FieldSpec): QueryValue {
  if (raw.kind === 'now') invalid(`now() is a date; ${spec.name} needs text here`, raw);
  return { kind: 'text', text: raw.text, span: raw.span };
}

function dateValue(raw: RawValue): QueryValue | undefined {
  switch (raw.kind) {
    case 'now':
      return { kind: 'now', span: raw.span };
    case 'relative': {
      const amount = noMinusZero(Number(raw.text.slice(0, -1)));
      if (!Number.isSafeInteger(amount)) invalid(`The amount in '${raw.text}' is too large`, raw);
      const unit = raw.text.slice(-1) as 'm' | 'h' | 'd' | 'w';
      return { kind: 'relative-date', amount, unit, span: raw.span };
    }
    case 'date':
    case 'string': {
      const date = parseCalendarDate(raw.text, raw.span.start, raw.span.end);
      if (!date) return undefined;
      if (date.time) return { kind: 'date', ...date, time: { ...date.time }, span: raw.span };
      return { kind: 'date', year: date.year, month: date.month, day: date.day, span: raw.span };
    }
    case 'word':
      if (/^[+-]\d+\p{L}+$/u.test(raw.text)) {
        invalid(
          `Unknown time unit in '${raw.text}': use m, h, d or w (like -30m, -2h, -7d, -1w)`,
          raw,
        );
      }
      return undefined;
    case 'number':
      return undefined;
  }
}

function typeValue(spec: FieldSpec, operator: Operator, raw: RawValue): QueryValue {
  if (operator === '~' || operator === '!~') return asText(raw, spec);
  switch (spec.type) {
    case 'text':
      return asText(raw, spec);
    case 'number':
      if (raw.kind !== 'number')
        invalid(`Expected a number for ${spec.name}, found ${shown(raw)}`, raw);
      return numberValue(raw);
    case 'date': {
      const value = dateValue(raw);
      if (!value) {
        invalid(
          `Expected a date for ${spec.name}, like 2026-11-01, "2026-11-01 08:00", -7d or now(), found ${shown(raw)}`,
          raw,
        );
      }
      return value;
    }
    case 'enum': {
      if (spec.enumSource !== 'static') return asText(raw, spec);
      const members = spec.members ?? [];
      if (raw.kind === 'now')
        invalid(`now() is a date; ${spec.name} needs one of ${members.join(', ')}`, raw);
      const member = members.find((m) => m.toLowerCase() === raw.text.toLowerCase());
      if (member === undefined) {
        const suggestion = didYouMean(raw.text, members);
        throw new QueryError(
          'unknown-value',
          suggestion
            ? `Unknown ${spec.name} '${raw.text}'${suggestion}`
            : `Unknown ${spec.name} '${raw.text}': use one of ${members.join(', ')}`,
          raw.span.start,
          raw.span.end,
        );
      }
      return { kind: 'enum', value: member, span: raw.span };
    }
    case 'custom':
      return customValue(spec, operator, raw);
  }
}

function customValue(spec: FieldSpec, operator: Operator, raw: RawValue): QueryValue {
  let value: QueryValue;
  switch (raw.kind) {
    case 'number':
      value = numberValue(raw);
      break;
    case 'word':
      value = /^(true|false)$/i.test(raw.text)
        ? { kind: 'boolean', value: raw.text.toLowerCase() === 'true', span: raw.span }
        : asText(raw, spec);
      break;
    case 'string':
      value = asText(raw, spec);
      break;
    case 'date':
    case 'relative':
    case 'now':
      value = dateValue(raw) ?? asText(raw, spec);
      break;
  }
  const isDate = value.kind === 'date' || value.kind === 'relative-date' || value.kind === 'now';
  if (ORDERED.has(operator) && value.kind !== 'number' && !isDate) {
    invalid(`'${operator}' needs a number or a date, found ${shown(raw)}`, raw);
  }
  if ((operator === 'IN' || operator === 'NOT IN') && isDate) {
    invalid(`Dates cannot be listed after ${operator}: compare with >= and < instead`, raw);
  }
  return value;
}

/** Parses query text. Throws a QueryError (and nothing else) when the text is not valid. */
export function parseQuery(text: string): Query {
  return guarded(text.length, () => new Parser(tokenize(text)).parseQuery());
}

/** Like parseQuery, but returns the error instead of throwing it. */
export function tryParseQuery(text: string): QueryResult<Query> {
  return attempt(() => parseQuery(text));
}
