/**
 * The one error the query language throws: what went wrong, where (offsets into the query
 * text, end exclusive), and a message a person can act on.
 */

export const QUERY_ERROR_CODES = [
  'unexpected-character',
  'unterminated-string',
  'invalid-escape',
  'unexpected-token',
  'expected-token',
  'expected-field',
  'unknown-field',
  'invalid-field-name',
  'expected-operator',
  'operator-not-allowed',
  'expected-value',
  'invalid-value',
  'unknown-value',
  'invalid-date',
  'duplicate-sort',
  'too-deep',
  'invalid-context',
  'internal',
] as const;
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

export interface QueryErrorData {
  code: QueryErrorCode;
  message: string;
  start: number;
  end: number;
}

export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: QueryErrorCode;
  /** Offset of the offending text's first character. */
  readonly start: number;
  /** Offset just past the offending text; equal to `start` at the end of the query. */
  readonly end: number;

  constructor(code: QueryErrorCode, message: string, start: number, end: number) {
    super(message);
    this.code = code;
    this.start = start;
    this.end = end;
  }

  /** A plain object that survives structured cloning (IPC) and JSON. */
  toJSON(): QueryErrorData {
    return { code: this.code, message: this.message, start: this.start, end: this.end };
  }
}

export type QueryResult<T> = { ok: true; value: T } | { ok: false; error: QueryError };

/**
 * Runs `fn` so that nothing but a QueryError escapes: anything else is a defect, reported
 * as an `internal` error over the whole text rather than as a foreign exception.
 */
export function guarded<T>(textLength: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof QueryError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new QueryError('internal', `The query could not be processed: ${detail}`, 0, textLength);
  }
}

export function attempt<T>(fn: () => T): QueryResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, error };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: new QueryError('internal', `The query could not be processed: ${detail}`, 0, 0),
    };
  }
}

/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows = x.length + 1;
  const cols = y.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** The candidate closest to `input`, if it is close enough to be a plausible typo. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowered = input.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    const prefix = candidate.toLowerCase().startsWith(lowered) && lowered.length >= 3;
    const score = prefix ? Math.min(distance, limit) : distance;
    if (score <= limit && score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best;
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` – did you mean '${match}'?`;
}
