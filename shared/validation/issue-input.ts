/**
 * Validation of issue input arriving as `unknown` (over IPC, HTTP or from a form): types
 * are checked, text is trimmed, every problem is collected, and a clean object with no
 * extra keys comes back. Anything refused throws one DomainError('validation-failed').
 */
import {
  DESCRIPTION_MAX,
  ID_MAX,
  ISSUE_TYPES,
  NAME_MAX,
  PRIORITIES,
  SEVERITY_MAX,
  SEVERITY_MIN,
  TITLE_MAX,
  type CustomFieldValue,
  type IssuePatch,
  type NewIssueInput,
  type Severity,
} from '../domain';
import {
  charCount,
  describeValue,
  fieldPath,
  isRecord,
  ProblemCollector,
  readObject,
  type FieldReader,
} from './problems';

export const CUSTOM_FIELDS_MAX = 50;
export const CUSTOM_FIELD_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
export const CUSTOM_FIELD_TEXT_MAX = 500;

const NEW_ISSUE_KEYS = [
  'title',
  'description',
  'type',
  'priority',
  'severity',
  'locationId',
  'assignee',
  'customFields',
  'workflowId',
] as const;

const PATCH_KEYS = [
  'title',
  'description',
  'type',
  'priority',
  'severity',
  'locationId',
  'assignee',
  'customFields',
] as const;

/** Issue fields that exist but are not the caller's to set, with the reason why. */
function explainReservedField(key: string, creating: boolean): string | undefined {
  switch (key) {
    case 'status':
      return creating
        ? 'A new issue starts in the initial status of its workflow; status cannot be given.'
        : 'Status changes only through a workflow transition.';
    case 'acknowledgedAt':
    case 'resolvedAt':
    case 'resolutionComment':
      return `"${key}" is set by workflow transitions and cannot be edited.`;
    case 'workflowId':
      return 'The workflow of an existing issue cannot be changed.';
    case 'id':
    case 'reporter':
    case 'reportedAt':
    case 'version':
    case 'updatedAt':
    case 'updatedBy':
    case 'updatedOnDevice':
      return `"${key}" is kept by the app and cannot be ${creating ? 'given' : 'edited'}.`;
    default:
      return undefined;
  }
}

/** Validates what a reporter supplies for a new issue. */
export function validateNewIssue(input: unknown): NewIssueInput {
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'A new issue', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(NEW_ISSUE_KEYS, (key) => explainReservedField(key, true));

  const title = read.text('title', { label: 'Title', min: 1, max: TITLE_MAX, required: true });
  const description = read.text('description', { label: 'Description', max: DESCRIPTION_MAX });
  const type = read.choice('type', 'Type', ISSUE_TYPES, true);
  const priority = read.choice('priority', 'Priority', PRIORITIES, true);
  const severity = readSeverity(read, true);
  const locationId = readId(read, 'locationId', 'Location', true);
  const assignee = read.text('assignee', { label: 'Assignee', max: NAME_MAX });
  const customFields = readCustomFields(read);
  const workflowId = readId(read, 'workflowId', 'Workflow', false);

  if (
    problems.size > 0 ||
    title === undefined ||
    type === undefined ||
    priority === undefined ||
    severity === undefined ||
    locationId === undefined
  ) {
    throw problems.toError();
  }
  const clean: NewIssueInput = {
    title,
    description: description ?? '',
    type,
    priority,
    severity,
    locationId,
    customFields: customFields ?? {},
  };
  if (assignee !== undefined && assignee !== '') clean.assignee = assignee;
  if (workflowId !== undefined) clean.workflowId = workflowId;
  return clean;
}

/**
 * Validates an edit of an issue outside of workflow transitions. Only the fields present
 * come back. `assignee: null` (or empty text) clears the assignee and comes back as null;
 * `customFields` replaces the whole map.
 */
export function validateIssuePatch(patch: unknown): IssuePatch {
  const problems = new ProblemCollector();
  const read = readObject(patch, '', 'An issue edit', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(PATCH_KEYS, (key) => explainReservedField(key, false));

  const title = read.text('title', { label: 'Title', min: 1, max: TITLE_MAX });
  const description = read.text('description', { label: 'Description', max: DESCRIPTION_MAX });
  const type = read.choice('type', 'Type', ISSUE_TYPES);
  const priority = read.choice('priority', 'Priority', PRIORITIES);
  const severity = readSeverity(read, false);
  const locationId = readId(read, 'locationId', 'Location', false);
  const assignee =
    read.value('assignee') === null
      ? null
      : read.text('assignee', { label: 'Assignee', max: NAME_MAX });
  const customFields = readCustomFields(read);
  problems.throwIfAny();

  const clean: IssuePatch = {};
  if (title !== undefined) clean.title = title;
  if (description !== undefined) clean.description = description;
  if (type !== undefined) clean.type = type;
  if (priority !== undefined) clean.priority = priority;
  if (severity !== undefined) clean.severity = severity;
  if (locationId !== undefined) clean.locationId = locationId;
  if (assignee !== undefined) clean.assignee = assignee === '' ? null : assignee;
  if (customFields !== undefined) clean.customFields = customFields;
  return clean;
}

function readSeverity(read: FieldReader, required: boolean): Severity | undefined {
  return read.integer('severity', 'Severity', SEVERITY_MIN, SEVERITY_MAX, required) as
    Severity | undefined;
}

/** An opaque id: non-empty text of at most ID_MAX characters, taken as is (not trimmed). */
function readId(
  read: FieldReader,
  key: string,
  label: string,
  required: boolean,
): string | undefined {
  return read.text(key, { label, min: 1, max: ID_MAX, trim: false, required });
}

/** Custom fields: a map of at most 50 named values (text ≤ 500, finite number, boolean). */
function readCustomFields(read: FieldReader): Record<string, CustomFieldValue> | undefined {
  const value = read.value('customFields');
  if (value === undefined) return undefined;
  const field = read.path('customFields');
  const problems = read.problems;
  if (!isRecord(value)) {
    problems.add(
      field,
      'invalid-format',
      `Custom fields must be an object of named values (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const before = problems.size;
  if (keys.length > CUSTOM_FIELDS_MAX) {
    problems.add(
      field,
      'too-long',
      `An issue may have at most ${CUSTOM_FIELDS_MAX} custom fields (it has ${keys.length}).`,
    );
  }
  const clean: Record<string, CustomFieldValue> = {};
  for (const key of keys) {
    const path = fieldPath(field, key);
    if (!CUSTOM_FIELD_KEY_PATTERN.test(key)) {
      problems.add(
        path,
        'invalid-format',
        `Custom field name "${key}" must start with a letter and have at most 40 letters, digits, "-" or "_".`,
      );
      continue;
    }
    const entry = value[key];
    if (typeof entry === 'string') {
      const length = charCount(entry);
      if (length > CUSTOM_FIELD_TEXT_MAX) {
        problems.add(
          path,
          'too-long',
          `Custom field "${key}" must be at most ${CUSTOM_FIELD_TEXT_MAX} characters (it has ${length}).`,
        );
        continue;
      }
    } else if (typeof entry === 'number') {
      if (!Number.isFinite(entry)) {
        problems.add(
          path,
          'invalid-format',
          `Custom field "${key}" must be a finite number (it is ${String(entry)}).`,
        );
        continue;
      }
    } else if (typeof entry !== 'boolean') {
      problems.add(
        path,
        'invalid-format',
        `Custom field "${key}" must be text, a number or true/false (it is ${describeValue(entry)}).`,
      );
      continue;
    }
    clean[key] = entry;
  }
  return problems.size === before ? clean : undefined;
}
