/**
 * Templates and field mappings of escalation actions: comment bodies, notification texts,
 * the context of a BPA workflow and the fields of a Jira issue are written as templates with
 * `{field}` placeholders, filled from the issue and the escalation when the action runs.
 *
 * - `{title}`, `{priority}`, `{cf.line}` (a custom field), `{escalation.level}` …;
 *   `{{` and `}}` stand for literal braces.
 * - A template that is exactly one placeholder keeps the value's type (`"{severity}"` gives
 *   the number 4); otherwise the values are written into the text (absent ones as nothing).
 * - Mapping targets are dotted paths: `{"maintenanceIssue.title": "{title}"}` gives
 *   `{ maintenanceIssue: { title: "…" } }`, `{"priority.name": "{priority}"}` gives Jira's
 *   `{ priority: { name: "High" } }`.
 */
import type { CustomFieldValue, Issue } from '../domain';
import type { FieldMapping } from './rule';

export type MappedValue = string | number | boolean | null;
export interface MappedObject {
  [key: string]: MappedValue | MappedObject;
}

/** Issue fields a template may name; custom fields are `cf.<name>`. */
export const TEMPLATE_ISSUE_FIELDS = [
  'id',
  'title',
  'description',
  'type',
  'priority',
  'severity',
  'locationId',
  'workflowId',
  'status',
  'assignee',
  'reporter',
  'reportedAt',
  'acknowledgedAt',
  'resolvedAt',
  'resolutionComment',
] as const;

/** Escalation fields a template may name. */
export const TEMPLATE_ESCALATION_FIELDS = [
  'escalation.id',
  'escalation.ruleId',
  'escalation.rule',
  'escalation.cycle',
  'escalation.level',
  'escalation.repeat',
  'escalation.dueAt',
  'escalation.late',
] as const;

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;
const CUSTOM_FIELD = /^cf\.[A-Za-z][A-Za-z0-9_-]{0,39}$/;

export function isTemplateField(name: string): boolean {
  return (
    (TEMPLATE_ISSUE_FIELDS as readonly string[]).includes(name) ||
    (TEMPLATE_ESCALATION_FIELDS as readonly string[]).includes(name) ||
    CUSTOM_FIELD.test(name)
  );
}

/** The placeholders of a template, in order, and problems with its syntax. */
export function parseTemplate(template: string): { fields: string[]; problems: string[] } {
  const fields: string[] = [];
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined) {
      const trimmed = name.trim();
      if (!isTemplateField(trimmed)) problems.push(`"{${name}}" is not a field that can be used.`);
      else fields.push(trimmed);
    }
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{') || rest.includes('}')) {
    problems.push('A lone "{" or "}" must be written "{{" or "}}".');
  }
  return { fields, problems };
}

/** What a template can be filled from. */
export interface TemplateSource {
  issue: Partial<Omit<Issue, 'customFields'>> & { customFields?: Record<string, CustomFieldValue> };
  escalation?: {
    id: string;
    ruleId: string;
    ruleName: string;
    cycle: number;
    level: number;
    repeat: number;
    dueAt: number;
    late: boolean;
  };
}

function fieldValue(name: string, source: TemplateSource): MappedValue {
  if (name.startsWith('cf.')) return source.issue.customFields?.[name.slice(3)] ?? null;
  if (name.startsWith('escalation.')) {
    const escalation = source.escalation;
    if (escalation === undefined) return null;
    const key = name.slice('escalation.'.length);
    if (key === 'rule') return escalation.ruleName;
    const value = (escalation as unknown as Record<string, MappedValue | undefined>)[key];
    return value ?? null;
  }
  const value = (source.issue as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : null;
}

/** Fills a template. Unknown fields are left as they were written (validation refuses them). */
export function renderTemplate(template: string, source: TemplateSource): MappedValue {
  const whole = /^\{([^{}]*)\}$/.exec(template);
  if (whole !== null && isTemplateField((whole[1] as string).trim())) {
    return fieldValue((whole[1] as string).trim(), source);
  }
  return template.replace(PLACEHOLDER, (match: string, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const field = (name ?? '').trim();
    if (!isTemplateField(field)) return match;
    const value = fieldValue(field, source);
    return value === null ? '' : String(value);
  });
}

/** Fills every template of a mapping and nests the dotted targets. */
export function resolveFieldMapping(mapping: FieldMapping, source: TemplateSource): MappedObject {
  const result: MappedObject = {};
  for (const [target, template] of Object.entries(mapping)) {
    const path = target.split('.');
    let node = result;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string;
      const child = node[key];
      if (typeof child === 'object' && child !== null) node = child;
      else {
        const created: MappedObject = {};
        node[key] = created;
        node = created;
      }
    }
    node[path[path.length - 1] as string] = renderTemplate(template, source);
  }
  return result;
}

/** A mapping target: dotted names, each a letter or underscore then letters, digits, _ or -. */
export const MAPPING_TARGET_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** Targets that would make one target both a value and an object (`a` and `a.b`). */
export function clashingTargets(mapping: FieldMapping): string[] {
  const targets = Object.keys(mapping);
  return targets.filter((t) => targets.some((other) => other.startsWith(`${t}.`)));
}
