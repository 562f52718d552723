/**
 * Writes a syntax tree back as query text, in a canonical form: upper-case keywords,
 * canonical field names, values quoted only where a bare word would read differently.
 * Parsing the printed text gives the same tree (apart from spans).
 */
import type { OrderByItem, Query, QueryNode, QueryValue } from './ast';
import { formatCalendarDate, formatRelativeDate } from './dates';
import { isKeyword } from './lexer';

const SAFE_WORD = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const READS_AS_OTHER = /^(true|false|now)$/i;

/** A string literal with the escapes the lexer understands. */
export function quoteString(text: string): string {
  let out = '"';
  for (const char of text) {
    switch (char) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += char;
    }
  }
  return `${out}"`;
}

/** Text as a bare word when that reads back as the same text, quoted otherwise. */
export function formatText(text: string): string {
  return SAFE_WORD.test(text) && !isKeyword(text) && !READS_AS_OTHER.test(text)
    ? text
    : quoteString(text);
}

export function printValue(value: QueryValue): string {
  switch (value.kind) {
    case 'text':
      return formatText(value.text);
    case 'number':
      return String(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'enum':
      return value.value;
    case 'date':
      return formatCalendarDate(value);
    case 'relative-date':
      return formatRelativeDate(value.amount, value.unit);
    case 'now':
      return 'now()';
  }
}

function precedence(node: QueryNode): number {
  switch (node.kind) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    default:
      return 3;
  }
}

export function printNode(node: QueryNode): string {
  switch (node.kind) {
    case 'comparison':
      return `${node.field.name} ${node.operator} ${printValue(node.value)}`;
    case 'in':
      return `${node.field.name} ${node.negated ? 'NOT IN' : 'IN'} (${node.values
        .map(printValue)
        .join(', ')})`;
    case 'empty':
      return `${node.field.name} ${node.negated ? 'IS NOT EMPTY' : 'IS EMPTY'}`;
    case 'not': {
      const inner = printNode(node.operand);
      return precedence(node.operand) < 3 ? `NOT (${inner})` : `NOT ${inner}`;
    }
    case 'and':
    case 'or': {
      const own = precedence(node);
      // A nested node of the same kind keeps its parentheses so that it parses back as
      // the same (nested) tree; one that binds tighter needs none.
      return node.operands
        .map((operand) => {
          const text = printNode(operand);
          return precedence(operand) <= own ? `(${text})` : text;
        })
        .join(node.kind === 'and' ? ' AND ' : ' OR ');
    }
  }
}

function printOrderItem(item: OrderByItem): string {
  return item.direction === 'desc' ? `${item.field.name} DESC` : item.field.name;
}

export function printQuery(query: Query): string {
  const parts: string[] = [];
  if (query.where) parts.push(printNode(query.where));
  if (query.orderBy.length > 0) {
    parts.push(`ORDER BY ${query.orderBy.map(printOrderItem).join(', ')}`);
  }
  return parts.join(' ');
}
