/**
 * Autocomplete for the query bar: what may come at the cursor, each with the range of
 * text it replaces. Works on half-typed, invalid text; never throws.
 */
import type { Operator } from './ast';
import { BUILTIN_FIELDS, CUSTOM_FIELD_PREFIX, lookupField, type FieldSpec } from './fields';
import { tokenize, type Token } from './lexer';
import { formatText } from './printer';

export interface SuggestContext {
  statuses?: readonly { name: string }[];
  locations?: readonly { name: string }[];
  /** Known user names, offered for assignee and reporter. */
  people?: readonly string[];
  /** Custom field names in use, offered as `cf.<name>`. */
  customFields?: readonly string[];
}

export type SuggestionKind = 'field' | 'operator' | 'value' | 'keyword' | 'punctuation';

export interface Suggestion {
  kind: SuggestionKind;
  /** What the list shows. */
  label: string;
  /** What replaces the text from `start` to `end`. */
  insert: string;
  start: number;
  end: number;
  detail?: string;
}

type State =
  | { kind: 'clause'; depth: number; atStart: boolean }
  | { kind: 'operator'; depth: number; field: FieldSpec }
  | { kind: 'is'; depth: number; field: FieldSpec }
  | { kind: 'is-not'; depth: number; field: FieldSpec }
  | { kind: 'not-in'; depth: number; field: FieldSpec }
  | { kind: 'value'; depth: number; field: FieldSpec; operator: Operator }
  | { kind: 'now-open'; depth: number }
  | { kind: 'now-close'; depth: number }
  | { kind: 'list-open'; depth: number; field: FieldSpec; operator: Operator }
  | { kind: 'list-value'; depth: number; field: FieldSpec; operator: Operator }
  | { kind: 'list-next'; depth: number; field: FieldSpec; operator: Operator }
  | { kind: 'after-clause'; depth: number }
  | { kind: 'order'; depth: number }
  | { kind: 'sort-field'; depth: number }
  | { kind: 'after-sort-field'; depth: number }
  | { kind: 'after-sort-direction'; depth: number }
  | { kind: 'dead'; depth: number };

const VALUE_TOKENS = new Set<Token['kind']>(['word', 'string', 'number', 'date', 'relative']);
const PARTIAL_TOKENS = new Set<Token['kind']>([...VALUE_TOKENS, 'keyword']);

function keyword(token: Token, ...words: string[]): boolean {
  return token.kind === 'keyword' && words.includes(token.value);
}

function step(state: State, token: Token): State {
  const depth = state.depth;
  const dead: State = { kind: 'dead', depth };
  switch (state.kind) {
    case 'clause':
      if (token.kind === 'lparen') return { kind: 'clause', depth: depth + 1, atStart: false };
      if (keyword(token, 'NOT')) return { kind: 'clause', depth, atStart: false };
      if (keyword(token, 'ORDER') && state.atStart) return { kind: 'order', depth };
      if (token.kind === 'word') {
        const found = lookupField(token.value);
        return found.ok ? { kind: 'operator', depth, field: found.field } : dead;
      }
      return dead;
    case 'operator': {
      const field = state.field;
      if (token.kind === 'operator') {
        return { kind: 'value', depth, field, operator: token.value as Operator };
      }
      if (keyword(token, 'IN')) return { kind: 'list-open', depth, field, operator: 'IN' };
      if (keyword(token, 'NOT')) return { kind: 'not-in', depth, field };
      if (keyword(token, 'IS')) return { kind: 'is', depth, field };
      return dead;
    }
    case 'is':
      if (keyword(token, 'NOT')) return { kind: 'is-not', depth, field: state.field };
      return keyword(token, 'EMPTY', 'NULL') ? { kind: 'after-clause', depth } : dead;
    case 'is-not':
      return keyword(token, 'EMPTY', 'NULL') ? { kind: 'after-clause', depth } : dead;
    case 'not-in':
      return keyword(token, 'IN')
        ? { kind: 'list-open', depth, field: state.field, operator: 'NOT IN' }
        : dead;
    case 'value':
      if (token.kind === 'word' && token.value.toLowerCase() === 'now')
        return { kind: 'now-open', depth };
      return VALUE_TOKENS.has(token.kind) ? { kind: 'after-clause', depth } : dead;
    case 'now-open':
      // A bare word `now`, unless parentheses follow.
      if (token.kind === 'lparen') return { kind: 'now-close', depth };
      return step({ kind: 'after-clause', depth }, token);
    case 'now-close':
      return token.kind === 'rparen' ? { kind: 'after-clause', depth } : dead;
    case 'list-open':
      return token.kind === 'lparen' ? { ...state, kind: 'list-value' } : dead;
    case 'list-value':
      return VALUE_TOKENS.has(token.kind) ? { ...state, kind: 'list-next' } : dead;
    case 'list-next':
      if (token.kind === 'comma') return { ...state, kind: 'list-value' };
      return token.kind === 'rparen' ? { kind: 'after-clause', depth } : dead;
    case 'after-clause':
      if (keyword(token, 'AND', 'OR')) return { kind: 'clause', depth, atStart: false };
      if (token.kind === 'rparen' && depth > 0) return { kind: 'after-clause', depth: depth - 1 };
      if (keyword(token, 'ORDER') && depth === 0) return { kind: 'order', depth };
      return dead;
    case 'order':
      return keyword(token, 'BY') ? { kind: 'sort-field', depth } : dead;
    case 'sort-field':
      return token.kind === 'word' && lookupField(token.value).ok
        ? { kind: 'after-sort-field', depth }
        : dead;
    case 'after-sort-field':
      if (keyword(token, 'ASC', 'DESC')) return { kind: 'after-sort-direction', depth };
      return token.kind === 'comma' ? { kind: 'sort-field', depth } : dead;
    case 'after-sort-direction':
      return token.kind === 'comma' ? { kind: 'sort-field', depth } : dead;
    case 'dead':
      return state;
  }
}

type Candidate = Omit<Suggestion, 'start' | 'end'>;

function fieldCandidates(context: SuggestContext): Candidate[] {
  const builtins = BUILTIN_FIELDS.map((field): Candidate => ({
    kind: 'field',
    label: field.name,
    insert: field.name,
    detail: field.description,
  }));
  const custom = [...new Set(context.customFields ?? [])].map((name): Candidate => ({
    kind: 'field',
    label: `${CUSTOM_FIELD_PREFIX}${name}`,
    insert: `${CUSTOM_FIELD_PREFIX}${name}`,
    detail: 'Custom field',
  }));
  return [...builtins, ...custom];
}

const keywordCandidate = (word: string, detail?: string): Candidate => ({
  kind: 'keyword',
  label: word,
  insert: word,
  ...(detail === undefined ? {} : { detail }),
});

const DATE_SHORTCUTS: [string, string][] = [
  ['now()', 'Now'],
  ['-1h', 'One hour ago'],
  ['-1d', 'One day ago'],
  ['-7d', 'A week ago'],
  ['-30d', 'Thirty days ago'],
];

function valueCandidates(
  field: FieldSpec,
  operator: Operator,
  context: SuggestContext,
): Candidate[] {
  const names = (list: readonly string[]): Candidate[] => {
    // Names match case-insensitively: offer each once, as first spelled.
    const seen = new Set<string>();
    return list
      .filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()))
      .map((name) => ({ kind: 'value', label: name, insert: formatText(name) }));
  };
  if (field.enumSource === 'statuses') return names((context.statuses ?? []).map((s) => s.name));
  if (field.enumSource === 'locations') return names((context.locations ?? []).map((l) => l.name));
  if (operator === '~' || operator === '!~') return [];
  switch (field.type) {
    case 'enum':
      return (field.members ?? []).map((member) => ({
        kind: 'value',
        label: member,
        insert: member,
      }));
    case 'text':
      return field.name === 'assignee' || field.name === 'reporter'
        ? names(context.people ?? [])
        : [];
    case 'date':
      return DATE_SHORTCUTS.map(([insert, detail]) => ({
        kind: 'value',
        label: insert,
        insert,
        detail,
      }));
    case 'number':
      return field.name === 'severity'
        ? ['1', '2', '3', '4', '5'].map((n) => ({ kind: 'value', label: n, insert: n }))
        : [];
    case 'custom':
      return operator === 'IN' || operator === 'NOT IN' || operator === '=' || operator === '!='
        ? ['true', 'false'].map((b) => ({ kind: 'value', label: b, insert: b }))
        : [];
  }
}

function candidatesFor(state: State, context: SuggestContext): Candidate[] {
  switch (state.kind) {
    case 'clause': {
      const list = [
        ...fieldCandidates(context),
        keywordCandidate('NOT'),
        {
          kind: 'punctuation' as const,
          label: '(',
          insert: '(',
        },
      ];
      if (state.atStart) list.push(keywordCandidate('ORDER BY', 'Sort the issues'));
      return list;
    }
    case 'operator':
      return state.field.operators.map((operator) => ({
        kind: 'operator',
        label: operator,
        insert: operator,
      }));
    case 'is':
      return [keywordCandidate('EMPTY'), keywordCandidate('NOT EMPTY')];
    case 'is-not':
      return [keywordCandidate('EMPTY')];
    case 'not-in':
      return [keywordCandidate('IN')];
    case 'value':
    case 'list-value':
      return valueCandidates(state.field, state.operator, context);
    case 'list-open':
    case 'now-open':
      return [{ kind: 'punctuation', label: '(', insert: '(' }];
    case 'now-close':
      return [{ kind: 'punctuation', label: ')', insert: ')' }];
    case 'list-next':
      return [
        { kind: 'punctuation', label: ',', insert: ',' },
        { kind: 'punctuation', label: ')', insert: ')' },
      ];
    case 'after-clause': {
      const list = [keywordCandidate('AND'), keywordCandidate('OR')];
      if (state.depth > 0) list.push({ kind: 'punctuation', label: ')', insert: ')' });
      else list.push(keywordCandidate('ORDER BY', 'Sort the issues'));
      return list;
    }
    case 'order':
      return [keywordCandidate('BY')];
    case 'sort-field':
      return fieldCandidates(context);
    case 'after-sort-field':
      return [
        keywordCandidate('ASC'),
        keywordCandidate('DESC'),
        { kind: 'punctuation', label: ',', insert: ',' },
      ];
    case 'after-sort-direction':
      return [{ kind: 'punctuation', label: ',', insert: ',' }];
    case 'dead':
      return [];
  }
}

/** `!`, `<` and `>` may still become `!=`, `!~`, `<=` and `>=`. */
function extendableOperator(token: Token): boolean {
  return (
    (token.kind === 'invalid' && token.value === '!') ||
    (token.kind === 'operator' && (token.value === '<' || token.value === '>'))
  );
}

/** What the user has typed of the token being completed, unescaped for strings. */
function typedPrefix(text: string, token: Token, cursor: number): string {
  const typed = text.slice(token.start, cursor);
  if (token.kind !== 'string') return typed;
  return typed.slice(1).replace(/\\(.)/g, '$1');
}

/**
 * Suggestions for the text at `cursor` (an offset into `text`). Each replaces
 * `text.slice(start, end)`: the word being typed, or nothing at a fresh position.
 */
export function suggest(text: string, cursor: number, context: SuggestContext = {}): Suggestion[] {
  try {
    const at = Math.max(0, Math.min(Math.trunc(cursor) || 0, text.length));
    const tokens = tokenize(text, { tolerant: true });
    const touching = tokens.find((token) => token.start < at && at <= token.end);
    let state: State = { kind: 'clause', depth: 0, atStart: true };
    for (const token of tokens) {
      if (token.kind === 'eof' || token === touching || token.start >= at) break;
      state = step(state, token);
    }
    let partial: Token | undefined;
    if (touching && PARTIAL_TOKENS.has(touching.kind)) {
      partial = touching;
    } else if (touching && state.kind === 'operator' && extendableOperator(touching)) {
      partial = touching;
    } else if (touching) {
      state = step(state, touching);
    }
    const start = partial ? partial.start : at;
    const end = partial ? partial.end : at;
    const prefix = (partial ? typedPrefix(text, partial, at) : '').toLowerCase();
    const ranked = candidatesFor(state, context)
      .map((candidate) => {
        const label = candidate.label.toLowerCase();
        const rank =
          prefix === '' || label.startsWith(prefix) ? 0 : label.includes(prefix) ? 1 : -1;
        return { candidate, rank };
      })
      .filter(({ rank }) => rank >= 0);
    ranked.sort((a, b) => a.rank - b.rank);
    return ranked.map(({ candidate }) => ({ ...candidate, start, end }));
  } catch {
    // Autocomplete must never break typing; a defect here means no suggestions.
    return [];
  }
}
