/**
 * What the issue table shows of each issue: a plain, read-only row derived once from the stored
 * issue, its workflow, its location and its escalations, with the keys the table sorts,
 * filters and searches by computed up front. Rows of unchanged issues are reused, so a live
 * update of one issue among 50,000 derives one row, not 50,000.
 */
import type {
  Issue,
  IssueType,
  Location,
  Priority,
  Severity,
  StatusCategory,
  Workflow,
} from '../../../shared/domain';
import { priorityRank } from '../../../shared/domain';
import { isClockStart, type EscalationRecord } from '../../../shared/escalation/records';
import { NO_PEOPLE, type PeopleDirectory } from '../../app/people';
import { formatLocationPath } from '../locations/location-tree';

/** The escalations of one issue, from its documents in the `escalations` collection. */
export interface EscalationMark {
  /** Fired levels (documents) for the issue. */
  count: number;
  latestRuleName: string;
  latestLevel: number;
  latestFiredAt: number;
}

export interface IssueRow {
  readonly id: string;
  /** The stored issue itself (not a copy): what queries match and compare. */
  readonly issue: Issue;
  readonly title: string;
  readonly type: IssueType;
  readonly priority: Priority;
  readonly priorityRank: number;
  readonly severity: Severity;
  readonly statusName: string;
  readonly statusCategory: StatusCategory | undefined;
  /** Position of the status in workflow order; unknown statuses after all known ones. */
  readonly statusOrder: number;
  readonly locationId: string;
  /** Names from the site down to the location, e.g. "Plant A › Press shop › Line 3". */
  readonly locationPath: string;
  /** See RowContext.locationRank. */
  readonly locationRank: number;
  /** Whether the location is known here (a new one may still be syncing). */
  readonly locationKnown: boolean;
  /**
   * The assignee's name as screens show it (PeopleDirectory.nameOf), what the column sorts,
   * filters and searches by; '' when nobody is assigned.
   */
  readonly assignee: string;
  /** The reporter's name as screens show it. */
  readonly reporter: string;
  readonly reportedAt: number;
  readonly updatedAt: number;
  readonly escalation: EscalationMark | undefined;
}

/** A location's path, or its id when it is not known here. */
function pathOr(names: readonly string[] | undefined, locationId: string): string {
  return names === undefined ? locationId : formatLocationPath(names);
}

export interface StatusInfo {
  name: string;
  category: StatusCategory;
}

/** The workflows, locations and people rows are derived against. */
export interface RowContext {
  readonly workflows: readonly Workflow[];
  readonly locations: readonly Location[];
  /** Names the assignee and the reporter. */
  readonly people: PeopleDirectory;
  status(workflowId: string, statusId: string): StatusInfo | undefined;
  statusOrder(statusId: string): number;
  /** Names from the site down to the location, or undefined when it is not known here. */
  locationNames(locationId: string): readonly string[] | undefined;
  /**
   * Position of a location when all are ordered by their path of names (case-insensitive),
   * then id; every unknown location gets the same position after all known ones.
   */
  locationRank(locationId: string): number;
  /** The position `locationRank` gives unknown locations (and `statusOrder` unknown statuses). */
  readonly unknownLocationRank: number;
  readonly unknownStatusOrder: number;
  /** The location and every location below it. */
  locationSubtree(locationId: string): readonly string[];
}

export function createRowContext(
  workflows: readonly Workflow[],
  locations: readonly Location[],
  people: PeopleDirectory = NO_PEOPLE,
): RowContext {
  const statuses = new Map<string, StatusInfo>();
  const order = new Map<string, number>();
  let position = 0;
  for (const workflow of workflows) {
    for (const status of workflow.statuses) {
      statuses.set(`${workflow.id}/${status.id}`, status);
      // The same rank the query language sorts `status` by: first appearance in workflow order.
      if (!order.has(status.id)) order.set(status.id, position);
      position += 1;
    }
  }
  const byId = new Map(locations.map((location) => [location.id, location]));
  const children = new Map<string, string[]>();
  for (const location of locations) {
    if (location.parentId === undefined) continue;
    const siblings = children.get(location.parentId) ?? [];
    siblings.push(location.id);
    children.set(location.parentId, siblings);
  }
  const paths = new Map<string, string[]>();
  function names(locationId: string): string[] | undefined {
    const cached = paths.get(locationId);
    if (cached) return cached;
    if (!byId.has(locationId)) return undefined;
    const path: string[] = [];
    const seen = new Set<string>();
    let current = byId.get(locationId);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      path.unshift(current.name);
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
    paths.set(locationId, path);
    return path;
  }
  const ranked = locations
    .map((location) => ({
      id: location.id,
      key: names(location.id)!.map((name) => name.toLowerCase()),
    }))
    .sort((a, b) => compareNameLists(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranks = new Map(ranked.map((location, rank) => [location.id, rank]));
  return {
    workflows,
    locations,
    people,
    status: (workflowId, statusId) => statuses.get(`${workflowId}/${statusId}`),
    statusOrder: (statusId) => order.get(statusId) ?? position,
    unknownStatusOrder: position,
    locationNames: names,
    locationRank: (locationId) => ranks.get(locationId) ?? locations.length,
    unknownLocationRank: locations.length,
    locationSubtree(locationId) {
      const found: string[] = [];
      const stack = [locationId];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        found.push(id);
        stack.push(...(children.get(id) ?? []));
      }
      return found;
    },
  };
}

/** Lists of names in order, as the query language orders location paths (by UTF-16 units). */
function compareNameLists(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function sameMark(a: EscalationMark | undefined, b: EscalationMark | undefined): boolean {
  return (
    a === b ||
    (a !== undefined &&
      b !== undefined &&
      a.count === b.count &&
      a.latestRuleName === b.latestRuleName &&
      a.latestLevel === b.latestLevel &&
      a.latestFiredAt === b.latestFiredAt)
  );
}

/**
 * The escalation marks by issue id. Marks equal to those in `previous` are returned as the same
 * objects, so rows of issues whose escalations did not change are kept.
 */
export function escalationMarks(
  records: readonly Pick<EscalationRecord, 'issueId' | 'ruleName' | 'level' | 'firedAt'>[],
  previous?: ReadonlyMap<string, EscalationMark>,
): Map<string, EscalationMark> {
  const marks = new Map<string, EscalationMark>();
  for (const record of records) {
    // A clock start (level 0) is recorded like a level, but nothing escalated.
    if (isClockStart(record)) continue;
    const mark = marks.get(record.issueId);
    if (!mark) {
      marks.set(record.issueId, {
        count: 1,
        latestRuleName: record.ruleName,
        latestLevel: record.level,
        latestFiredAt: record.firedAt,
      });
      continue;
    }
    mark.count += 1;
    if (record.firedAt >= mark.latestFiredAt) {
      mark.latestRuleName = record.ruleName;
      mark.latestLevel = record.level;
      mark.latestFiredAt = record.firedAt;
    }
  }
  if (previous) {
    for (const [issueId, mark] of marks) {
      const before = previous.get(issueId);
      if (before && sameMark(before, mark)) marks.set(issueId, before);
    }
  }
  return marks;
}

export function deriveIssueRow(
  issue: Issue,
  context: RowContext,
  escalation: EscalationMark | undefined,
  locationPath: (locationId: string) => string = (id) => pathOr(context.locationNames(id), id),
): IssueRow {
  const status = context.status(issue.workflowId, issue.status);
  return {
    id: issue.id,
    issue,
    title: issue.title,
    type: issue.type,
    priority: issue.priority,
    priorityRank: priorityRank(issue.priority),
    severity: issue.severity,
    // A status or location not known locally yet (still syncing) shows by its id.
    statusName: status?.name ?? issue.status,
    statusCategory: status?.category,
    statusOrder: context.statusOrder(issue.status),
    locationId: issue.locationId,
    locationPath: locationPath(issue.locationId),
    locationRank: context.locationRank(issue.locationId),
    locationKnown: context.locationRank(issue.locationId) !== context.unknownLocationRank,
    assignee: issue.assignee ? context.people.nameOf(issue.assignee) : '',
    reporter: context.people.nameOf(issue.reporter),
    reportedAt: issue.reportedAt,
    updatedAt: issue.updatedAt,
    escalation,
  };
}

const searchTexts = new WeakMap<IssueRow, string>();

/**
 * The lower-cased text the table's search looks in: title, description, status, location,
 * assignee and reporter. Computed on the first search, then kept with the row.
 */
export function searchTextOf(row: IssueRow): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    text = [
      row.title,
      row.issue.description,
      row.statusName,
      row.locationPath,
      row.assignee,
      row.reporter,
    ]
      .join('\n')
      .toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}

/**
 * Derives rows for successive lists of issues against one context, reusing the row of every
 * issue whose stored object and escalation mark are unchanged since the previous list.
 */
export class IssueRowCache {
  /** Rows by the stored issue object they were derived from. */
  private readonly rowsByIssue = new WeakMap<Issue, IssueRow>();
  private readonly paths = new Map<string, string>();

  constructor(readonly context: RowContext) {}

  private locationPath = (locationId: string): string => {
    let path = this.paths.get(locationId);
    if (path === undefined) {
      path = pathOr(this.context.locationNames(locationId), locationId);
      this.paths.set(locationId, path);
    }
    return path;
  };

  rows(
    issues: readonly Issue[],
    marks: ReadonlyMap<string, EscalationMark> = new Map(),
  ): IssueRow[] {
    const rows: IssueRow[] = new Array<IssueRow>(issues.length);
    for (let i = 0; i < issues.length; i++) {
      const issue = issues[i]!;
      const mark = marks.size === 0 ? undefined : marks.get(issue.id);
      let row = this.rowsByIssue.get(issue);
      if (!row || row.escalation !== mark) {
        row = deriveIssueRow(issue, this.context, mark, this.locationPath);
        this.rowsByIssue.set(issue, row);
      }
      rows[i] = row;
    }
    return rows;
  }
}

export type ChipColor = 'default' | 'info' | 'success' | 'warning' | 'error';

export function statusColor(category: StatusCategory | undefined): ChipColor {
  switch (category) {
    case 'todo':
      return 'default';
    case 'in-progress':
      return 'info';
    case 'done':
      return 'success';
    case undefined:
      return 'default';
  }
}

export function priorityColor(priority: Priority): ChipColor {
  const rank = priorityRank(priority);
  if (rank >= priorityRank('Critical')) return 'error';
  if (rank >= priorityRank('High')) return 'warning';
  if (rank >= priorityRank('Medium')) return 'info';
  return 'default';
}

export const ISSUE_TYPE_LABELS: Record<IssueType, string> = {
  breakdown: 'Breakdown',
  safety: 'Safety',
  quality: 'Quality',
  maintenance: 'Maintenance',
  other: 'Other',
};

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDateTime(time: number): string {
  return dateTimeFormat.format(time);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local date and time as `2026-11-02 08:30`: what spreadsheets read as a date. */
export function formatSortableDateTime(time: number): string {
  const date = new Date(time);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
