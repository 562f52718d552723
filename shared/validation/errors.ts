/**
 * The one error type for everything the core refuses. It carries a machine-readable code and,
 * for invalid input, one problem per field, each with a sentence fit to show a user.
 *
 * Errors do not survive Electron IPC or HTTP as class instances (structured cloning keeps
 * only `message` of an Error), so a DomainError crosses a boundary as `toJSON()`, a plain
 * object, and is rebuilt on the other side with `DomainError.fromJSON()`.
 */

export const PROBLEM_REASONS = [
  'required',
  'too-short',
  'too-long',
  'out-of-range',
  'not-allowed',
  'invalid-format',
  'unknown-reference',
] as const;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

export interface FieldProblem {
  /** Path of the field in the input, e.g. `title`, `customFields.line`, `transitions[2].to`;
   * an empty string means the input as a whole. */
  field: string;
  reason: ProblemReason;
  /** A complete sentence for a user, e.g. "Title must be at most 100 characters (it has 112)." */
  message: string;
}

export const DOMAIN_ERROR_CODES = [
  'validation-failed',
  'not-found',
  'unknown-status',
  'unknown-transition',
  'illegal-transition',
  'forbidden',
  'conflict',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** The plain, structured-clone and JSON safe form of a DomainError. */
export interface DomainErrorJSON {
  name: 'DomainError';
  code: DomainErrorCode;
  message: string;
  problems: FieldProblem[];
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly problems: FieldProblem[];

  constructor(code: DomainErrorCode, message: string, problems: readonly FieldProblem[] = []) {
    super(message);
    this.code = code;
    this.problems = problems.map(copyProblem);
  }

  /** A 'validation-failed' error whose message joins the problems' sentences. */
  static validationFailed(problems: readonly FieldProblem[]): DomainError {
    const message =
      problems.length > 0 ? problems.map((p) => p.message).join(' ') : 'The input is not valid.';
    return new DomainError('validation-failed', message, problems);
  }

  /** A 'validation-failed' error about one field. */
  static invalid(field: string, reason: ProblemReason, message: string): DomainError {
    return DomainError.validationFailed([{ field, reason, message }]);
  }

  toJSON(): DomainErrorJSON {
    return {
      name: 'DomainError',
      code: this.code,
      message: this.message,
      problems: this.problems.map(copyProblem),
    };
  }

  /**
   * Rebuilds an error from its `toJSON()` form (after IPC, HTTP or a JSON round trip).
   * Returns null for anything else, so a caller can fall back to a generic error.
   */
  static fromJSON(value: unknown): DomainError | null {
    if (value instanceof DomainError) return value;
    if (typeof value !== 'object' || value === null) return null;
    const { name, code, message, problems } = value as Record<string, unknown>;
    if (name !== 'DomainError' || !isDomainErrorCode(code) || typeof message !== 'string') {
      return null;
    }
    if (problems === undefined) return new DomainError(code, message);
    if (!Array.isArray(problems) || !problems.every(isFieldProblem)) return null;
    return new DomainError(code, message, problems);
  }
}

/** True for a DomainError, optionally only for one with the given code. */
export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== 'object' || value === null) return false;
  const { field, reason, message } = value as Record<string, unknown>;
  return (
    typeof field === 'string' &&
    typeof message === 'string' &&
    typeof reason === 'string' &&
    (PROBLEM_REASONS as readonly string[]).includes(reason)
  );
}

function copyProblem(problem: FieldProblem): FieldProblem {
  return { field: problem.field, reason: problem.reason, message: problem.message };
}
