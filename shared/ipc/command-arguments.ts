/**
 * The shape check of a command call at the IPC boundary: a known command name, the right
 * number of arguments, and arguments of the right kind made only of plain data. The core
 * validates every field afterwards; this only keeps malformed calls from reaching it.
 */
import type { AppCommandName } from '../core/commands';
import { DomainError, type FieldProblem } from '../validation/errors';
import type { CommandArgs } from './contract';

type ArgumentKind = 'string' | 'integer' | 'boolean' | 'object';

interface ArgumentSpec {
  readonly name: string;
  readonly kind: ArgumentKind;
  readonly optional?: true;
}

type KindOf<T> = [T] extends [string]
  ? 'string'
  : [T] extends [number]
    ? 'integer'
    : [T] extends [boolean]
      ? 'boolean'
      : [T] extends [object]
        ? 'object'
        : never;

/** The spec a parameter list must have: one entry per parameter, optional ones marked. */
type SignatureOf<P extends readonly unknown[]> = {
  readonly [I in keyof P]-?: Partial<Pick<P, I>> extends Pick<P, I>
    ? { readonly name: string; readonly kind: KindOf<Exclude<P[I], undefined>>; optional: true }
    : { readonly name: string; readonly kind: KindOf<P[I]>; readonly optional?: never };
};

/** Each command's parameters, checked against `AppCommands` by the compiler. */
export const COMMAND_SIGNATURES = {
  createIssue: [{ name: 'input', kind: 'object' }],
  updateIssue: [
    { name: 'issueId', kind: 'string' },
    { name: 'patch', kind: 'object' },
    { name: 'expectedVersion', kind: 'integer', optional: true },
  ],
  transition: [
    { name: 'issueId', kind: 'string' },
    { name: 'transitionId', kind: 'string' },
    { name: 'input', kind: 'object', optional: true },
  ],
  addComment: [
    { name: 'issueId', kind: 'string' },
    { name: 'body', kind: 'string' },
  ],
  createLocation: [{ name: 'input', kind: 'object' }],
  updateLocation: [
    { name: 'locationId', kind: 'string' },
    { name: 'patch', kind: 'object' },
  ],
  saveWorkflow: [{ name: 'workflow', kind: 'object' }],
  acknowledgeIssue: [{ name: 'issueId', kind: 'string' }],
  snoozeIssue: [
    { name: 'issueId', kind: 'string' },
    { name: 'until', kind: 'integer' },
  ],
  saveEscalationRule: [
    { name: 'draft', kind: 'object' },
    { name: 'ruleId', kind: 'string', optional: true },
    { name: 'expectedVersion', kind: 'integer', optional: true },
  ],
  setEscalationRuleEnabled: [
    { name: 'ruleId', kind: 'string' },
    { name: 'enabled', kind: 'boolean' },
  ],
} as const satisfies { readonly [K in AppCommandName]: SignatureOf<CommandArgs<K>> };

export const COMMAND_NAMES = Object.keys(COMMAND_SIGNATURES) as AppCommandName[];

/** A call that passed the boundary check, typed per command. */
export type CommandCall = {
  [K in AppCommandName]: { name: K; args: CommandArgs<K> };
}[AppCommandName];

/** Nesting deeper than this is no input a form produces. */
export const MAX_ARGUMENT_DEPTH = 16;

export function isCommandName(value: unknown): value is AppCommandName {
  return typeof value === 'string' && Object.hasOwn(COMMAND_SIGNATURES, value);
}

/**
 * Checks a command call received over IPC. Returns it typed, or throws a 'validation-failed'
 * DomainError whose problems say what is wrong (field `command`, `arguments` or
 * `arguments[i]`).
 */
export function parseCommandCall(name: unknown, args: unknown): CommandCall {
  if (!isCommandName(name)) {
    const shown = typeof name === 'string' ? `'${name.slice(0, 60)}'` : `of type ${typeOf(name)}`;
    throw refuse({
      field: 'command',
      reason: 'not-allowed',
      message: `There is no command ${shown}.`,
    });
  }
  if (!Array.isArray(args)) {
    throw refuse({
      field: 'arguments',
      reason: 'invalid-format',
      message: `The arguments of ${name} must be sent as a list, not as ${typeOf(args)}.`,
    });
  }
  const signature: readonly ArgumentSpec[] = COMMAND_SIGNATURES[name];
  const required = signature.filter((spec) => spec.optional !== true).length;
  // A trailing `undefined` is an omitted optional argument, as in a direct call.
  let count = args.length;
  while (count > required && args[count - 1] === undefined) count -= 1;
  if (count < required || count > signature.length) {
    const expected =
      required === signature.length ? `${required}` : `${required} to ${signature.length}`;
    throw refuse({
      field: 'arguments',
      reason: 'out-of-range',
      message: `${name} takes ${expected} argument${signature.length === 1 ? '' : 's'} (${signature.map((s) => s.name).join(', ')}), but got ${args.length}.`,
    });
  }
  const problems: FieldProblem[] = [];
  signature.forEach((spec, index) => {
    const value: unknown = args[index];
    if (value === undefined && spec.optional === true) return;
    const problem = checkArgument(spec, value);
    if (problem) {
      problems.push({
        field: `arguments[${index}]`,
        reason: 'invalid-format',
        message: `Argument ${spec.name} of ${name} ${problem}.`,
      });
    }
  });
  if (problems.length > 0) throw DomainError.validationFailed(problems);
  return { name, args: args.slice(0, count) } as CommandCall;
}

function checkArgument(spec: ArgumentSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be text, not ${typeOf(value)}`;
    case 'integer':
      return Number.isSafeInteger(value)
        ? undefined
        : `must be a whole number, not ${typeOf(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${typeOf(value)}`;
    case 'object':
      if (!isPlainObject(value)) return `must be a plain object, not ${typeOf(value)}`;
      return plainDataProblem(value, 0);
  }
}

/** An object literal's prototype (or none): no class instances, no arrays, no null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Returns why `value` is not plain JSON-like data, or undefined when it is. */
function plainDataProblem(value: unknown, depth: number): string | undefined {
  if (depth > MAX_ARGUMENT_DEPTH) return `is nested deeper than ${MAX_ARGUMENT_DEPTH} levels`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `contains the number ${String(value)}`;
  }
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const problem = plainDataProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return 'contains the key __proto__';
      const item = value[key];
      if (item === undefined) continue;
      const problem = plainDataProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return `contains ${typeOf(value)}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    const constructorName =
      typeof proto === 'object' && proto !== null && 'constructor' in proto
        ? (proto.constructor as { name?: unknown }).name
        : undefined;
    return typeof constructorName === 'string' && constructorName !== 'Object'
      ? `a ${constructorName}`
      : 'an object';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

function refuse(problem: FieldProblem): DomainError {
  return DomainError.validationFailed([problem]);
}
