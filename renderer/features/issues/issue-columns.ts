/**
 * The issue table's columns as data: label, width, how each sorts (ascending; the table
 * reverses), how it filters, and its text in a CSV export. No React here: the view turns these
 * into table columns, and the pure view pipeline (issue-view.ts) sorts and filters with them.
 */
import { ISSUE_TYPES, PRIORITIES, SEVERITY_MAX, SEVERITY_MIN } from '../../../shared/domain';
import { ISSUE_TYPE_LABELS, formatSortableDateTime, type IssueRow } from './issue-rows';

export const ISSUE_COLUMN_IDS = [
  'title',
  'status',
  'priority',
  'severity',
  'type',
  'location',
  'assignee',
  'reporter',
  'reportedAt',
  'updatedAt',
  'escalated',
  'id',
] as const;
export type IssueColumnId = (typeof ISSUE_COLUMN_IDS)[number];

export interface FilterOption {
  value: string;
  label: string;
}

/** Time windows the date columns filter by, counted back from now. */
export const DATE_PRESETS = [
  { value: 'day', label: 'Last 24 hours', within: 24 * 3_600_000 },
  { value: 'week', label: 'Last 7 days', within: 7 * 24 * 3_600_000 },
  { value: 'month', label: 'Last 30 days', within: 30 * 24 * 3_600_000 },
  { value: 'older', label: 'Older than 30 days', within: -30 * 24 * 3_600_000 },
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number]['value'];

export type ColumnFilterSpec =
  /** Contains the typed text, case-insensitively. Filter value: string. */
  | { kind: 'text'; text: (row: IssueRow) => string }
  /** One of the chosen values. Filter value: string[]. */
  | { kind: 'options'; value: (row: IssueRow) => string; options?: readonly FilterOption[] }
  /** At or below one of the chosen locations. Filter value: string[] of location ids. */
  | { kind: 'location' }
  /** Within a time window. Filter value: a DatePreset. */
  | { kind: 'date'; time: (row: IssueRow) => number }
  /** Yes or no. Filter value: 'yes' | 'no'. */
  | { kind: 'flag'; flag: (row: IssueRow) => boolean; yes: string; no: string };

export interface IssueColumnSpec {
  id: IssueColumnId;
  label: string;
  /** CSS grid track. */
  width: string;
  defaultVisible: boolean;
  /**
   * What the column sorts by, ascending by `<`; ties are broken by the issue id. Keys are
   * computed once per row and sort, not once per comparison.
   */
  sortKey: (row: IssueRow) => number | string;
  /** A second key for rows whose first keys are equal (before the issue id decides). */
  thenBy?: (row: IssueRow) => string;
  /** First click sorts descending (dates: newest first; priority: most urgent first). */
  sortDescFirst: boolean;
  filter: ColumnFilterSpec;
  /** The cell as text, for CSV export. */
  text: (row: IssueRow) => string;
}

/** Case-insensitive, with empty text after all other text. */
function optionalTextKey(text: string): string {
  return text === '' ? '\uffff' : text.toLowerCase();
}

const SEVERITY_OPTIONS: FilterOption[] = [];
for (let severity = SEVERITY_MIN; severity <= SEVERITY_MAX; severity++) {
  SEVERITY_OPTIONS.push({ value: String(severity), label: String(severity) });
}

export const ISSUE_COLUMNS: readonly IssueColumnSpec[] = [
  {
    id: 'title',
    label: 'Title',
    width: 'minmax(240px, 3fr)',
    defaultVisible: true,
    sortKey: (row) => row.title.toLowerCase(),
    sortDescFirst: false,
    filter: { kind: 'text', text: (row) => row.title },
    text: (row) => row.title,
  },
  {
    id: 'status',
    label: 'Status',
    width: '140px',
    defaultVisible: true,
    sortKey: (row) => row.statusOrder,
    // Statuses unknown here share one position; the query language then orders them by id.
    thenBy: (row) => (row.statusCategory === undefined ? row.issue.status : ''),
    sortDescFirst: false,
    filter: { kind: 'options', value: (row) => row.statusName },
    text: (row) => row.statusName,
  },
  {
    id: 'priority',
    label: 'Priority',
    width: '120px',
    defaultVisible: true,
    sortKey: (row) => row.priorityRank,
    sortDescFirst: true,
    filter: {
      kind: 'options',
      value: (row) => row.priority,
      options: [...PRIORITIES].reverse().map((p) => ({ value: p, label: p })),
    },
    text: (row) => row.priority,
  },
  {
    id: 'severity',
    label: 'Severity',
    width: '100px',
    defaultVisible: false,
    sortKey: (row) => row.severity,
    sortDescFirst: true,
    filter: { kind: 'options', value: (row) => String(row.severity), options: SEVERITY_OPTIONS },
    text: (row) => String(row.severity),
  },
  {
    id: 'type',
    label: 'Type',
    width: '130px',
    defaultVisible: false,
    sortKey: (row) => row.type,
    sortDescFirst: false,
    filter: {
      kind: 'options',
      value: (row) => row.type,
      options: ISSUE_TYPES.map((type) => ({ value: type, label: ISSUE_TYPE_LABELS[type] })),
    },
    text: (row) => ISSUE_TYPE_LABELS[row.type],
  },
  {
    id: 'location',
    label: 'Location',
    width: 'minmax(180px, 2fr)',
    defaultVisible: true,
    sortKey: (row) => row.locationRank,
    // Locations unknown here share one rank; the query language then orders them by id.
    thenBy: (row) => (row.locationKnown ? '' : row.locationId),
    sortDescFirst: false,
    filter: { kind: 'location' },
    text: (row) => row.locationPath,
  },
  {
    id: 'assignee',
    label: 'Assignee',
    width: '140px',
    defaultVisible: true,
    sortKey: (row) => optionalTextKey(row.assignee),
    sortDescFirst: false,
    filter: { kind: 'text', text: (row) => row.assignee },
    text: (row) => row.assignee,
  },
  {
    id: 'reporter',
    label: 'Reporter',
    width: '140px',
    defaultVisible: false,
    sortKey: (row) => optionalTextKey(row.reporter),
    sortDescFirst: false,
    filter: { kind: 'text', text: (row) => row.reporter },
    text: (row) => row.reporter,
  },
  {
    id: 'reportedAt',
    label: 'Reported',
    width: '170px',
    defaultVisible: true,
    sortKey: (row) => row.reportedAt,
    sortDescFirst: true,
    filter: { kind: 'date', time: (row) => row.reportedAt },
    text: (row) => formatSortableDateTime(row.reportedAt),
  },
  {
    id: 'updatedAt',
    label: 'Updated',
    width: '170px',
    defaultVisible: false,
    sortKey: (row) => row.updatedAt,
    sortDescFirst: true,
    filter: { kind: 'date', time: (row) => row.updatedAt },
    text: (row) => formatSortableDateTime(row.updatedAt),
  },
  {
    id: 'escalated',
    label: 'Escalation',
    width: '130px',
    defaultVisible: true,
    sortKey: (row) => row.escalation?.count ?? 0,
    sortDescFirst: true,
    filter: {
      kind: 'flag',
      flag: (row) => row.escalation !== undefined,
      yes: 'Escalated',
      no: 'Not escalated',
    },
    text: (row) => (row.escalation ? 'Escalated' : ''),
  },
  {
    id: 'id',
    label: 'ID',
    width: '150px',
    defaultVisible: false,
    sortKey: (row) => row.id,
    sortDescFirst: false,
    filter: { kind: 'text', text: (row) => row.id },
    text: (row) => row.id,
  },
];

const BY_ID = new Map<string, IssueColumnSpec>(ISSUE_COLUMNS.map((column) => [column.id, column]));

export function issueColumn(id: string): IssueColumnSpec | undefined {
  return BY_ID.get(id);
}

export function isIssueColumnId(id: unknown): id is IssueColumnId {
  return typeof id === 'string' && BY_ID.has(id);
}
