/** Turns what the core refused into messages per form field, and anything else into text. */
import { DomainError } from '../../shared/validation/errors';

export interface Refusal {
  /** Messages by field path (`title`, `locationId`, `resolutionComment` …). */
  fields: Record<string, string>;
  /** What belongs to no field of the form (or to a field the form does not show). */
  general?: string;
}

/**
 * Splits an error into the fields the form shows and a general message. A DomainError's
 * field problems go next to their fields; anything else becomes the general message.
 */
export function refusalOf(error: unknown, formFields: readonly string[]): Refusal {
  const domain = error instanceof DomainError ? error : DomainError.fromJSON(error);
  if (!domain) {
    return {
      fields: {},
      general: error instanceof Error ? error.message : 'The change could not be saved.',
    };
  }
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const problem of domain.problems) {
    const field = formFields.find((f) => problem.field === f || problem.field.startsWith(`${f}.`));
    if (field !== undefined && fields[field] === undefined) fields[field] = problem.message;
    else if (field === undefined) rest.push(problem.message);
  }
  if (domain.problems.length === 0) rest.push(domain.message);
  return rest.length > 0 ? { fields, general: rest.join(' ') } : { fields };
}

/** The sentence to show for a failed action outside of a form. */
export function messageOf(error: unknown): string {
  const domain = error instanceof DomainError ? error : DomainError.fromJSON(error);
  if (domain) return domain.message;
  return error instanceof Error ? error.message : String(error);
}
