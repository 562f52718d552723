/**
 * The issue: something a technician reported at a plant location. Timestamps are epoch
 * milliseconds (sortable, indexable); ids are opaque strings chosen by the core.
 */

export const ISSUE_TYPES = ['breakdown', 'safety', 'quality', 'maintenance', 'other'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

/** Ordered from least to most urgent: the index is the rank used for sorting. */
export const PRIORITIES = ['Lowest', 'Low', 'Medium', 'High', 'Critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 5;
export type Severity = 1 | 2 | 3 | 4 | 5;

export const TITLE_MAX = 100;
export const DESCRIPTION_MAX = 1000;
export const RESOLUTION_COMMENT_MAX = 1000;
export const COMMENT_MAX = 5000;
export const ID_MAX = 64;
export const NAME_MAX = 100;
/** Upper bound for epoch-millisecond fields: year 5138, far beyond any real timestamp. */
export const TIME_MAX = 100_000_000_000_000;

export type CustomFieldValue = string | number | boolean;

export interface Issue {
  id: string;
  title: string;
  description: string;
  type: IssueType;
  priority: Priority;
  severity: Severity;
  locationId: string;
  workflowId: string;
  status: string;
  assignee?: string;
  reporter: string;
  reportedAt: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  resolutionComment?: string;
  customFields: Record<string, CustomFieldValue>;
  /** Incremented by every accepted change; a human-readable edit counter. */
  version: number;
  updatedAt: number;
  updatedBy: string;
  updatedOnDevice: string;
}

/** What a reporter supplies; the core fills in the rest. */
export interface NewIssueInput {
  title: string;
  description?: string;
  type: IssueType;
  priority: Priority;
  severity: Severity;
  locationId: string;
  assignee?: string;
  customFields?: Record<string, CustomFieldValue>;
  /** Defaults to the default workflow. */
  workflowId?: string;
}

/** Fields editable outside of workflow transitions. `null` clears an optional field. */
export interface IssuePatch {
  title?: string;
  description?: string;
  type?: IssueType;
  priority?: Priority;
  severity?: Severity;
  locationId?: string;
  assignee?: string | null;
  customFields?: Record<string, CustomFieldValue>;
}

export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
