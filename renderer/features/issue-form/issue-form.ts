/**
 * The issue form's values and their checks. The form validates with the core's own
 * validators (validateNewIssue, validateIssuePatch), so a message shown while typing is the
 * message the core would give on saving, word for word.
 */
import type {
  Issue,
  IssuePatch,
  IssueType,
  NewIssueInput,
  Priority,
  Severity,
} from '../../../shared/domain';
import { validateIssuePatch, validateNewIssue } from '../../../shared/validation';
import { refusalOf } from '../../components/field-problems';

export interface IssueFormValues {
  title: string;
  description: string;
  type: IssueType;
  priority: Priority;
  severity: Severity;
  locationId: string | null;
  assignee: string;
}

export const FORM_FIELDS = [
  'title',
  'description',
  'type',
  'priority',
  'severity',
  'locationId',
  'assignee',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export type FieldErrors = Partial<Record<FormField, string>>;

export function emptyValues(locationId: string | null = null): IssueFormValues {
  return {
    title: '',
    description: '',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId,
    assignee: '',
  };
}

export function valuesOf(issue: Issue): IssueFormValues {
  return {
    title: issue.title,
    description: issue.description,
    type: issue.type,
    priority: issue.priority,
    severity: issue.severity,
    locationId: issue.locationId,
    assignee: issue.assignee ?? '',
  };
}

/** What the create command receives: blank optional text is left out. */
export function newIssueInput(values: IssueFormValues): Partial<NewIssueInput> {
  const input: Partial<NewIssueInput> = {
    title: values.title,
    description: values.description,
    type: values.type,
    priority: values.priority,
    severity: values.severity,
  };
  if (values.locationId !== null) input.locationId = values.locationId;
  if (values.assignee.trim() !== '') input.assignee = values.assignee;
  return input;
}

/** The fields the user changed, as an edit (`assignee: null` clears it). */
export function issuePatch(original: Issue, values: IssueFormValues): IssuePatch {
  const before = valuesOf(original);
  const patch: IssuePatch = {};
  if (values.title !== before.title) patch.title = values.title;
  if (values.description !== before.description) patch.description = values.description;
  if (values.type !== before.type) patch.type = values.type;
  if (values.priority !== before.priority) patch.priority = values.priority;
  if (values.severity !== before.severity) patch.severity = values.severity;
  if (values.locationId !== before.locationId) {
    // An emptied location is sent as empty text, so the validator says it is required.
    patch.locationId = values.locationId ?? '';
  }
  if (values.assignee.trim() !== before.assignee.trim()) {
    patch.assignee = values.assignee.trim() === '' ? null : values.assignee;
  }
  return patch;
}

function errorsOf(error: unknown): FieldErrors {
  const { fields, general } = refusalOf(error, FORM_FIELDS);
  const errors: FieldErrors = {};
  for (const field of FORM_FIELDS) {
    const message = fields[field];
    if (message !== undefined) errors[field] = message;
  }
  // A refused empty location arrives as "Location must not be empty."; say what to do.
  if (errors.locationId !== undefined && /required|empty/i.test(errors.locationId)) {
    errors.locationId = 'Choose the location of the issue.';
  }
  if (general !== undefined && Object.keys(errors).length === 0) errors.title = general;
  return errors;
}

/** Every problem of a new issue, by field; empty when it may be saved. */
export function checkNewIssue(values: IssueFormValues): FieldErrors {
  try {
    validateNewIssue(newIssueInput(values));
    return {};
  } catch (error) {
    return errorsOf(error);
  }
}

/** Every problem of an edit, by field; empty when it may be saved. */
export function checkIssuePatch(original: Issue, values: IssueFormValues): FieldErrors {
  try {
    validateIssuePatch(issuePatch(original, values));
    return {};
  } catch (error) {
    return errorsOf(error);
  }
}

/** The core's refusal of a save, by field, plus what belongs to no field. */
export function refusalErrors(error: unknown): { fields: FieldErrors; general?: string } {
  const { fields, general } = refusalOf(error, FORM_FIELDS);
  const result: FieldErrors = {};
  for (const field of FORM_FIELDS) {
    const message = fields[field];
    if (message !== undefined) result[field] = message;
  }
  return general === undefined ? { fields: result } : { fields: result, general };
}
