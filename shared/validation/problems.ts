/**
 * The building blocks of the validators: a collector that gathers every problem of one
 * input before failing once, and readers for the value kinds that cross a boundary as
 * `unknown` (text, choices, whole numbers, plain objects).
 */
import { DomainError, type FieldProblem, type ProblemReason } from './errors';

export type UnknownRecord = Record<string, unknown>;

/** A plain object (not null, not an array): the shape of every input crossing a boundary. */
export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Gathers the problems of one input; `toError()` turns them into one DomainError. */
export class ProblemCollector {
  readonly problems: FieldProblem[] = [];

  add(field: string, reason: ProblemReason, message: string): void {
    this.problems.push({ field, reason, message });
  }

  get size(): number {
    return this.problems.length;
  }

  toError(): DomainError {
    return DomainError.validationFailed(this.problems);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw this.toError();
  }
}

/** `prefix.key`, or `prefix["odd key"]` when the key is not a plain name. */
export function fieldPath(prefix: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return prefix === '' ? key : `${prefix}.${key}`;
  return `${prefix}[${JSON.stringify(key)}]`;
}

/** What a value is, in words, for messages such as "Title must be text (it is a number)." */
export function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isFinite(value) ? 'a number' : `${String(value)}`;
    case 'boolean':
      return 'true/false';
    case 'undefined':
      return 'missing';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** Length in characters as a user counts them (code points, not UTF-16 units). */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/**
 * Refuses every own key of `record` that is not in `allowed`, naming it. Keys whose value
 * is `undefined` are ignored: structured cloning keeps them, but they carry nothing.
 */
export function refuseUnknownKeys(
  record: UnknownRecord,
  allowed: readonly string[],
  prefix: string,
  problems: ProblemCollector,
  explain: (key: string) => string | undefined = () => undefined,
): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key) || record[key] === undefined) continue;
    const field = fieldPath(prefix, key);
    problems.add(
      field,
      'not-allowed',
      explain(key) ?? `"${field}" is not a known field. Known fields: ${allowed.join(', ')}.`,
    );
  }
}

export interface TextRule {
  /** The field's name in messages, capitalised: "Title". */
  label: string;
  max: number;
  /** Minimum length after trimming; 0 allows empty text. */
  min?: number;
  /** Trim surrounding white space before measuring (default true). */
  trim?: boolean;
}

/** Checks a present value is text within bounds; returns it (trimmed) or undefined. */
export function checkText(
  value: unknown,
  field: string,
  rule: TextRule,
  problems: ProblemCollector,
): string | undefined {
  if (typeof value !== 'string') {
    problems.add(
      field,
      'invalid-format',
      `${rule.label} must be text (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  const text = rule.trim === false ? value : value.trim();
  const length = charCount(text);
  const min = rule.min ?? 0;
  if (length < min) {
    if (min === 1) problems.add(field, 'required', `${rule.label} must not be empty.`);
    else {
      problems.add(
        field,
        'too-short',
        `${rule.label} must be at least ${plural(min, 'character')} (it has ${length}).`,
      );
    }
    return undefined;
  }
  if (length > rule.max) {
    problems.add(
      field,
      'too-long',
      `${rule.label} must be at most ${plural(rule.max, 'character')} (it has ${length}).`,
    );
    return undefined;
  }
  return text;
}

/** Checks a present value is one of `allowed`; returns it or undefined. */
export function checkChoice<T extends string>(
  value: unknown,
  field: string,
  label: string,
  allowed: readonly T[],
  problems: ProblemCollector,
): T | undefined {
  const list = allowed.join(', ');
  if (typeof value !== 'string') {
    problems.add(
      field,
      'invalid-format',
      `${label} must be one of ${list} (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    problems.add(field, 'not-allowed', `${label} must be one of ${list} (it is "${value}").`);
    return undefined;
  }
  return value as T;
}

/** Checks a present value is a whole number from `min` to `max`; returns it or undefined. */
export function checkInteger(
  value: unknown,
  field: string,
  label: string,
  min: number,
  max: number,
  problems: ProblemCollector,
): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(
      field,
      'invalid-format',
      `${label} must be a whole number from ${min} to ${max} (it is ${
        typeof value === 'number' && Number.isFinite(value) ? String(value) : describeValue(value)
      }).`,
    );
    return undefined;
  }
  if (value < min || value > max) {
    problems.add(field, 'out-of-range', `${label} must be from ${min} to ${max} (it is ${value}).`);
    return undefined;
  }
  return value;
}

/**
 * Reads the fields of one input object, recording each problem under the field's path.
 * Every reader returns the clean value, or undefined when the field is absent or refused.
 */
export class FieldReader {
  constructor(
    private readonly record: UnknownRecord,
    private readonly prefix: string,
    readonly problems: ProblemCollector,
  ) {}

  path(key: string): string {
    return fieldPath(this.prefix, key);
  }

  /** The own value under `key` (inherited properties do not count). */
  value(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.record, key) ? this.record[key] : undefined;
  }

  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  /** The value under `key`, recording 'required' when it is absent. */
  required(key: string, label: string): unknown {
    const value = this.value(key);
    if (value === undefined) this.problems.add(this.path(key), 'required', `${label} is required.`);
    return value;
  }

  private present(key: string, label: string, required: boolean): unknown {
    return required ? this.required(key, label) : this.value(key);
  }

  text(key: string, rule: TextRule & { required?: boolean }): string | undefined {
    const value = this.present(key, rule.label, rule.required ?? false);
    return value === undefined ? undefined : checkText(value, this.path(key), rule, this.problems);
  }

  choice<T extends string>(
    key: string,
    label: string,
    allowed: readonly T[],
    required = false,
  ): T | undefined {
    const value = this.present(key, label, required);
    if (value === undefined) return undefined;
    return checkChoice(value, this.path(key), label, allowed, this.problems);
  }

  integer(
    key: string,
    label: string,
    min: number,
    max: number,
    required = false,
  ): number | undefined {
    const value = this.present(key, label, required);
    if (value === undefined) return undefined;
    return checkInteger(value, this.path(key), label, min, max, this.problems);
  }

  boolean(key: string, label: string, required = false): boolean | undefined {
    const value = this.present(key, label, required);
    if (value === undefined || typeof value === 'boolean') return value;
    this.problems.add(
      this.path(key),
      'invalid-format',
      `${label} must be true or false (it is ${describeValue(value)}).`,
    );
    return undefined;
  }

  /** A list of at least `min` (default 0) and at most `max` entries. */
  list(
    key: string,
    label: string,
    bounds: { max: number; min?: number; required?: boolean },
  ): unknown[] | undefined {
    const value = this.present(key, label, bounds.required ?? false);
    if (value === undefined) return undefined;
    const field = this.path(key);
    if (!Array.isArray(value)) {
      this.problems.add(
        field,
        'invalid-format',
        `${label} must be a list (it is ${describeValue(value)}).`,
      );
      return undefined;
    }
    const min = bounds.min ?? 0;
    if (value.length < min) {
      this.problems.add(
        field,
        'too-short',
        `${label} must have at least ${plural(min, 'entry', 'entries')} (it has ${value.length}).`,
      );
      return undefined;
    }
    if (value.length > bounds.max) {
      this.problems.add(
        field,
        'too-long',
        `${label} may have at most ${plural(bounds.max, 'entry', 'entries')} (it has ${value.length}).`,
      );
      return undefined;
    }
    return value as unknown[];
  }

  refuseUnknown(allowed: readonly string[], explain?: (key: string) => string | undefined): void {
    refuseUnknownKeys(this.record, allowed, this.prefix, this.problems, explain);
  }
}

/**
 * A reader over `input` when it is a plain object; otherwise records that the whole input
 * (or the field at `prefix`) has the wrong shape and returns undefined.
 */
export function readObject(
  input: unknown,
  prefix: string,
  label: string,
  problems: ProblemCollector,
): FieldReader | undefined {
  if (isRecord(input)) return new FieldReader(input, prefix, problems);
  problems.add(
    prefix,
    'invalid-format',
    `${label} must be an object (it is ${describeValue(input)}).`,
  );
  return undefined;
}
