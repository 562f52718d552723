/**
 * The fields a query may name, each with its type, the operators that make sense for it,
 * where it lives in an issue document and how it sorts.
 */
import { ISSUE_TYPES, PRIORITIES } from '../domain';
import type { Operator } from './ast';

/**
 * `text`: free text, compared case-insensitively. `enum`: one of a fixed list, or of the
 * workflow statuses or locations from the context. `number`, `date`: ordered values.
 * `custom`: a custom field, whose value may be text, a number, a date or a boolean; the
 * written value decides how it compares.
 */
export type FieldType = 'text' | 'enum' | 'number' | 'date' | 'custom';

/** How a field sorts: by its stored value (`native`, Mango can do it) or by a rank. */
export type SortKind = 'native' | 'priority' | 'status' | 'location' | 'person';

/** Where an enum field's members come from. */
export type EnumSource = 'static' | 'statuses' | 'locations';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Dotted path of the value in an issue document. */
  path: string;
  operators: readonly Operator[];
  sort: SortKind;
  enumSource?: EnumSource;
  /** For static enums, in their canonical spelling and, if ordered, from low to high. */
  members?: readonly string[];
  ordered?: boolean;
  /** The value is a person's id: the field matches by the person's name too. */
  person?: boolean;
  description: string;
}

const TEXT_OPERATORS: readonly Operator[] = [
  '=',
  '!=',
  '~',
  '!~',
  'IN',
  'NOT IN',
  'IS EMPTY',
  'IS NOT EMPTY',
];
const NAME_OPERATORS: readonly Operator[] = ['=', '!=', '~', '!~', 'IN', 'NOT IN'];
const ORDERED_OPERATORS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=', 'IN', 'NOT IN'];
const DATE_OPERATORS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<='];
const OPTIONAL_DATE_OPERATORS: readonly Operator[] = [
  ...DATE_OPERATORS,
  'IS EMPTY',
  'IS NOT EMPTY',
];
const ALL_OPERATORS: readonly Operator[] = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '~',
  '!~',
  'IN',
  'NOT IN',
  'IS EMPTY',
  'IS NOT EMPTY',
];

function text(name: string, description: string): FieldSpec {
  return { name, type: 'text', path: name, operators: TEXT_OPERATORS, sort: 'native', description };
}

function date(name: string, optional: boolean, description: string): FieldSpec {
  return {
    name,
    type: 'date',
    path: name,
    operators: optional ? OPTIONAL_DATE_OPERATORS : DATE_OPERATORS,
    sort: 'native',
    description,
  };
}

export const BUILTIN_FIELDS: readonly FieldSpec[] = [
  text('title', 'Title'),
  text('description', 'Description'),
  {
    name: 'type',
    type: 'enum',
    path: 'type',
    operators: ['=', '!=', 'IN', 'NOT IN'],
    sort: 'native',
    enumSource: 'static',
    members: ISSUE_TYPES,
    description: 'Issue type',
  },
  {
    name: 'priority',
    type: 'enum',
    path: 'priority',
    operators: ORDERED_OPERATORS,
    sort: 'priority',
    enumSource: 'static',
    members: PRIORITIES,
    ordered: true,
    description: 'Priority, from Lowest to Critical',
  },
  {
    name: 'severity',
    type: 'number',
    path: 'severity',
    operators: ORDERED_OPERATORS,
    sort: 'native',
    description: 'Severity, 1 to 5',
  },
  {
    name: 'status',
    type: 'enum',
    path: 'status',
    operators: NAME_OPERATORS,
    sort: 'status',
    enumSource: 'statuses',
    description: 'Workflow status, by name',
  },
  { ...text('assignee', 'Assignee, by name or id'), person: true, sort: 'person' },
  { ...text('reporter', 'Reporter, by name or id'), person: true, sort: 'person' },
  {
    name: 'location',
    type: 'enum',
    path: 'locationId',
    operators: NAME_OPERATORS,
    sort: 'location',
    enumSource: 'locations',
    description: 'Location by name, with everything below it',
  },
  date('reportedAt', false, 'When the issue was reported'),
  date('acknowledgedAt', true, 'When the issue was acknowledged'),
  date('resolvedAt', true, 'When the issue was resolved'),
  date('updatedAt', false, 'When the issue last changed'),
];

export const CUSTOM_FIELD_PREFIX = 'cf.';

const BY_LOWER_NAME = new Map(BUILTIN_FIELDS.map((field) => [field.name.toLowerCase(), field]));

/** A custom field name must be usable as a document path segment. */
const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function isValidCustomFieldName(name: string): boolean {
  return CUSTOM_NAME.test(name) && !(name in Object.prototype);
}

export function customFieldSpec(name: string): FieldSpec {
  return {
    name: `${CUSTOM_FIELD_PREFIX}${name}`,
    type: 'custom',
    path: `customFields.${name}`,
    operators: ALL_OPERATORS,
    sort: 'native',
    description: `Custom field ${name}`,
  };
}

export type FieldLookup =
  { ok: true; field: FieldSpec } | { ok: false; reason: 'unknown' | 'invalid-custom-name' };

/** Finds a field by name, case-insensitively (custom field names keep their case). */
export function lookupField(written: string): FieldLookup {
  if (written.toLowerCase().startsWith(CUSTOM_FIELD_PREFIX)) {
    const name = written.slice(CUSTOM_FIELD_PREFIX.length);
    return isValidCustomFieldName(name)
      ? { ok: true, field: customFieldSpec(name) }
      : { ok: false, reason: 'invalid-custom-name' };
  }
  const field = BY_LOWER_NAME.get(written.toLowerCase());
  return field ? { ok: true, field } : { ok: false, reason: 'unknown' };
}

/** The spec of a field name, or undefined when the query language has no such field. */
export function fieldSpec(name: string): FieldSpec | undefined {
  const found = lookupField(name);
  return found.ok ? found.field : undefined;
}

export function fieldAllows(field: FieldSpec, operator: Operator): boolean {
  return field.operators.includes(operator);
}
