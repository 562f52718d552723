/**
 * Validation of free text attached to issues: comments, and the resolution comment given
 * with a workflow transition.
 */
import { COMMENT_MAX, RESOLUTION_COMMENT_MAX } from '../domain';
import type { TransitionInput } from '../core/commands';
import { DomainError } from './errors';
import { checkText, ProblemCollector, readObject } from './problems';

/** A comment's body: text, trimmed, 1 to COMMENT_MAX characters. Problems name `body`. */
export function validateCommentBody(body: unknown): string {
  const problems = new ProblemCollector();
  if (body === undefined) throw DomainError.invalid('body', 'required', 'Comment is required.');
  const text = checkText(body, 'body', { label: 'Comment', min: 1, max: COMMENT_MAX }, problems);
  if (text === undefined) throw problems.toError();
  return text;
}

/**
 * Reads a resolution comment into `problems` under `field`: text of at most
 * RESOLUTION_COMMENT_MAX characters, trimmed. Absent or blank text gives undefined; whether
 * a comment is required is the workflow's decision (its validators), unless `required`.
 */
export function readResolutionComment(
  value: unknown,
  field: string,
  problems: ProblemCollector,
  required = false,
): string | undefined {
  const label = 'Resolution comment';
  if (value === undefined) {
    if (required) problems.add(field, 'required', `${label} is required.`);
    return undefined;
  }
  const min = required ? 1 : 0;
  const text = checkText(value, field, { label, min, max: RESOLUTION_COMMENT_MAX }, problems);
  return text === '' ? undefined : text;
}

/**
 * A resolution comment: trimmed text of at most RESOLUTION_COMMENT_MAX characters.
 * Absent or blank text gives undefined unless `options.required`.
 */
export function validateResolutionComment(
  value: unknown,
  options: { required?: boolean } = {},
): string | undefined {
  const problems = new ProblemCollector();
  const text = readResolutionComment(value, 'resolutionComment', problems, options.required);
  problems.throwIfAny();
  return text;
}

/** The input of a workflow transition; `undefined` stands for no input. */
export function validateTransitionInput(input: unknown): TransitionInput {
  if (input === undefined) return {};
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'Transition input', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(['resolutionComment']);
  const comment = readResolutionComment(
    read.value('resolutionComment'),
    read.path('resolutionComment'),
    problems,
  );
  problems.throwIfAny();
  return comment === undefined ? {} : { resolutionComment: comment };
}
