/**
 * The escalation rule: data that says which issues it watches (scope), how its clock runs
 * (start, stop, pause, calendar), what happens after how long (ordered levels of actions),
 * and whether the ladder repeats. One model covers PagerDuty escalation policies (levels,
 * repeat, stop on acknowledge), Opsgenie escalations (notify/assign steps measured from the
 * alert or from the previous step, repeat of the last step or all steps) and Jira Service
 * Management SLAs (start/stop/pause conditions, business-hours calendars, cycles on reopen).
 *
 * Rules are versioned: every save writes a new, immutable version (`version` + 1). The version
 * in force when an issue's clock starts is the one that escalates that issue's cycle, so an
 * edit never changes an escalation already under way (see `versions.ts`).
 */
import type { IssueType, Priority, Role, Severity, StatusCategory } from '../domain';

/** Which issues a rule watches. Every list that is empty means "any"; all conditions must hold. */
export interface EscalationScope {
  priorities: Priority[];
  types: IssueType[];
  /** Issues of at least this severity (5 is the most severe). */
  minSeverity?: Severity;
  /** The issue's location is one of these or lies below one of them (site → area → line). */
  locationIds: string[];
  /** The issue is currently in one of these statuses. */
  statuses: string[];
  /**
   * A query in the app's query language (shared/query). The engine does not parse it: the
   * caller passes a matcher (`EvaluateInput.matchesQuery`) that may cache compiled queries.
   */
  query?: string;
}

export const CLOCK_START_EVENTS = ['created', 'status', 'scope'] as const;
export type ClockStartEvent = (typeof CLOCK_START_EVENTS)[number];

/**
 * When the clock of a cycle starts:
 * - `created`: when the cycle begins (the issue is created, or reopened);
 * - `status`: the first time within the cycle the issue is in one of the listed statuses;
 * - `scope`: when the issue first comes into the rule's scope within the cycle (raised to
 *   Critical, moved to a line the rule watches…), so a rule keyed on priority counts from the
 *   raise, not from the creation. The scheduler records that instant (a clock-start record,
 *   level 0, see records.ts) when it first sees the issue in scope, so that every device and
 *   every restart counts from the same instant, and with the version then in force.
 */
export type ClockStart = { on: 'created' } | { on: 'status'; statuses: string[] } | { on: 'scope' };

export const CLOCK_STOP_EVENTS = ['acknowledged', 'resolved', 'category', 'status'] as const;
export type ClockStopEvent = (typeof CLOCK_STOP_EVENTS)[number];

/**
 * A condition that stops the clock for the rest of the cycle, once it holds at or after the
 * clock's start:
 * - `acknowledged`: the issue leaves the todo category within the cycle (e.g. New → In
 *   Progress), or its `acknowledgedAt` falls within the cycle;
 * - `resolved`: the issue enters a done-category status, or its `resolvedAt` falls within the
 *   cycle;
 * - `category` / `status`: the issue is in a status of one of the categories / listed statuses.
 */
export type ClockStop =
  | { on: 'acknowledged' }
  | { on: 'resolved' }
  | { on: 'category'; categories: StatusCategory[] }
  | { on: 'status'; statuses: string[] };

export const CLOCK_CALENDARS = ['24x7', 'business-hours'] as const;
/** `business-hours`: the clock only runs within the business hours of the issue's location. */
export type ClockCalendar = (typeof CLOCK_CALENDARS)[number];

export interface EscalationClock {
  start: ClockStart;
  /** Any one of them stops the clock; at least one is required. */
  stop: ClockStop[];
  /** The clock does not run while the issue is in one of these statuses. */
  pauseStatuses: string[];
  calendar: ClockCalendar;
}

export const LEVEL_DELAY_ORIGINS = ['clock-start', 'previous-level'] as const;
/**
 * What a level's delay is measured from, in clock minutes (running time, within the calendar):
 * the clock's start, or the moment the previous level came due (its scheduled time, not the
 * moment it was actually fired). For the first level both mean the clock's start.
 */
export type LevelDelayOrigin = (typeof LEVEL_DELAY_ORIGINS)[number];

export interface EscalationLevel {
  delayMinutes: number;
  from: LevelDelayOrigin;
  /** May be empty: the level then only marks a target (an SLA goal) in the issue's timeline. */
  actions: EscalationAction[];
}

export const REPEAT_MODES = ['last-level', 'all-levels'] as const;
export type RepeatMode = (typeof REPEAT_MODES)[number];

/**
 * After the last level, more passes follow, `count` of them, each starting `intervalMinutes`
 * clock minutes after the previous pass's last level: with `last-level` a pass is the last
 * level alone (due at the pass's start); with `all-levels` it is the whole ladder again, each
 * level keeping its delay from the pass's start. Repeats stop with the clock.
 */
export interface EscalationRepeat {
  count: number;
  intervalMinutes: number;
  mode: RepeatMode;
}

export const NOTIFY_RECIPIENT_KINDS = ['assignee', 'reporter', 'role', 'user'] as const;
export type NotifyRecipientKind = (typeof NOTIFY_RECIPIENT_KINDS)[number];

export type NotifyRecipient =
  | { kind: 'assignee' }
  | { kind: 'reporter' }
  | { kind: 'role'; role: Role }
  | { kind: 'user'; userId: string };

/**
 * Target → template. A target is a key of the payload, dotted for nesting
 * (`maintenanceIssue.title`, `priority.name`). A template is text with `{field}` placeholders
 * (`{title}`, `{cf.line}`, `{escalation.level}`); a template that is exactly one placeholder
 * keeps the value's own type (a number stays a number). See `field-mapping.ts`.
 */
export type FieldMapping = Record<string, string>;

export const ESCALATION_ACTION_TYPES = [
  'notify',
  'raise-priority',
  'set-severity',
  'assign',
  'comment',
  'start-bpa-workflow',
  'jira-issue',
] as const;
export type EscalationActionType = (typeof ESCALATION_ACTION_TYPES)[number];

export type EscalationAction =
  /** A desktop notification (and tray alert) for the recipients. */
  | { type: 'notify'; recipients: NotifyRecipient[]; message?: string }
  /** One step up in PRIORITIES, or up to `to`; never lowers the priority. */
  | { type: 'raise-priority'; to?: Priority }
  | { type: 'set-severity'; severity: Severity }
  | { type: 'assign'; assignee: string }
  /** A comment on the issue; `body` is a template like a field mapping's. */
  | { type: 'comment'; body: string }
  /** Starts an SAP Build Process Automation workflow (run by the sync server). */
  | { type: 'start-bpa-workflow'; definitionId: string; context: FieldMapping }
  /** Creates the issue's Jira issue, or updates it when one exists (run by the sync server). */
  | { type: 'jira-issue'; projectKey: string; issueType: string; fields: FieldMapping };

/** Actions that reach another system: the sync server runs them, exactly once per escalation. */
export const EXTERNAL_ACTION_TYPES: readonly EscalationActionType[] = [
  'start-bpa-workflow',
  'jira-issue',
];

export function isExternalAction(action: EscalationAction): boolean {
  return action.type === 'start-bpa-workflow' || action.type === 'jira-issue';
}

/** What a person edits. */
export interface EscalationRuleDraft {
  name: string;
  description: string;
  enabled: boolean;
  scope: EscalationScope;
  clock: EscalationClock;
  /** Ordered: each level comes due no earlier than the one before it. At least one. */
  levels: EscalationLevel[];
  repeat?: EscalationRepeat;
}

/** One saved version of a rule. Versions are immutable; an edit saves version + 1. */
export interface EscalationRule extends EscalationRuleDraft {
  id: string;
  /** 1 for the first save, incremented by every edit. */
  version: number;
  /** When this version was saved: it is in force from then until the next version's save. */
  updatedAt: number;
  updatedBy: string;
}

/**
 * The limits of a rule, shared by its validation (rule-validation.ts) and the stored schemas
 * (escalation-rule.schema.ts, escalation.schema.ts), so that the two never disagree.
 */
export const RULE_NAME_MAX = 100;
export const RULE_DESCRIPTION_MAX = 1000;
export const RULE_VERSION_MAX = 1_000_000_000;
export const LEVELS_MAX = 20;
export const STOP_CONDITIONS_MAX = 10;
export const ACTIONS_PER_LEVEL_MAX = 10;
export const RECIPIENTS_MAX = 20;
export const REPEAT_COUNT_MAX = 100;
/** One year: a delay or interval longer than that is a mistake, not a rule. */
export const DELAY_MINUTES_MAX = 525_600;
export const SCOPE_LIST_MAX = 200;
export const QUERY_MAX = 2000;
export const MESSAGE_MAX = 1000;
export const COMMENT_TEMPLATE_MAX = 5000;
export const MAPPING_ENTRIES_MAX = 50;
export const MAPPING_TARGET_MAX = 100;
export const TEMPLATE_MAX = 2000;
export const BPA_DEFINITION_ID_MAX = 64;
export const JIRA_PROJECT_KEY_MAX = 10;
export const JIRA_PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{1,9}$/;
export const JIRA_ISSUE_TYPE_MAX = 60;
