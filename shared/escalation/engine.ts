/**
 * The escalation engine: a pure function from an issue, its status timeline, a rule (the
 * frozen version, or all versions), the levels already fired, an optional snooze and the
 * issue's calendar to the levels due now, the next instant anything can come due, and the
 * issue's SLA as a person sees it.
 *
 * The clock of a cycle runs from its start to its stop, except while the issue is in a pause
 * status and, for business-hours rules, outside the location's business hours. A level is due
 * when the clock reaches its threshold; it fires once (the `fired` records say which did).
 * Levels of earlier cycles that came due but were never fired (the machine slept through a
 * resolve and reopen) are still due, so what fires never depends on when or how often
 * `evaluate` runs. A snooze defers what is due until it ends; it skips nothing.
 *
 * Allocation: per call, a small state object, the result, the SLA view and one object per due
 * level; nothing per cycle or level otherwise, and nothing at all for a disabled rule or an
 * issue out of scope (a shared frozen result). Compiled rules and calendars are cached per object, so pass the
 * same rule and calendar objects again (the scheduler's in-memory copies).
 */
import type { Issue } from '../domain';
import {
  ALWAYS_OPEN,
  MINUTE_MS,
  workCalendar,
  type CalendarSpec,
  type WorkCalendar,
} from './calendar';
import {
  compileRule,
  cycleClock,
  occurrenceIndex,
  type CompiledRule,
  type CycleClock,
} from './clock';
import { CLOCK_START_LEVEL, escalationId, recordedClockStart, type FiredLevel } from './records';
import type { EscalationAction, EscalationRule, EscalationScope } from './rule';
import { cycleEnd, orderedTimeline, type StatusEntry } from './timeline';
import { frozenVersionForCycle, sortedVersions } from './versions';

/** What the engine reads of an issue; a whole `Issue` will do. */
export type EscalationIssue = Pick<
  Issue,
  | 'id'
  | 'type'
  | 'priority'
  | 'severity'
  | 'locationId'
  | 'status'
  | 'reportedAt'
  | 'acknowledgedAt'
  | 'resolvedAt'
>;

export type QueryMatcher<I> = (query: string, issue: I) => boolean;

/** A fired level is late when it fires more than this after it was due (default). */
export const LATE_AFTER_MS = 60_000;

export interface EvaluateInput<I extends EscalationIssue = EscalationIssue> {
  issue: I;
  /** The issue's status timeline (see `statusTimeline`); ordered by time is fastest. */
  history: readonly StatusEntry[];
  /**
   * The frozen version (used for every cycle), or every stored version of the rule: the
   * engine then freezes a version per cycle (see versions.ts). With versions, `enabled` and
   * `scope` come from the newest version (whether the rule applies now), the clock, levels,
   * repeat and actions from each cycle's frozen version.
   */
  rule: EscalationRule | readonly EscalationRule[];
  /** The escalation records of this issue and rule (any `FiredLevel` will do). */
  fired: readonly FiredLevel[];
  /** Nothing fires before this instant; what comes due meanwhile fires when it ends. */
  snoozedUntil?: number;
  /** The issue location's zone and calendar (`resolveLocationCalendar`); used by
   * business-hours rules. Absent: around the clock. */
  calendar?: CalendarSpec | WorkCalendar | null;
  now: number;
  /** Decides a rule's `scope.query`; required for rules that have one. */
  matchesQuery?: QueryMatcher<I>;
  /** The issue's location and its ancestors (`locationAncestry`), for `scope.locationIds`;
   * absent: only the issue's own location id. */
  locationPath?: readonly string[];
  /** How long after its time a fired level counts as late; default `LATE_AFTER_MS`. */
  lateAfterMs?: number;
  /**
   * For rules whose clock starts when the issue comes into their scope: when it came in (the
   * last change of a field the scope reads), as far as the caller knows; default `now`. Used
   * only until that start is recorded (see `DueLevel.level`).
   */
  scopeEnteredAt?: number;
}

export interface DueLevel {
  /** The deterministic escalation id (see records.ts). */
  id: string;
  issueId: string;
  ruleId: string;
  ruleVersion: number;
  /** The frozen rule version that escalates this cycle. */
  rule: EscalationRule;
  cycle: number;
  /**
   * 1-based; 0 (`CLOCK_START_LEVEL`) for the start of a clock that starts when the issue comes
   * into the rule's scope: record it like a level (its `dueAt` is the start), but it has no
   * actions, alerts no one and is no escalation.
   */
  level: number;
  /** 0 on the first pass, n for the n-th repeat. */
  repeat: number;
  /** When the clock reached the level. */
  dueAt: number;
  /** When it was to fire: `dueAt`, or the snooze's end when a snooze deferred it. */
  firesAt: number;
  /** It fires more than `lateAfterMs` after `firesAt` (missed while the machine slept). */
  late: boolean;
  lateByMs: number;
  /**
   * The clock has stopped (acknowledged, resolved…) or the cycle has ended since: the level
   * is recorded and its external actions run, but a person may not need to be alerted.
   */
  stale: boolean;
  actions: readonly EscalationAction[];
}

export const CLOCK_STATES = [
  'not-applicable',
  'not-started',
  'running',
  'paused',
  'stopped',
] as const;
/** `not-applicable`: the rule is disabled or the issue is out of its scope. */
export type ClockState = (typeof CLOCK_STATES)[number];

/** The current cycle's clock, for the issue's SLA panel, table columns and the tray. */
export interface SlaView {
  state: ClockState;
  cycle: number;
  ruleVersion: number;
  startedAt: number | null;
  stoppedAt: number | null;
  /** In a pause status now (the clock may have been stopped since). */
  paused: boolean;
  /** Now is within the rule's calendar (always true for 24/7 rules). */
  withinCalendarHours: boolean;
  /** Clock minutes run so far, rounded down. */
  elapsedMinutes: number;
  /** The next level (and repeat) the clock has not reached; null once stopped or when none. */
  nextLevel: number | null;
  nextRepeat: number | null;
  /** When it will come due if nothing changes; null while the clock does not run. */
  nextLevelAt: number | null;
  /** Clock minutes until then, rounded up. */
  remainingToNextMinutes: number | null;
  /** When the last level (of the first pass) came or will come due; null when unknown. */
  breachAt: number | null;
  /** Clock minutes to the last level, rounded up; negative (overdue) once breached. */
  remainingToBreachMinutes: number | null;
  breached: boolean;
}

export interface EvaluateResult {
  /** Levels to fire now, in order; fire each and store its record (`toEscalationRecord`). */
  due: readonly DueLevel[];
  /** The earliest instant after `now` at which something more can come due, if nothing
   * changes meanwhile; null when nothing can without a change to the issue. */
  nextWakeAt: number | null;
  sla: SlaView;
}

const NOTHING_DUE: readonly DueLevel[] = Object.freeze([]);

/**
 * Which occurrences of the cycle being scanned were fired: `firedMarks[i] === firedMark` for
 * occurrence i. Marked in one pass over the records per cycle (instead of a search of the
 * records per occurrence), and cleared by moving on to the next mark.
 */
let firedMarks = new Int32Array(64);
let firedMark = 0;

function markFired(fired: readonly FiredLevel[], cycle: number, compiled: CompiledRule): void {
  if (firedMark === 0x7fffffff) {
    firedMarks.fill(0);
    firedMark = 0;
  }
  firedMark++;
  const count = compiled.thresholds.length;
  if (firedMarks.length < count)
    firedMarks = new Int32Array(Math.max(count, firedMarks.length * 2));
  if (fired.length === 0) return;
  for (let i = 0; i < fired.length; i++) {
    const record = fired[i] as FiredLevel;
    if (record.cycle !== cycle) continue;
    const index = occurrenceIndex(compiled, record.level, record.repeat);
    if (index >= 0) firedMarks[index] = firedMark;
  }
}
const scratchClock: CycleClock = { startIndex: -1, startAt: Infinity, stopAt: Infinity };

function includes<T>(list: readonly T[], value: T): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

/** True when the rule's scope takes in the issue as it is now. */
export function scopeMatches<I extends EscalationIssue>(
  scope: EscalationScope,
  issue: I,
  options: { locationPath?: readonly string[]; matchesQuery?: QueryMatcher<I> } = {},
): boolean {
  if (scope.priorities.length > 0 && !includes(scope.priorities, issue.priority)) return false;
  if (scope.types.length > 0 && !includes(scope.types, issue.type)) return false;
  if (scope.minSeverity !== undefined && issue.severity < scope.minSeverity) return false;
  if (scope.statuses.length > 0 && !includes(scope.statuses, issue.status)) return false;
  if (scope.locationIds.length > 0) {
    const path = options.locationPath;
    let inside = false;
    if (path === undefined) inside = includes(scope.locationIds, issue.locationId);
    else
      for (let i = 0; i < path.length && !inside; i++)
        inside = includes(scope.locationIds, path[i]);
    if (!inside) return false;
  }
  const query = scope.query;
  if (query !== undefined && query.trim() !== '') {
    if (options.matchesQuery === undefined) {
      throw new Error('This rule scopes issues with a query: pass matchesQuery to evaluate it.');
    }
    return options.matchesQuery(query, issue);
  }
  return true;
}

function toMinutesUp(ms: number): number {
  return ms >= 0 ? Math.ceil(ms / MINUTE_MS) : -Math.floor(-ms / MINUTE_MS);
}

/**
 * The SLA view as `evaluateInto` writes it: the same fields, but its instants are always
 * numbers, NaN for none. An instant written into a field that may also hold null is boxed (one
 * heap allocation per write); a field that only ever holds numbers is written in place, so
 * the scheduler's hundreds of thousands of evaluations leave no garbage here.
 */
export interface SlaFigures extends Omit<
  SlaView,
  'startedAt' | 'stoppedAt' | 'nextLevelAt' | 'breachAt'
> {
  startedAt: number;
  stoppedAt: number;
  nextLevelAt: number;
  breachAt: number;
}

/** A blank SLA view, to be filled by `evaluateInto`. */
export function emptySlaFigures(): SlaFigures {
  return {
    state: 'not-applicable',
    cycle: 0,
    ruleVersion: 0,
    startedAt: Number.NaN,
    stoppedAt: Number.NaN,
    paused: false,
    withinCalendarHours: true,
    elapsedMinutes: 0,
    nextLevel: null,
    nextRepeat: null,
    nextLevelAt: Number.NaN,
    remainingToNextMinutes: null,
    breachAt: Number.NaN,
    remainingToBreachMinutes: null,
    breached: false,
  };
}

function instantOrNull(value: number): number | null {
  return value === value ? value : null;
}

/** The SLA view of figures written by `evaluateInto` (NaN instants become null). */
export function slaViewOf(figures: SlaFigures): SlaView {
  return {
    state: figures.state,
    cycle: figures.cycle,
    ruleVersion: figures.ruleVersion,
    startedAt: instantOrNull(figures.startedAt),
    stoppedAt: instantOrNull(figures.stoppedAt),
    paused: figures.paused,
    withinCalendarHours: figures.withinCalendarHours,
    elapsedMinutes: figures.elapsedMinutes,
    nextLevel: figures.nextLevel,
    nextRepeat: figures.nextRepeat,
    nextLevelAt: instantOrNull(figures.nextLevelAt),
    remainingToNextMinutes: figures.remainingToNextMinutes,
    breachAt: instantOrNull(figures.breachAt),
    remainingToBreachMinutes: figures.remainingToBreachMinutes,
    breached: figures.breached,
  };
}

/** A blank SLA view. */
export function emptySlaView(): SlaView {
  return slaViewOf(emptySlaFigures());
}

function writeIdleView(
  view: SlaFigures,
  state: ClockState,
  cycle: number,
  rule: EscalationRule,
  within: boolean,
): void {
  view.state = state;
  view.cycle = cycle;
  view.ruleVersion = rule.version;
  view.startedAt = Number.NaN;
  view.stoppedAt = Number.NaN;
  view.paused = false;
  view.withinCalendarHours = within;
  view.elapsedMinutes = 0;
  view.nextLevel = null;
  view.nextRepeat = null;
  view.nextLevelAt = Number.NaN;
  view.remainingToNextMinutes = null;
  view.breachAt = Number.NaN;
  view.remainingToBreachMinutes = null;
  view.breached = false;
}

/**
 * Where `evaluateInto` writes, for a caller that evaluates many pairs and keeps little of each
 * (the scheduler): nothing is allocated per call but the levels due.
 */
export interface EvaluationOutput {
  /** The levels due now are appended here, in order. */
  due: DueLevel[];
  /** Set to the next wake-up (see `EvaluateResult.nextWakeAt`); Infinity for none. */
  nextWakeAt: number;
  /** Overwritten with the SLA view (`slaViewOf` makes an `SlaView` of it). */
  sla: SlaFigures;
}

export interface EvaluateIntoOptions {
  /**
   * The caller has already decided that the rule is enabled and its scope (query included)
   * takes the issue in, as the scheduler's scope index does: the engine does not ask again.
   */
  scopeChecked?: boolean;
}

/** The state of one evaluation, shared by the per-cycle scans; one object, reused. */
interface Run {
  issue: EscalationIssue;
  history: readonly StatusEntry[];
  fired: readonly FiredLevel[];
  now: number;
  snoozedUntil: number;
  lateAfterMs: number;
  calendar: WorkCalendar;
  out: EvaluationOutput;
  /** When the issue came into the rule's scope, for a clock start not yet recorded. */
  scopeEnteredAt: number;
}

const scratchRun: Run = {
  issue: null as unknown as EscalationIssue,
  history: [],
  fired: [],
  now: 0,
  snoozedUntil: -Infinity,
  lateAfterMs: LATE_AFTER_MS,
  calendar: ALWAYS_OPEN,
  out: null as unknown as EvaluationOutput,
  scopeEnteredAt: 0,
};

export function evaluate<I extends EscalationIssue>(input: EvaluateInput<I>): EvaluateResult {
  const out: EvaluationOutput = { due: [], nextWakeAt: Infinity, sla: emptySlaFigures() };
  if (!evaluateInto(input, out)) return notApplicable(newestOf(input.rule));
  return {
    due: out.due.length > 0 ? out.due : NOTHING_DUE,
    nextWakeAt: out.nextWakeAt === Infinity ? null : out.nextWakeAt,
    sla: slaViewOf(out.sla),
  };
}

/**
 * `evaluate` writing into `out` (see `EvaluationOutput`): the same answer, without the
 * result's allocations. Returns false when the rule is disabled or the issue out of its scope
 * (the SLA view then says `not-applicable`).
 */
export function evaluateInto<I extends EscalationIssue>(
  input: EvaluateInput<I>,
  out: EvaluationOutput,
  options?: EvaluateIntoOptions,
): boolean {
  const { issue, now } = input;
  const ruleInput = input.rule;
  let versions: readonly EscalationRule[] | null = null;
  let newest: EscalationRule | undefined;
  if (isRuleList(ruleInput)) {
    if (ruleInput.length === 1) newest = ruleInput[0];
    else {
      versions = sortedVersions(ruleInput);
      newest = versions[versions.length - 1];
    }
  } else newest = ruleInput;
  if (newest === undefined) throw new Error('evaluate needs a rule or at least one version');
  out.nextWakeAt = Infinity;
  if (
    options?.scopeChecked !== true &&
    (!newest.enabled || !scopeMatches(newest.scope, issue, input))
  ) {
    writeIdleView(out.sla, 'not-applicable', 0, newest, true);
    return false;
  }
  const run = scratchRun;
  run.issue = issue;
  run.history = orderedTimeline(input.history, issue);
  run.fired = input.fired;
  run.now = now;
  run.snoozedUntil = input.snoozedUntil ?? -Infinity;
  run.lateAfterMs = input.lateAfterMs ?? LATE_AFTER_MS;
  run.calendar = workCalendar(input.calendar);
  run.out = out;
  run.scopeEnteredAt = input.scopeEnteredAt ?? now;
  const { history } = run;
  const compiledNewest = compileRule(newest);
  const scopeStarts =
    versions === null
      ? compiledNewest.startOnScope
      : versions.some((version) => compileRule(version).startOnScope);
  let scannedCurrent = false;
  for (let from = 0, cycle = 1; from < history.length; cycle++) {
    const to = cycleEnd(history, from);
    const last = to >= history.length;
    const recordedStart = scopeStarts ? recordedClockStart(run.fired, cycle) : null;
    const scopeStartAt =
      recordedStart ?? (scopeStarts && last ? estimatedScopeStart(run, history, from) : null);
    const rule =
      versions === null
        ? newest
        : frozenVersionForCycle(versions, history, from, to, cycle, run.fired, scopeStartAt);
    const compiled = rule === newest ? compiledNewest : compileRule(rule);
    scanCycle(run, compiled, cycle, from, to, last, scopeStartAt, recordedStart !== null);
    if (last) scannedCurrent = true;
    from = to;
  }
  if (!scannedCurrent) writeIdleView(out.sla, 'not-started', 1, newest, true);
  // Let go of the caller's objects.
  run.issue = null as unknown as EscalationIssue;
  run.history = NO_HISTORY;
  run.fired = NO_FIRED;
  run.out = null as unknown as EvaluationOutput;
  return true;
}

/**
 * When the clock of the current cycle starts for a rule that starts on entering its scope,
 * while no start is recorded: when the issue came in, but not before the cycle began nor
 * after now.
 */
function estimatedScopeStart(run: Run, history: readonly StatusEntry[], from: number): number {
  const beganAt = (history[from] as StatusEntry).at;
  const entered = run.scopeEnteredAt < run.now ? run.scopeEnteredAt : run.now;
  return entered > beganAt ? entered : beganAt;
}

const NO_HISTORY: readonly StatusEntry[] = Object.freeze([]);
const NO_FIRED: readonly FiredLevel[] = Object.freeze([]);

function newestOf(rule: EscalationRule | readonly EscalationRule[]): EscalationRule {
  if (!isRuleList(rule)) return rule;
  const versions = sortedVersions(rule);
  return versions[versions.length - 1] as EscalationRule;
}

const notApplicableResults = new WeakMap<EscalationRule, EvaluateResult>();

/** The (frozen, shared) result for a disabled rule or an issue out of its scope. */
function notApplicable(rule: EscalationRule): EvaluateResult {
  let result = notApplicableResults.get(rule);
  if (result === undefined) {
    const figures = emptySlaFigures();
    writeIdleView(figures, 'not-applicable', 0, rule, true);
    result = Object.freeze({
      due: NOTHING_DUE,
      nextWakeAt: null,
      sla: Object.freeze(slaViewOf(figures)),
    });
    notApplicableResults.set(rule, result);
  }
  return result;
}

function isRuleList(
  rule: EscalationRule | readonly EscalationRule[],
): rule is readonly EscalationRule[] {
  return Array.isArray(rule);
}

/**
 * Walks the clock of one cycle through its running stretches, finding when each threshold is
 * reached: fires what is due, notes the next wake-up, and for the current cycle fills the SLA.
 */
function scanCycle(
  run: Run,
  compiled: CompiledRule,
  cycle: number,
  from: number,
  to: number,
  current: boolean,
  scopeStartAt: number | null,
  startRecorded: boolean,
): void {
  const { history, now } = run;
  const { rule, thresholds, pauseStatuses, breachIndex } = compiled;
  const calendar = compiled.businessHours ? run.calendar : ALWAYS_OPEN;
  // Around the clock, a position is the instant itself: worked out here rather than asked of
  // the calendar, since an instant handed to or returned from a call that is not inlined is
  // boxed (a heap allocation), several times per evaluation.
  const open = calendar.alwaysOpen;
  const endAt = current ? Infinity : (history[to] as StatusEntry).at;
  // The current cycle (nearly every call) passes Infinity as a constant, which is not boxed.
  const clock = current
    ? cycleClock(compiled, history, from, to, Infinity, run.issue, scratchClock, scopeStartAt)
    : cycleClock(compiled, history, from, to, endAt, run.issue, scratchClock, scopeStartAt);
  if (
    compiled.startOnScope &&
    current &&
    !startRecorded &&
    clock.startIndex >= 0 &&
    clock.stopAt > clock.startAt
  ) {
    // The clock starts now that the issue is seen in scope: to be recorded, so that it does
    // not move. A clock stopped from its start never runs in this cycle: nothing to record.
    recordClockStart(run, compiled, cycle, clock.startAt);
  }
  if (clock.startIndex < 0 || clock.startAt > now) {
    if (current) {
      const view = run.out.sla;
      writeIdleView(view, 'not-started', cycle, rule, open || calendar.isWorkingTime(now));
      view.paused = pauseStatuses.length > 0 && pausedAt(history, from, to, now, pauseStatuses);
    }
    if (clock.startIndex < 0) return;
  }
  const { startAt, stopAt } = clock;
  const count = thresholds.length;
  markFired(run.fired, cycle, compiled);
  const stale = !current || stopAt <= now;
  let index = 0;
  let blocked = false;
  let unreachable = false;
  let elapsed = 0;
  let elapsedNow = 0;
  let nextIndex = -1;
  let nextAt = -1;
  let breachAt = -1;

  // Levels due the moment the clock starts, even if it starts paused.
  while (index < count && (thresholds[index] as number) <= 0) {
    if (!blocked && firedMarks[index] !== firedMark) {
      blocked = offer(run, compiled, cycle, index, startAt, stale);
    }
    if (startAt > now && nextIndex < 0) {
      nextIndex = index;
      nextAt = startAt;
    }
    if (index === breachIndex) breachAt = startAt;
    index++;
  }

  for (let k = clock.startIndex; k < to; k++) {
    const occurrencesDone =
      index >= count ||
      unreachable ||
      (blocked && (!current || (index > breachIndex && nextIndex >= 0)));
    const entry = history[k] as StatusEntry;
    const segmentStart = entry.at > startAt ? entry.at : startAt;
    if (occurrencesDone && (!current || segmentStart >= now)) break;
    const nextEntryAt = k + 1 < to ? (history[k + 1] as StatusEntry).at : endAt;
    const segmentEnd = nextEntryAt < stopAt ? nextEntryAt : stopAt;
    if (segmentEnd <= segmentStart || includes(pauseStatuses, entry.status)) continue;
    // The calendar's answers are read as numbers (`+`): a value that may be a call's result
    // is otherwise kept boxed, and the instants of the around-the-clock path with it (a heap
    // allocation each, some 80 bytes per evaluation).
    const startPosition = open ? segmentStart : +calendar.position(segmentStart);
    const length = (open ? segmentEnd : +calendar.position(segmentEnd)) - startPosition;
    if (current && segmentStart < now) {
      const until = segmentEnd < now ? segmentEnd : now;
      elapsedNow += (open ? until : +calendar.position(until)) - startPosition;
    }
    while (!occurrencesDone && index < count && !unreachable) {
      const needed = (thresholds[index] as number) - elapsed;
      if (needed > length) break;
      const position = startPosition + needed;
      let dueAt: number;
      if (open) dueAt = position > segmentStart ? position : segmentStart;
      else {
        const at = calendar.instantAt(position, segmentStart);
        if (at === null) {
          unreachable = true;
          break;
        }
        dueAt = +at;
      }
      // Offered only when not fired already: most are, in a scheduler that has been running,
      // and the call would box the instant for nothing.
      if (!blocked && firedMarks[index] !== firedMark) {
        blocked = offer(run, compiled, cycle, index, dueAt, stale);
      }
      if (dueAt > now && nextIndex < 0) {
        nextIndex = index;
        nextAt = dueAt;
      }
      if (index === breachIndex) breachAt = dueAt;
      index++;
      if (blocked && (!current || (index > breachIndex && nextIndex >= 0))) break;
    }
    elapsed += length;
  }

  if (!current || clock.startAt > now) return;
  const stopped = stopAt <= now;
  const paused =
    pauseStatuses.length > 0 && pausedAt(history, clock.startIndex, to, now, pauseStatuses);
  if (nextIndex < 0 && index < count && !stopped) nextIndex = index;
  const breachThreshold = thresholds[breachIndex] ?? 0;
  const nextThreshold = nextIndex >= 0 ? (thresholds[nextIndex] as number) : 0;
  const view = run.out.sla;
  view.state = stopped ? 'stopped' : paused ? 'paused' : 'running';
  view.cycle = cycle;
  view.ruleVersion = rule.version;
  view.startedAt = startAt;
  view.stoppedAt = stopAt === Infinity ? Number.NaN : stopAt;
  view.paused = paused;
  view.withinCalendarHours = open || calendar.isWorkingTime(now);
  view.elapsedMinutes = Math.floor(elapsedNow / MINUTE_MS);
  view.nextLevel = nextIndex >= 0 ? (compiled.levels[nextIndex] as number) : null;
  view.nextRepeat = nextIndex >= 0 ? (compiled.repeats[nextIndex] as number) : null;
  view.nextLevelAt = nextIndex >= 0 && nextAt >= 0 ? nextAt : Number.NaN;
  view.remainingToNextMinutes = nextIndex >= 0 ? toMinutesUp(nextThreshold - elapsedNow) : null;
  view.breachAt = breachAt >= 0 ? breachAt : Number.NaN;
  view.remainingToBreachMinutes =
    breachIndex >= 0 ? toMinutesUp(breachThreshold - elapsedNow) : null;
  view.breached = breachAt >= 0 && breachAt <= now;
}

/** Is the issue in a pause status at `now` (judged by the entry in effect then)? */
function pausedAt(
  history: readonly StatusEntry[],
  from: number,
  to: number,
  now: number,
  pauseStatuses: readonly string[],
): boolean {
  if (pauseStatuses.length === 0) return false;
  for (let k = to - 1; k >= from; k--) {
    const entry = history[k] as StatusEntry;
    if (entry.at <= now) return includes(pauseStatuses, entry.status);
  }
  return false;
}

/** The clock start of a cycle, as a due "level 0" to record (no actions, never late). */
function recordClockStart(run: Run, compiled: CompiledRule, cycle: number, startAt: number): void {
  const { rule } = compiled;
  run.out.due.push({
    id: escalationId(run.issue.id, rule.id, cycle, CLOCK_START_LEVEL),
    issueId: run.issue.id,
    ruleId: rule.id,
    ruleVersion: rule.version,
    rule,
    cycle,
    level: CLOCK_START_LEVEL,
    repeat: 0,
    dueAt: startAt,
    firesAt: startAt,
    late: false,
    lateByMs: 0,
    stale: false,
    actions: NO_ACTIONS,
  });
}

const NO_ACTIONS: readonly EscalationAction[] = Object.freeze([]);

/**
 * One occurrence not fired yet reached its time (and no earlier one blocks it): due now when
 * its (snoozed) time has come, else the next wake-up. Returns whether later occurrences are
 * blocked (cannot be due now).
 */
function offer(
  run: Run,
  compiled: CompiledRule,
  cycle: number,
  index: number,
  dueAt: number,
  stale: boolean,
): boolean {
  const firesAt = dueAt > run.snoozedUntil ? dueAt : run.snoozedUntil;
  const out = run.out;
  if (firesAt > run.now) {
    if (firesAt < out.nextWakeAt) out.nextWakeAt = firesAt;
    return true;
  }
  const level = compiled.levels[index] as number;
  const repeat = compiled.repeats[index] as number;
  const { rule } = compiled;
  const lateByMs = run.now - firesAt;
  out.due.push({
    id: escalationId(run.issue.id, rule.id, cycle, level, repeat),
    issueId: run.issue.id,
    ruleId: rule.id,
    ruleVersion: rule.version,
    rule,
    cycle,
    level,
    repeat,
    dueAt,
    firesAt,
    late: lateByMs > run.lateAfterMs,
    lateByMs,
    stale,
    actions: rule.levels[level - 1]?.actions ?? [],
  });
  return false;
}
