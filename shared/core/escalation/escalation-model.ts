/**
 * The escalation scheduler's memory: every issue with its status timeline, fired levels and
 * snooze, every rule with its versions, the locations and workflows, and a priority queue of
 * wake-up times. Pure and synchronous (no database, no timers): the scheduler feeds it the
 * changes it sees, and the benchmark feeds it directly.
 *
 * It is incremental. A change marks only the issues it can affect as dirty; `process(now)`
 * evaluates the dirty issues and those whose wake-up time has come, and nothing else. Rules are
 * indexed by scope: issues that share priority, type, severity, status and location share a
 * bucket, and a bucket holds the rules whose scope (all but the query) takes such an issue in,
 * so an issue is evaluated only against rules that can match it, and a rule change touches
 * only the buckets (and so the issues) it was or is in. A scope query is split at its top-level
 * ANDs: the conditions on the bucket's fields are decided once per bucket, and only the rest
 * (assignee, dates, custom fields…) once per issue.
 */
import type { Issue, IssueEvent, Location, StatusCategory, Workflow } from '../../domain';
import {
  emptySlaFigures,
  evaluate,
  evaluateInto,
  isClockStart,
  locationAncestry,
  resolveLocationCalendar,
  scopeMatches,
  statusChangeOf,
  timelineOfChanges,
  workCalendar,
  type WorkCalendar,
  type CategoryOf,
  type DueLevel,
  type EscalationIssue,
  type EscalationRecord,
  type EscalationRule,
  type EvaluateInput,
  type FiredLevel,
  type EvaluateResult,
  type EvaluationOutput,
  type LocationLookup,
  type SlaFigures,
  type SlaView,
  type StatusChange,
  type StatusEntry,
} from '../../escalation';
import {
  buildPredicate,
  parseQuery,
  predicateMatcher,
  type IssueMatcher,
  type Predicate,
  type QueryContext,
} from '../../query';
import { HeadlineStore } from './headline-store';
import { isActiveClock, isBetterHeadline, type IssueSla } from './issue-sla';
import { WakeQueue, type WakeEntry } from './wake-queue';

/** The issue event field that carries a snooze (see `snooze.ts`). */
export const SNOOZE_FIELD = 'snoozedUntil';

export interface EscalationModelOptions {
  /** How long after its time a fired level counts as late (the engine's default otherwise). */
  lateAfterMs?: number;
  /** Told once per scope query that cannot be used; such a query matches nothing. */
  onQueryProblem?: (query: string, message: string) => void;
}

export interface EscalationModelStats {
  /** Calls of the engine's `evaluate` (one issue against one rule). */
  evaluations: number;
  /** Issues evaluated (against all their candidate rules). */
  issueEvaluations: number;
  /** Passes over every issue (`evaluateAll`). */
  fullEvaluations: number;
}

/** An issue that needs attention, for the tray. */
export interface UrgentIssue {
  issueId: string;
  title: string;
  priority: Issue['priority'];
  overdue: boolean;
  escalated: boolean;
  ruleName: string;
  breachAt: number | null;
  nextLevelAt: number | null;
  snoozedUntil: number | null;
}

/** The SLA headlines that changed since they were last taken. */
export interface SlaChanges {
  /** Every headline may have changed (a full evaluation): read the ones you show again. */
  all: boolean;
  /** Issues whose headline changed (null: it has none any more). */
  changed: ReadonlyMap<string, IssueSla | null>;
}

export interface EscalationSummary {
  /** Issues whose running (or paused) clock has passed its last level. */
  overdue: number;
  /** Issues with a level fired in the current cycle of a clock that has not stopped. */
  escalated: number;
  /** Issues that are overdue, escalated or both. */
  attention: number;
  /** The most urgent of them, most urgent first: overdue ones by breach, then escalated. */
  urgent: UrgentIssue[];
  at: number;
}

interface RuleEntry {
  id: string;
  /** The rule's number in the model (see `FiredList`). */
  number: number;
  /** Oldest first. */
  versions: EscalationRule[];
  newest: EscalationRule;
  /** The newest version's scope query, when it has one. */
  query: string | null;
  /**
   * For rules whose clock starts on entering the scope (some version's): the issue fields the
   * newest scope reads, to tell when the issue came in. Null for other rules.
   */
  scopeFields: readonly ScopeField[] | null;
}

function queryOf(rule: EscalationRule): string | null {
  return hasQuery(rule) ? (rule.scope.query as string) : null;
}

/** The issue fields a scope's lists read (a query may read any field). */
type ScopeField = 'priority' | 'type' | 'severity' | 'locationId' | 'status';
const SCOPE_FIELDS: readonly ScopeField[] = [
  'priority',
  'type',
  'severity',
  'locationId',
  'status',
];

function scopeFieldsOf(versions: readonly EscalationRule[]): readonly ScopeField[] | null {
  if (!versions.some((v) => v.clock.start.on === 'scope')) return null;
  const { scope } = versions[versions.length - 1] as EscalationRule;
  const fields: ScopeField[] = [];
  if (scope.priorities.length > 0) fields.push('priority');
  if (scope.types.length > 0) fields.push('type');
  if (scope.minSeverity !== undefined) fields.push('severity');
  if (scope.locationIds.length > 0) fields.push('locationId');
  if (scope.statuses.length > 0) fields.push('status');
  return fields;
}

/** The latest change of an issue field the history tells of: when, and to what. */
interface FieldChange {
  at: number;
  to: unknown;
}

interface Bucket {
  key: string;
  /** What the bucket's issues share, as an issue for `scopeMatches`. */
  probe: EscalationIssue;
  /** The rules that can match issues of this bucket, in rule id order. */
  rules: RuleEntry[];
  hasQueryRule: boolean;
  issues: Set<TrackedIssue>;
  /** The location's ancestry and calendar, kept until the locations change. */
  path: readonly string[] | null;
  calendar: WorkCalendar | null;
}

/** A scope query resolved for the index: what a bucket decides, and what is left per issue. */
interface QueryShape {
  /** The conditions on bucket fields (true when there are none). */
  bucket: IssueMatcher;
  /** The whole query; null when the bucket decides all. */
  issue: IssueMatcher | null;
  /** The conditions the bucket cannot decide; null when there are none. */
  rest: IssueMatcher | null;
}

/** The issue fields a bucket shares (the paths of the query language's predicates). */
const BUCKET_FIELDS = new Set(['priority', 'type', 'severity', 'status', 'locationId']);

function onBucketFields(predicate: Predicate): boolean {
  switch (predicate.kind) {
    case 'and':
    case 'or':
      return predicate.items.every(onBucketFields);
    case 'not':
      return onBucketFields(predicate.item);
    default:
      return BUCKET_FIELDS.has(predicate.path);
  }
}

/**
 * A status change of the issue's history, and the event that made it (to take an event once).
 * Kept flat, one small object per change: the timeline is built from these on every full
 * evaluation, and an event's own change list is a larger object elsewhere in memory.
 */
interface StatusEvent extends StatusChange {
  id: string;
}

interface Snooze {
  id: string;
  at: number;
  until: number;
}

/**
 * What the model keeps of a fired level's record: what the engine reads, and its id. A copy
 * of one shape, made as the record arrives: the records themselves are large documents of
 * varied shapes, read field by field for every evaluation of their issue and rule.
 */
interface FiredEntry {
  readonly id: string;
  readonly cycle: number;
  readonly level: number;
  readonly repeat: number;
  readonly ruleVersion: number;
  readonly dueAt: number;
}

function firedEntry(record: EscalationRecord): FiredEntry {
  return {
    id: record.id,
    cycle: record.cycle,
    level: record.level,
    repeat: record.repeat,
    ruleVersion: record.ruleVersion,
    dueAt: record.dueAt,
  };
}

/**
 * The fired levels of one issue for one rule. An issue holds a short list of them (the rules
 * that fired for it), found by the rule's number in the model (`ruleNumber`): comparing small
 * whole numbers, with no map per issue.
 */
interface FiredList {
  readonly rule: number;
  readonly levels: FiredEntry[];
}

function firedOf(lists: readonly FiredList[] | null, rule: number): readonly FiredEntry[] {
  if (lists === null) return NONE;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as FiredList;
    if (list.rule === rule) return list.levels;
  }
  return NONE;
}

interface TrackedIssue extends WakeEntry {
  id: string;
  issue: Issue | null;
  /** The revision height of `issue`, to ignore an older copy that arrives late. */
  rev: number;
  /** The status changes of its history, as they arrived. */
  statusEvents: StatusEvent[];
  /** The latest change of each scope field (but the status) the history tells of. */
  fieldChanges: Map<ScopeField, FieldChange> | null;
  snooze: Snooze | null;
  fired: FiredList[] | null;
  history: StatusEntry[] | null;
  bucket: Bucket | null;
  /** Its place in the model's headline store. */
  slot: number;
  overdue: boolean;
  escalated: boolean;
  /** Its place in the model's list of issues that need attention; -1 when not in it. */
  attentionIndex: number;
}

const NONE: readonly FiredEntry[] = Object.freeze([]);
const NO_DUE: DueLevel[] = [];
const MATCH_ALL = (): boolean => true;
/** The scope index has decided the scope: the engine need not ask again. */
const SCOPE_CHECKED = { scopeChecked: true } as const;
const NEVER = (): boolean => false;
/** The categories of an unknown workflow: none (its statuses count as todo). */
const NO_CATEGORY: CategoryOf = () => undefined;
/** Relative dates in scope queries are re-resolved at least this often. */
const QUERY_CONTEXT_TTL_MS = 60_000;

function revisionHeight(doc: unknown): number {
  const rev = (doc as { _rev?: unknown })._rev;
  if (typeof rev !== 'string') return 0;
  const height = Number.parseInt(rev, 10);
  return Number.isFinite(height) ? height : 0;
}

function bucketKey(issue: Issue): string {
  return `${issue.priority}\u0001${issue.type}\u0001${issue.severity}\u0001${issue.status}\u0001${issue.locationId}`;
}

export class EscalationModel {
  readonly stats: EscalationModelStats = {
    evaluations: 0,
    issueEvaluations: 0,
    fullEvaluations: 0,
  };
  private readonly onQueryProblem: ((query: string, message: string) => void) | undefined;

  private readonly issues = new Map<string, TrackedIssue>();
  private readonly rules = new Map<string, RuleEntry>();
  /** A number per rule id, given when the id is first seen (rule or fired level). */
  private readonly ruleNumbers = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly locations = new Map<string, Location>();
  private readonly workflows = new Map<string, Workflow>();
  private readonly categories = new Map<string, Map<string, StatusCategory>>();
  /** Per workflow, its statuses' categories as the timeline builder asks for them. */
  private readonly categoryOfs = new Map<string, CategoryOf>();
  private readonly queue = new WakeQueue<TrackedIssue>();
  private readonly dirty = new Set<TrackedIssue>();
  private allDirty = false;
  /** During a full evaluation: the wake-ups, built into the queue at the end. */
  private bulkWakes: { issues: TrackedIssue[]; times: number[] } | null = null;
  /** A full evaluation in slices: where it is, and the wake-ups so far. */
  private fullPass: {
    /** The issues when the pass began, and how far it is through them. */
    all: TrackedIssue[];
    next: number;
    issues: TrackedIssue[];
    times: number[];
  } | null = null;
  /** Issues that are overdue or escalated (each knows its index: no hashing). */
  private readonly attention: TrackedIssue[] = [];
  private overdueCount = 0;
  private escalatedCount = 0;
  private slaChanges = new Map<string, IssueSla | null>();
  /** Every issue's headline, kept without an object per issue. */
  private readonly headlines = new HeadlineStore();
  /** A full evaluation changed (or may have changed) every headline: no list is kept. */
  private slaChangedAll = false;

  private readonly ancestries = new Map<string, readonly string[]>();
  /** Compiled working-time calendars by location: the engine takes them as they are. */
  private readonly calendars = new Map<string, WorkCalendar>();
  private readonly shapes = new Map<string, QueryShape>();
  private readonly reportedQueries = new Set<string>();
  private matcherNow = -Infinity;
  private now = 0;
  /** The engine's input, reused from call to call (the engine keeps no reference to it). */
  private readonly input: EvaluateInput<Issue>;
  private readonly checkQuery = (query: string, issue: Issue): boolean =>
    this.matchesQuery(query, issue);
  /** The engine's output, reused from rule to rule; its SLA view is one of `views`. */
  private readonly output: EvaluationOutput = {
    due: [],
    nextWakeAt: Infinity,
    sla: emptySlaFigures(),
  };
  private readonly creationEntry: [StatusEntry] = [{ at: 0, status: '', category: 'todo' }];
  /** Two SLA views in turn: the best headline so far, and the one being evaluated. */
  private readonly views: readonly [SlaFigures, SlaFigures] = [
    emptySlaFigures(),
    emptySlaFigures(),
  ];

  constructor(options: EscalationModelOptions = {}) {
    this.onQueryProblem = options.onQueryProblem;
    this.input = {
      issue: null as unknown as Issue,
      history: [],
      rule: [],
      fired: [],
      snoozedUntil: undefined,
      calendar: null,
      now: 0,
      matchesQuery: MATCH_ALL,
      locationPath: [],
      lateAfterMs: options.lateAfterMs,
      scopeEnteredAt: undefined,
    };
  }

  // -------------------------------------------------------------------------------------
  // Changes

  /** Adds a stored rule version (versions are immutable: a known one is ignored). */
  addRuleVersion(rule: EscalationRule): void {
    let entry = this.rules.get(rule.id);
    if (entry?.versions.some((v) => v.version === rule.version)) return;
    if (entry === undefined) {
      entry = {
        id: rule.id,
        number: this.ruleNumber(rule.id),
        versions: [rule],
        newest: rule,
        query: queryOf(rule),
        scopeFields: scopeFieldsOf([rule]),
      };
      this.rules.set(rule.id, entry);
    } else {
      entry.versions = [...entry.versions, rule].sort((a, b) => a.version - b.version);
      entry.newest = entry.versions[entry.versions.length - 1] as EscalationRule;
      entry.query = queryOf(entry.newest);
      entry.scopeFields = scopeFieldsOf(entry.versions);
    }
    for (const bucket of this.buckets.values()) {
      const index = bucket.rules.indexOf(entry);
      const fits = this.fits(entry, bucket);
      if (index >= 0 && !fits) bucket.rules.splice(index, 1);
      else if (index < 0 && fits) insertRule(bucket.rules, entry);
      if (index >= 0 || fits) {
        bucket.hasQueryRule = bucket.rules.some((r) => hasQuery(r.newest));
        this.markBucket(bucket);
      }
    }
  }

  upsertLocation(location: Location): void {
    const before = this.locations.get(location.id);
    this.locations.set(location.id, location);
    const structural =
      before === undefined ||
      before.parentId !== location.parentId ||
      before.timeZone !== location.timeZone ||
      before.calendar !== location.calendar;
    this.locationsChanged(location.id, structural);
  }

  removeLocation(locationId: string): void {
    if (this.locations.delete(locationId)) this.locationsChanged(locationId, true);
  }

  upsertWorkflow(workflow: Workflow): void {
    this.workflows.set(workflow.id, workflow);
    const categories = new Map(workflow.statuses.map((s) => [s.id, s.category]));
    const before = this.categories.get(workflow.id);
    this.categories.set(workflow.id, categories);
    this.categoryOfs.set(workflow.id, (status) => categories.get(status));
    this.contextChanged(false);
    if (before === undefined || !sameCategories(before, categories)) {
      // Rare (a workflow edit): rebuild the timelines of that workflow's issues.
      for (const tracked of this.issues.values()) {
        if (tracked.issue?.workflowId !== workflow.id) continue;
        tracked.history = null;
        this.dirty.add(tracked);
      }
    }
  }

  /** Adds or replaces an issue; an older revision than the one held is ignored. */
  upsertIssue(issue: Issue): void {
    const tracked = this.track(issue.id);
    const rev = revisionHeight(issue);
    if (tracked.issue !== null && rev > 0 && rev < tracked.rev) return;
    tracked.issue = issue;
    tracked.rev = rev;
    tracked.history = null;
    const key = bucketKey(issue);
    if (tracked.bucket?.key !== key) {
      tracked.bucket?.issues.delete(tracked);
      tracked.bucket = this.bucket(key, issue);
      tracked.bucket.issues.add(tracked);
    }
    this.dirty.add(tracked);
  }

  removeIssue(issueId: string): void {
    const tracked = this.issues.get(issueId);
    if (tracked === undefined) return;
    tracked.bucket?.issues.delete(tracked);
    this.clearHeadline(tracked);
    this.queue.delete(tracked);
    this.dirty.delete(tracked);
    this.issues.delete(issueId);
    // A full evaluation under way may still hold it: evaluated again, it has nothing.
    tracked.issue = null;
    tracked.bucket = null;
  }

  /**
   * Takes what matters of an issue event: status changes (the clock's timeline) and snoozes.
   * Returns whether it mattered.
   */
  addIssueEvent(event: IssueEvent): boolean {
    let status: StatusChange[] | undefined;
    let snoozedUntil: number | undefined;
    let fields: IssueEvent['changes'] | undefined;
    for (const change of event.changes) {
      const statusChange = statusChangeOf(event.at, change);
      if (statusChange !== null) {
        (status ??= []).push(statusChange);
      } else if (change.field === SNOOZE_FIELD && typeof change.to === 'number') {
        snoozedUntil = change.to;
      } else if (isScopeField(change.field)) {
        (fields ??= []).push(change);
      }
    }
    if (status === undefined && snoozedUntil === undefined && fields === undefined) return false;
    const tracked = this.track(event.issueId);
    if (fields !== undefined) {
      // When the issue came into a rule's scope: only its latest change of each field counts.
      // Nothing to evaluate again: the issue's own change brings the evaluation.
      tracked.fieldChanges ??= new Map();
      for (const change of fields) {
        const field = change.field as ScopeField;
        const known = tracked.fieldChanges.get(field);
        if (known === undefined || event.at >= known.at) {
          tracked.fieldChanges.set(field, { at: event.at, to: change.to });
        }
      }
      if (status === undefined && snoozedUntil === undefined) return false;
    }
    if (status !== undefined) {
      if (tracked.statusEvents.some((e) => e.id === event.id)) return false;
      for (const { at, from, to } of status)
        tracked.statusEvents.push({ id: event.id, at, from, to });
      tracked.history = null;
    }
    if (snoozedUntil !== undefined) {
      const current = tracked.snooze;
      // The latest decision wins (by time, then id), the same on every device.
      if (
        current === null ||
        event.at > current.at ||
        (event.at === current.at && event.id > current.id)
      ) {
        tracked.snooze = { id: event.id, at: event.at, until: snoozedUntil };
      }
    }
    this.dirty.add(tracked);
    return true;
  }

  /**
   * Records a fired level. A level this device just fired changes nothing the evaluation
   * has not already accounted for, so pass `reevaluate: false` for those.
   */
  addFired(record: EscalationRecord, reevaluate = true): void {
    const tracked = this.track(record.issueId);
    const rule = this.ruleNumber(record.ruleId);
    const lists = (tracked.fired ??= []);
    let list: FiredEntry[] | undefined;
    for (let i = 0; i < lists.length && list === undefined; i++) {
      if ((lists[i] as FiredList).rule === rule) list = (lists[i] as FiredList).levels;
    }
    const index = list === undefined ? -1 : list.findIndex((r) => r.id === record.id);
    if (list !== undefined && index >= 0) {
      // The same record as another device wrote it, kept by the server instead of ours: a
      // clock start and a version are the ones every device goes by.
      const known = list[index] as FiredEntry;
      const sameStart = !isClockStart(record) || known.dueAt === record.dueAt;
      if (sameStart && known.ruleVersion === record.ruleVersion) return;
      list[index] = firedEntry(record);
      this.dirty.add(tracked);
      return;
    }
    if (list === undefined) lists.push({ rule, levels: [firedEntry(record)] });
    else list.push(firedEntry(record));
    if (reevaluate) this.dirty.add(tracked);
  }

  /** Whether the level of this escalation id is known to be fired. */
  isFired(issueId: string, ruleId: string, escalationId: string): boolean {
    const tracked = this.issues.get(issueId);
    const rule = this.ruleNumbers.get(ruleId);
    if (tracked === undefined || rule === undefined) return false;
    return firedOf(tracked.fired, rule).some((r) => r.id === escalationId);
  }

  // -------------------------------------------------------------------------------------
  // Evaluation

  /** Marks every issue for evaluation at the next `process` (a cold start). */
  markAllDirty(): void {
    this.allDirty = true;
  }

  get hasDirty(): boolean {
    return this.allDirty || this.fullPass !== null || this.dirty.size > 0;
  }

  /** A full evaluation is under way in slices (`process(now, slice)`): the queue is not built. */
  get evaluatingAll(): boolean {
    return this.allDirty || this.fullPass !== null;
  }

  /**
   * Evaluates the dirty issues and those whose wake-up time has come, and returns the levels
   * due now, in order (by issue, then rule, then level). The caller fires them and reports
   * the records back with `addFired`. A full evaluation (`markAllDirty`) goes over at most
   * `slice` issues per call, so a caller can let other work in between; `evaluatingAll` says
   * it is not finished, and the queue is built when it is.
   */
  process(now: number, slice = Infinity): DueLevel[] {
    this.now = now;
    const due: DueLevel[] = [];
    if (this.allDirty) {
      this.allDirty = false;
      this.dirty.clear();
      this.stats.fullEvaluations++;
      // Every wake-up is new: collect them and build the heap at once (O(n), not O(n log n)).
      this.queue.clear();
      // A plain array: no iterator result per issue. An issue added meanwhile is dirty and
      // evaluated after the pass; one removed meanwhile is skipped.
      this.fullPass = { all: [...this.issues.values()], next: 0, issues: [], times: [] };
    }
    const pass = this.fullPass;
    if (pass !== null) {
      this.bulkWakes = pass;
      try {
        const { all } = pass;
        for (let n = 0; pass.next < all.length; n++) {
          if (n >= slice) return due;
          const tracked = all[pass.next++] as TrackedIssue;
          if (tracked.issue === null && this.issues.get(tracked.id) !== tracked) continue;
          this.evaluateIssue(tracked, now, due);
        }
        this.queue.adopt(pass.issues, pass.times);
        this.fullPass = null;
      } finally {
        this.bulkWakes = null;
      }
      // What changed during the pass is evaluated again below, with the queue complete.
    }
    for (const tracked of this.queue.popDue(now)) this.dirty.add(tracked);
    for (const tracked of this.dirty) this.evaluateIssue(tracked, now, due);
    this.dirty.clear();
    return due;
  }

  /** The earliest wake-up time of any issue; Infinity when none. */
  nextWakeAt(): number {
    return this.queue.peekTime();
  }

  /** The wake-up time of one issue, if it has one. */
  wakeOf(issueId: string): number | undefined {
    const tracked = this.issues.get(issueId);
    return tracked === undefined ? undefined : this.queue.timeOf(tracked);
  }

  issue(issueId: string): Issue | undefined {
    return this.issues.get(issueId)?.issue ?? undefined;
  }

  /** The issue's status timeline, as the engine reads it. */
  historyOf(issueId: string): readonly StatusEntry[] | undefined {
    const tracked = this.issues.get(issueId);
    if (tracked?.issue == null) return undefined;
    return (tracked.history ??= this.buildHistory(tracked, tracked.issue));
  }

  snoozedUntil(issueId: string): number | null {
    return this.issues.get(issueId)?.snooze?.until ?? null;
  }

  /** The newest version of a rule. */
  rule(ruleId: string): EscalationRule | undefined {
    return this.rules.get(ruleId)?.newest;
  }

  ruleVersions(ruleId: string): readonly EscalationRule[] {
    return this.rules.get(ruleId)?.versions ?? [];
  }

  /** The issue's SLA as of its last evaluation; null when no rule applies to it. */
  slaOf(issueId: string): IssueSla | null {
    const tracked = this.issues.get(issueId);
    return tracked === undefined ? null : this.headlines.get(tracked.slot, issueId);
  }

  get issueCount(): number {
    return this.issues.size;
  }

  get ruleCount(): number {
    return this.rules.size;
  }

  get bucketCount(): number {
    return this.buckets.size;
  }

  /** The headlines that changed since the last call (null: the issue has none any more). */
  takeSlaChanges(): SlaChanges {
    const changes: SlaChanges = { all: this.slaChangedAll, changed: this.slaChanges };
    this.slaChanges = new Map();
    this.slaChangedAll = false;
    return changes;
  }

  /** Counts for the tray, and the `limit` most urgent issues. */
  summary(now: number, limit = 5): EscalationSummary {
    const top: TrackedIssue[] = [];
    const compare = this.compareUrgency;
    for (const tracked of this.attention) {
      if (top.length < limit) {
        top.push(tracked);
        if (top.length === limit) top.sort(compare);
        continue;
      }
      if (limit > 0 && compare(tracked, top[limit - 1] as TrackedIssue) < 0) {
        top[limit - 1] = tracked;
        top.sort(compare);
      }
    }
    top.sort(compare);
    return {
      overdue: this.overdueCount,
      escalated: this.escalatedCount,
      attention: this.attention.length,
      urgent: top.map((tracked) => this.urgentIssue(tracked, now)),
      at: now,
    };
  }

  private urgencyOf(tracked: TrackedIssue): number {
    const { headlines } = this;
    return headlines.breachAt(tracked.slot) ?? headlines.nextLevelAt(tracked.slot) ?? Infinity;
  }

  /** Overdue before escalated; then the earlier breach (or next level); then priority; id. */
  private readonly compareUrgency = (a: TrackedIssue, b: TrackedIssue): number => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    const ua = this.urgencyOf(a);
    const ub = this.urgencyOf(b);
    if (ua !== ub) return ua < ub ? -1 : 1;
    const pa = PRIORITY_RANK[a.issue?.priority ?? 'Lowest'];
    const pb = PRIORITY_RANK[b.issue?.priority ?? 'Lowest'];
    if (pa !== pb) return pb - pa;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

  private urgentIssue(tracked: TrackedIssue, now: number): UrgentIssue {
    const { headlines } = this;
    const snoozedUntil = tracked.snooze?.until ?? null;
    return {
      issueId: tracked.id,
      title: tracked.issue?.title ?? tracked.id,
      priority: tracked.issue?.priority ?? 'Medium',
      overdue: tracked.overdue,
      escalated: tracked.escalated,
      ruleName: headlines.ruleName(tracked.slot),
      breachAt: headlines.breachAt(tracked.slot),
      nextLevelAt: headlines.nextLevelAt(tracked.slot),
      snoozedUntil: snoozedUntil !== null && snoozedUntil > now ? snoozedUntil : null,
    };
  }

  /**
   * One issue against the rules that can match it: due levels, wake-up, headline. The engine
   * writes into one reused output, and only the headline is kept (in the headline store).
   */
  private evaluateIssue(tracked: TrackedIssue, now: number, due: DueLevel[]): void {
    const issue = tracked.issue;
    const bucket = tracked.bucket;
    this.stats.issueEvaluations++;
    if (issue === null || bucket === null || bucket.rules.length === 0) {
      this.clearHeadline(tracked);
      this.setWake(tracked, Infinity);
      return;
    }
    const snoozedUntil = tracked.snooze?.until;
    let wake = Infinity;
    let bestEntry: RuleEntry | null = null;
    let bestSla: SlaFigures | null = null;
    let overdue = false;
    let escalated = false;
    let activeRules = 0;
    this.prepareInput(tracked, issue, bucket, now);
    const input = this.input;
    const output = this.output;
    output.due = due;
    output.sla = this.views[0];
    let spare = this.views[1];
    const rules = bucket.rules;
    for (let r = 0; r < rules.length; r++) {
      const entry = rules[r] as RuleEntry;
      // The rest of a scope query, decided here: an issue outside it needs no evaluation.
      if (entry.query !== null && !this.matchesRest(entry.query, issue)) continue;
      const fired = firedOf(tracked.fired, entry.number);
      input.rule = entry.versions;
      input.fired = fired;
      input.scopeEnteredAt =
        entry.scopeFields === null
          ? undefined
          : scopeEnteredAt(tracked, issue, entry, input.history, now);
      const dueBefore = due.length;
      this.stats.evaluations++;
      evaluateInto(input, output, SCOPE_CHECKED);
      if (output.nextWakeAt < wake) wake = output.nextWakeAt;
      const sla = output.sla;
      if (sla.state === 'not-applicable' || sla.state === 'not-started') continue;
      if (isActiveClock(sla)) {
        activeRules++;
        // The SLA moves on at its next level and at its breach even when nothing fires then
        // (a snooze deferred it, or the level fired early before a calendar change).
        if (sla.state === 'running') {
          // NaN (none) is neither after now nor before the wake-up.
          const { nextLevelAt, breachAt } = sla;
          if (nextLevelAt > now && nextLevelAt < wake) wake = nextLevelAt;
          if (breachAt > now && breachAt < wake) wake = breachAt;
        }
        if (sla.breached) overdue = true;
        if (!escalated) escalated = firedInCycle(fired, due, dueBefore, sla.cycle);
      }
      if (
        bestEntry === null ||
        bestSla === null ||
        isBetterHeadline(entry.id, sla, bestEntry.id, bestSla, now)
      ) {
        bestEntry = entry;
        // The view becomes the best; the next rule is written into the one it replaces.
        output.sla = bestSla ?? spare;
        spare = sla;
        bestSla = sla;
      }
    }
    output.due = NO_DUE;
    input.fired = NONE;
    this.setWake(tracked, wake);
    if (bestEntry === null || bestSla === null) {
      this.clearHeadline(tracked);
      return;
    }
    const changed = this.headlines.set(
      tracked.slot,
      bestEntry,
      bestSla,
      overdue,
      escalated,
      snoozedUntil ?? null,
      activeRules,
      now,
    );
    this.headlineSet(tracked, changed, overdue, escalated);
  }

  private setWake(tracked: TrackedIssue, wake: number): void {
    const bulk = this.bulkWakes;
    if (bulk === null) this.queue.set(tracked, wake);
    else if (Number.isFinite(wake)) {
      // Its place in the queue to be built (see `WakeQueue.adopt`), written while at hand.
      tracked.wakeIndex = bulk.issues.length;
      bulk.issues.push(tracked);
      bulk.times.push(wake);
    }
  }

  /** Sets the engine's input to the issue; `evaluatePrepared` then runs one rule. */
  private prepareInput(tracked: TrackedIssue, issue: Issue, bucket: Bucket, now: number): void {
    const input = this.input;
    input.issue = issue;
    input.history =
      tracked.statusEvents.length === 0
        ? this.creationOnly(issue)
        : (tracked.history ??= this.buildHistory(tracked, issue));
    input.calendar = bucket.calendar ??= this.calendarOf(issue.locationId);
    input.locationPath = bucket.path ??= this.ancestry(issue.locationId);
    input.now = now;
    // Assigned, never deleted: the object keeps its shape, and the engine's reads stay fast.
    input.snoozedUntil = tracked.snooze?.until;
    input.scopeEnteredAt = undefined;
  }

  /** `queryChecked`: the scope query was just found to hold; the engine need not ask again. */
  private evaluatePrepared(
    entry: RuleEntry,
    fired: readonly FiredLevel[],
    queryChecked = false,
  ): EvaluateResult {
    const input = this.input;
    input.rule = entry.versions;
    input.fired = fired;
    input.matchesQuery = queryChecked ? MATCH_ALL : this.checkQuery;
    const tracked = this.issues.get(input.issue.id);
    input.scopeEnteredAt =
      entry.scopeFields === null || tracked === undefined
        ? undefined
        : scopeEnteredAt(tracked, input.issue, entry, input.history, input.now);
    this.stats.evaluations++;
    return evaluate(input);
  }

  /**
   * The clock of one rule for one issue now (one evaluation, nothing fired or stored), e.g.
   * to tell whether a level another device fired still matters. Null when either is unknown.
   */
  ruleView(issueId: string, ruleId: string, now: number): SlaView | null {
    const tracked = this.issues.get(issueId);
    const entry = this.rules.get(ruleId);
    if (tracked?.issue == null || tracked.bucket === null || entry === undefined) return null;
    this.now = now;
    this.prepareInput(tracked, tracked.issue, tracked.bucket, now);
    return this.evaluatePrepared(entry, firedOf(tracked.fired, entry.number)).sla;
  }

  /** Removes the issue's headline (no rule's clock is under way for it). */
  private clearHeadline(tracked: TrackedIssue): void {
    this.headlineSet(tracked, this.headlines.clear(tracked.slot), false, false);
  }

  /** Announces a changed headline, and keeps the counts and the list of attention. */
  private headlineSet(
    tracked: TrackedIssue,
    changed: boolean,
    overdue: boolean,
    escalated: boolean,
  ): void {
    if (this.bulkWakes !== null) this.slaChangedAll = true;
    else if (changed) {
      this.slaChanges.set(tracked.id, this.headlines.get(tracked.slot, tracked.id));
    }
    if (tracked.overdue !== overdue) this.overdueCount += overdue ? 1 : -1;
    if (tracked.escalated !== escalated) this.escalatedCount += escalated ? 1 : -1;
    tracked.overdue = overdue;
    tracked.escalated = escalated;
    const attention = this.attention;
    if (overdue || escalated) {
      if (tracked.attentionIndex < 0) {
        tracked.attentionIndex = attention.length;
        attention.push(tracked);
      }
    } else if (tracked.attentionIndex >= 0) {
      const last = attention.pop() as TrackedIssue;
      if (last !== tracked) {
        attention[tracked.attentionIndex] = last;
        last.attentionIndex = tracked.attentionIndex;
      }
      tracked.attentionIndex = -1;
    }
  }

  // -------------------------------------------------------------------------------------
  // Indexes and caches

  private track(issueId: string): TrackedIssue {
    let tracked = this.issues.get(issueId);
    if (tracked === undefined) {
      tracked = {
        id: issueId,
        issue: null,
        rev: 0,
        statusEvents: [],
        fieldChanges: null,
        snooze: null,
        fired: null,
        history: null,
        bucket: null,
        slot: this.headlines.allocate(),
        overdue: false,
        escalated: false,
        attentionIndex: -1,
        wakeIndex: -1,
      };
      this.issues.set(issueId, tracked);
    }
    return tracked;
  }

  private ruleNumber(ruleId: string): number {
    let number = this.ruleNumbers.get(ruleId);
    if (number === undefined) {
      number = this.ruleNumbers.size;
      this.ruleNumbers.set(ruleId, number);
    }
    return number;
  }

  private bucket(key: string, issue: Issue): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        key,
        probe: {
          id: '',
          type: issue.type,
          priority: issue.priority,
          severity: issue.severity,
          status: issue.status,
          locationId: issue.locationId,
          reportedAt: 0,
        },
        rules: [],
        hasQueryRule: false,
        issues: new Set(),
        path: null,
        calendar: null,
      };
      this.fillBucket(bucket);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private fillBucket(bucket: Bucket): void {
    bucket.rules = [...this.rules.values()]
      .filter((entry) => this.fits(entry, bucket))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    bucket.hasQueryRule = bucket.rules.some((r) => hasQuery(r.newest));
  }

  /**
   * Whether the rule's scope takes in the issues of the bucket, as far as the bucket can
   * tell: lists and severity, and the query's conditions on bucket fields.
   */
  private fits(entry: RuleEntry, bucket: Bucket): boolean {
    const rule = entry.newest;
    if (!rule.enabled) return false;
    if (
      !scopeMatches(rule.scope, bucket.probe, {
        locationPath: this.ancestry(bucket.probe.locationId),
        matchesQuery: MATCH_ALL,
      })
    ) {
      return false;
    }
    return (
      !hasQuery(rule) || this.shapeOf(rule.scope.query as string).bucket(bucket.probe as Issue)
    );
  }

  private markBucket(bucket: Bucket): void {
    for (const tracked of bucket.issues) this.dirty.add(tracked);
  }

  private readonly lookupLocation: LocationLookup = (id) => this.locations.get(id);

  private ancestry(locationId: string): readonly string[] {
    let path = this.ancestries.get(locationId);
    if (path === undefined) {
      path = locationAncestry(locationId, this.lookupLocation);
      this.ancestries.set(locationId, path);
    }
    return path;
  }

  private calendarOf(locationId: string): WorkCalendar {
    let calendar = this.calendars.get(locationId);
    if (calendar === undefined) {
      calendar = workCalendar(resolveLocationCalendar(locationId, this.lookupLocation));
      this.calendars.set(locationId, calendar);
    }
    return calendar;
  }

  private locationsChanged(locationId: string, structural: boolean): void {
    if (structural) {
      this.ancestries.clear();
      this.calendars.clear();
      for (const bucket of this.buckets.values()) {
        bucket.path = null;
        bucket.calendar = null;
      }
    }
    this.contextChanged(
      structural,
      (bucket) => structural && this.ancestry(bucket.probe.locationId).includes(locationId),
    );
  }

  /**
   * The timeline of an issue without status changes, in one reused entry (the engine keeps no
   * reference to it): nothing to build, cache or collect for the many issues still in their
   * first status.
   */
  private creationOnly(issue: Issue): readonly StatusEntry[] {
    const entry = this.creationEntry[0];
    const status = issue.status;
    entry.at = issue.reportedAt;
    entry.status = status;
    entry.category = this.categories.get(issue.workflowId)?.get(status) ?? 'todo';
    return this.creationEntry;
  }

  private buildHistory(tracked: TrackedIssue, issue: Issue): StatusEntry[] {
    const categories = this.categories.get(issue.workflowId);
    if (tracked.statusEvents.length === 0) {
      // What statusTimeline makes of no history, without its copying and sorting.
      const status = issue.status;
      return [{ at: issue.reportedAt, status, category: categories?.get(status) ?? 'todo' }];
    }
    return timelineOfChanges(
      issue,
      tracked.statusEvents,
      this.categoryOfs.get(issue.workflowId) ?? NO_CATEGORY,
    );
  }

  /**
   * The query context changed (statuses, locations), and with `refillAll` the location tree
   * too: buckets are filled again where that can change them, and their issues evaluated
   * where their rules changed, hold a query, or `touched` says so (a calendar changed).
   */
  private contextChanged(
    refillAll: boolean,
    touched: (bucket: Bucket) => boolean = () => false,
  ): void {
    this.shapes.clear();
    this.matcherNow = -Infinity;
    const queries = [...this.rules.values()].some((entry) => hasQuery(entry.newest));
    if (!refillAll && !queries) return;
    for (const bucket of this.buckets.values()) {
      const changed = this.refill(bucket);
      if (changed || bucket.hasQueryRule || touched(bucket)) this.markBucket(bucket);
    }
  }

  /** Recomputes a bucket's rules; returns whether they changed. */
  private refill(bucket: Bucket): boolean {
    const before = bucket.rules;
    this.fillBucket(bucket);
    return before.length !== bucket.rules.length || before.some((r, i) => bucket.rules[i] !== r);
  }

  private queryContext(): QueryContext {
    const statuses = [...this.workflows.values()].flatMap((w) => w.statuses);
    return { now: this.now, statuses, locations: [...this.locations.values()] };
  }

  private shapeOf(query: string): QueryShape {
    if (Math.abs(this.now - this.matcherNow) > QUERY_CONTEXT_TTL_MS) {
      // Relative dates move with time; bucket conditions never hold dates, so only the
      // per-issue part is stale, and it is rebuilt here.
      this.shapes.clear();
      this.matcherNow = this.now;
    }
    let shape = this.shapes.get(query);
    if (shape === undefined) {
      try {
        const predicate = buildPredicate(parseQuery(query).where, this.queryContext());
        const conjuncts = predicate.kind === 'and' ? predicate.items : [predicate];
        const decided = conjuncts.filter(onBucketFields);
        const undecided = conjuncts.filter((c) => !onBucketFields(c));
        shape = {
          bucket: predicateMatcher({ kind: 'and', items: decided }),
          issue: undecided.length === 0 ? null : predicateMatcher(predicate),
          rest:
            undecided.length === 0
              ? null
              : predicateMatcher(
                  undecided.length === 1
                    ? (undecided[0] as Predicate)
                    : { kind: 'and', items: undecided },
                ),
        };
      } catch (error) {
        shape = { bucket: NEVER, issue: NEVER, rest: NEVER };
        if (!this.reportedQueries.has(query)) {
          this.reportedQueries.add(query);
          this.onQueryProblem?.(query, error instanceof Error ? error.message : String(error));
        }
      }
      this.shapes.set(query, shape);
    }
    return shape;
  }

  /** The engine's query test, for an issue of any bucket: the whole query. */
  private matchesQuery(query: string, issue: Issue): boolean {
    const shape = this.shapeOf(query);
    return shape.issue === null ? shape.bucket(issue) : shape.issue(issue);
  }

  /** The query test for an issue of a bucket the rule fits: only what the bucket cannot tell. */
  private matchesRest(query: string, issue: Issue): boolean {
    const rest = this.shapeOf(query).rest;
    return rest === null || rest(issue);
  }
}

function isScopeField(field: string): field is ScopeField {
  return field !== 'status' && (SCOPE_FIELDS as readonly string[]).includes(field);
}

/**
 * When the issue came into the scope of a rule whose clock starts then (used until the start
 * is recorded): the latest change the history tells of among the fields the scope reads; the
 * creation for an issue never changed. Late rather than early: where the history does not
 * explain what the issue holds now (its entry has not arrived yet, or the issue changed but
 * no change of the field is known), the issue's own last change is taken; and a scope query
 * may read any field, so it is taken for those too.
 */
function scopeEnteredAt(
  tracked: TrackedIssue,
  issue: Issue,
  entry: RuleEntry,
  history: readonly StatusEntry[],
  now: number,
): number {
  let at = issue.reportedAt;
  for (const field of entry.scopeFields ?? SCOPE_FIELDS) {
    if (field === 'status') {
      for (let k = history.length - 1; k >= 0; k--) {
        const statusAt = (history[k] as StatusEntry).at;
        if (statusAt <= now) {
          if (statusAt > at) at = statusAt;
          break;
        }
      }
      continue;
    }
    const change = tracked.fieldChanges?.get(field);
    const changedAt =
      change !== undefined && change.to === issue[field]
        ? change.at
        : change === undefined && issue.version <= 1
          ? issue.reportedAt
          : issue.updatedAt;
    if (changedAt > at) at = changedAt;
  }
  if (entry.query !== null && issue.updatedAt > at) at = issue.updatedAt;
  return at;
}

function hasQuery(rule: EscalationRule): boolean {
  return rule.scope.query !== undefined && rule.scope.query.trim() !== '';
}

function insertRule(list: RuleEntry[], entry: RuleEntry): void {
  let i = 0;
  while (i < list.length && (list[i] as RuleEntry).id < entry.id) i++;
  list.splice(i, 0, entry);
}

function sameCategories(
  a: ReadonlyMap<string, StatusCategory>,
  b: ReadonlyMap<string, StatusCategory>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [status, category] of a) if (b.get(status) !== category) return false;
  return true;
}

/**
 * Whether a level of the cycle was fired, or is due now (from `dueFrom` on in `dueNow`); a
 * clock start is no level.
 */
function firedInCycle(
  fired: readonly FiredLevel[],
  dueNow: readonly DueLevel[],
  dueFrom: number,
  cycle: number,
): boolean {
  for (let i = 0; i < fired.length; i++) {
    const record = fired[i] as FiredLevel;
    if (record.cycle === cycle && !isClockStart(record)) return true;
  }
  for (let i = dueFrom; i < dueNow.length; i++) {
    const level = dueNow[i] as DueLevel;
    if (level.cycle === cycle && !level.stale && !isClockStart(level)) return true;
  }
  return false;
}

const PRIORITY_RANK: Record<Issue['priority'], number> = {
  Lowest: 0,
  Low: 1,
  Medium: 2,
  High: 3,
  Critical: 4,
};
