/**
 * The issue's history in words: what kind of change each event was, and each field's old
 * and new value as a person reads them (status, location and people by name, times as dates).
 */
import type {
  EventValue,
  IssueEvent,
  IssueEventKind,
  IssueType,
  Severity,
  Workflow,
} from '../../../shared/domain';
import { ISSUE_TYPES } from '../../../shared/domain';
import { formatDateTime, severityName, typeName } from '../../components/issue-format';

export interface HistoryContext {
  workflow: Workflow | undefined;
  locationName(id: string): string;
  /** A person's name by id (assignee, reporter, who acted). */
  personName(id: string): string;
  /** The text of a comment by id, for 'commented' events. */
  commentText?(id: string): string | undefined;
}

export interface ChangeLine {
  label: string;
  from: string;
  to: string;
}

const KIND_TITLES: Record<IssueEventKind, string> = {
  created: 'Reported the issue',
  updated: 'Edited',
  transitioned: 'Moved',
  commented: 'Commented',
  'conflict-resolved': 'Merged edits made at the same time',
  escalated: 'Escalated',
};

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  type: 'Type',
  priority: 'Priority',
  severity: 'Severity',
  locationId: 'Location',
  workflowId: 'Workflow',
  status: 'Status',
  assignee: 'Assignee',
  reporter: 'Reporter',
  reportedAt: 'Reported',
  acknowledgedAt: 'Acknowledged',
  resolvedAt: 'Resolved',
  resolutionComment: 'Resolution comment',
};

const PERSON_FIELDS = new Set(['assignee', 'reporter']);

const TIME_FIELDS = new Set(['reportedAt', 'acknowledgedAt', 'resolvedAt', 'updatedAt']);

/** The order fields are listed in, as on the form; fields not named here come last. */
const FIELD_ORDER = [
  'status',
  'title',
  'type',
  'priority',
  'severity',
  'locationId',
  'assignee',
  'description',
  'acknowledgedAt',
  'resolvedAt',
  'resolutionComment',
];

/** What a new issue's creation lists: what the reporter chose, not what the app filled in. */
const CREATION_FIELDS = new Set([
  'title',
  'type',
  'priority',
  'severity',
  'locationId',
  'assignee',
  'description',
]);

function rank(field: string): number {
  const index = FIELD_ORDER.indexOf(field);
  return index < 0 ? FIELD_ORDER.length : index;
}

export const EMPTY_VALUE = '—';

export function fieldLabel(field: string): string {
  if (field.startsWith('customFields.')) return field.slice('customFields.'.length);
  return FIELD_LABELS[field] ?? field;
}

export function formatValue(field: string, value: EventValue, context: HistoryContext): string {
  if (value === null || value === '') return EMPTY_VALUE;
  if (field === 'status' && typeof value === 'string') {
    return context.workflow?.statuses.find((s) => s.id === value)?.name ?? value;
  }
  if (field === 'locationId' && typeof value === 'string') return context.locationName(value);
  if (PERSON_FIELDS.has(field) && typeof value === 'string') return context.personName(value);
  if (TIME_FIELDS.has(field) && typeof value === 'number') return formatDateTime(value);
  if (field === 'type' && (ISSUE_TYPES as readonly EventValue[]).includes(value)) {
    return typeName(value as IssueType);
  }
  if (field === 'severity' && typeof value === 'number' && value >= 1 && value <= 5) {
    return `${value} · ${severityName(value as Severity)}`;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function eventTitle(event: IssueEvent, context: HistoryContext): string {
  if (event.kind === 'transitioned') {
    const transition = context.workflow?.transitions.find((t) => t.id === event.transitionId);
    const status = event.changes.find((c) => c.field === 'status');
    const to = status ? formatValue('status', status.to, context) : undefined;
    if (transition && to) return `${transition.name} → ${to}`;
    if (to) return `Moved to ${to}`;
  }
  return KIND_TITLES[event.kind];
}

/** The lines of an event, in the form's order; the creation lists what the reporter set. */
export function changeLines(event: IssueEvent, context: HistoryContext): ChangeLine[] {
  const created = event.kind === 'created';
  return event.changes
    .filter((change) => !created || CREATION_FIELDS.has(change.field))
    .filter((change) => !(created && (change.to === null || change.to === '')))
    .sort((a, b) => rank(a.field) - rank(b.field))
    .map((change) => ({
      label: fieldLabel(change.field),
      from: formatValue(change.field, change.from, context),
      to: formatValue(change.field, change.to, context),
    }));
}

/** A device id short enough to read; the whole id is kept for a tooltip. */
export function shortDeviceId(deviceId: string): string {
  return deviceId.length > 12 ? deviceId.slice(0, 8) : deviceId;
}
