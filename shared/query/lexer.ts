/**
 * Splits query text into tokens. Words are classified here (keyword, number, date,
 * relative date, plain word); the parser decides what a word means in its position.
 */
import type { ComparisonOperator } from './ast';
import { QueryError } from './errors';

export const KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'EMPTY',
  'NULL',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type TokenKind =
  | 'word'
  | 'keyword'
  | 'string'
  | 'number'
  | 'date'
  | 'relative'
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'invalid'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  raw: string;
  /**
   * What the token stands for: the upper-case keyword, the unescaped content of a string,
   * the operator, or the raw text for everything else.
   */
  value: string;
  start: number;
  end: number;
  /** Tolerant lexing only: a string that runs to the end of the text. */
  unterminated?: boolean;
}

const KEYWORD_SET = new Set<string>(KEYWORDS);
const WORD_CHAR = /[\p{L}\p{N}\p{M}_.@/-]/u;
const WORD_RUN = /[\p{L}\p{N}\p{M}_.@/-]+/uy;
const DATE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?/y;
const RELATIVE = /[+-]\d+[mhdw]/y;
const NUMBER = /[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const OPERATORS: readonly ComparisonOperator[] = ['!=', '!~', '>=', '<=', '=', '>', '<', '~'];
const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
};

export function isKeyword(word: string): boolean {
  return KEYWORD_SET.has(word.toUpperCase());
}

export function isWordChar(char: string): boolean {
  return WORD_CHAR.test(char);
}

export interface LexOptions {
  /**
   * Never throw: an unterminated string becomes a string token flagged `unterminated`,
   * a stray character an `invalid` token. Used by autocomplete on half-typed text.
   */
  tolerant?: boolean;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const next = text[at + match[0].length];
  if (next !== undefined && isWordChar(next)) return undefined;
  return match[0];
}

export function tokenize(text: string, options: LexOptions = {}): Token[] {
  const tokens: Token[] = [];
  const tolerant = options.tolerant === true;
  let i = 0;
  const push = (kind: TokenKind, raw: string, value: string, start: number) => {
    tokens.push({ kind, raw, value, start, end: start + raw.length });
  };

  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    if (char === '(' || char === ')' || char === ',') {
      push(char === '(' ? 'lparen' : char === ')' ? 'rparen' : 'comma', char, char, start);
      i += 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const token = readString(text, start, tolerant);
      tokens.push(token);
      i = token.end;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      push('operator', operator, operator, start);
      i += operator.length;
      continue;
    }
    if (/[+\-\d]/.test(char)) {
      const date = matchAt(DATE, text, i);
      const relative = date === undefined ? matchAt(RELATIVE, text, i) : undefined;
      const number =
        date === undefined && relative === undefined ? matchAt(NUMBER, text, i) : undefined;
      const found =
        date !== undefined
          ? (['date', date] as const)
          : relative !== undefined
            ? (['relative', relative] as const)
            : number !== undefined
              ? (['number', number] as const)
              : undefined;
      if (found) {
        push(found[0], found[1], found[1], start);
        i += found[1].length;
        continue;
      }
    }
    WORD_RUN.lastIndex = i;
    const word = WORD_RUN.exec(text)?.[0];
    if (word !== undefined) {
      if (isKeyword(word)) push('keyword', word, word.toUpperCase(), start);
      else push('word', word, word, start);
      i += word.length;
      continue;
    }
    const codePoint = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (tolerant) {
      push('invalid', codePoint, codePoint, start);
      i += codePoint.length;
      continue;
    }
    const hint = codePoint === '!' ? " – did you mean '!=' or '!~'?" : '';
    throw new QueryError(
      'unexpected-character',
      `Unexpected character '${codePoint}'${hint}`,
      start,
      start + codePoint.length,
    );
  }
  tokens.push({ kind: 'eof', raw: '', value: '', start: text.length, end: text.length });
  return tokens;
}

function readString(text: string, start: number, tolerant: boolean): Token {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char === quote) {
      const raw = text.slice(start, i + 1);
      return { kind: 'string', raw, value, start, end: i + 1 };
    }
    if (char === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        i += 2;
        continue;
      }
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (tolerant) {
        value += next;
        i += 2;
        continue;
      }
      const shown = text.slice(i, i + 2);
      const message =
        next === 'u'
          ? `The escape '\\u' needs four hex digits, like \\u00e9`
          : `Unknown escape '${shown}' in a string: use \\" \\' \\\\ \\n \\t \\r or \\uXXXX`;
      throw new QueryError('invalid-escape', message, i, i + 2);
    }
    value += char;
    i += 1;
  }
  if (tolerant) {
    return {
      kind: 'string',
      raw: text.slice(start),
      value,
      start,
      end: text.length,
      unterminated: true,
    };
  }
  throw new QueryError(
    'unterminated-string',
    `Unterminated string: add a closing ${quote}`,
    start,
    text.length,
  );
}
