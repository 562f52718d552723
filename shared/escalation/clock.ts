/**
 * A rule compiled for the engine (cached per rule object), and the clock of one cycle: when
 * it started, when it stopped, and the stretches of time it ran.
 */
import type { Issue, StatusCategory } from '../domain';
import type { EscalationRule } from './rule';
import type { StatusEntry } from './timeline';
import { MINUTE_MS } from './calendar';

export interface CompiledRule {
  readonly rule: EscalationRule;
  readonly startStatuses: readonly string[] | null;
  /** The clock starts when the issue comes into the rule's scope (see `ClockStart`). */
  readonly startOnScope: boolean;
  readonly stopOnAcknowledged: boolean;
  readonly stopOnResolved: boolean;
  readonly stopCategories: readonly StatusCategory[];
  readonly stopStatuses: readonly string[];
  readonly pauseStatuses: readonly string[];
  readonly businessHours: boolean;
  /**
   * Every time the rule can come due in a cycle, in order: the levels, then the repeats.
   * `thresholds[i]` is clock time (ms) since the clock's start; `levels[i]` is 1-based;
   * `repeats[i]` is 0 on the first pass.
   */
  readonly thresholds: readonly number[];
  readonly levels: readonly number[];
  readonly repeats: readonly number[];
  /** The index of the last level of the first pass: the rule's final target (breach). */
  readonly breachIndex: number;
  /** Whether a repeat pass is the last level alone (`last-level`) or the whole ladder. */
  readonly repeatsLastLevel: boolean;
}

/** The index in `thresholds` of a level (1-based) and repeat; -1 when the rule has none. */
export function occurrenceIndex(rule: CompiledRule, level: number, repeat: number): number {
  const levelCount = rule.breachIndex + 1;
  if (level < 1 || level > levelCount || repeat < 0) return -1;
  const index =
    repeat === 0
      ? level - 1
      : rule.repeatsLastLevel
        ? level === levelCount
          ? levelCount - 1 + repeat
          : -1
        : repeat * levelCount + level - 1;
  return index >= 0 && index < rule.thresholds.length ? index : -1;
}

const compiledRules = new WeakMap<EscalationRule, CompiledRule>();

/** Level thresholds in clock ms since the clock's start, one per level. */
export function levelThresholds(rule: Pick<EscalationRule, 'levels'>): number[] {
  const thresholds: number[] = [];
  let previous = 0;
  for (const level of rule.levels) {
    const at = level.delayMinutes * MINUTE_MS + (level.from === 'previous-level' ? previous : 0);
    thresholds.push(at);
    previous = at;
  }
  return thresholds;
}

/**
 * The rule compiled (cached per rule object). The engine asks once per evaluation; the
 * compiling is a function of its own, which keeps the cached path free of allocation (with it
 * in the same function, each call allocated 56 bytes, some 17 MB per full evaluation of the
 * scheduler).
 */
export function compileRule(rule: EscalationRule): CompiledRule {
  return compiledRules.get(rule) ?? compile(rule);
}

function compile(rule: EscalationRule): CompiledRule {
  const { clock } = rule;
  const stopCategories: StatusCategory[] = [];
  const stopStatuses: string[] = [];
  let stopOnAcknowledged = false;
  let stopOnResolved = false;
  for (const stop of clock.stop) {
    if (stop.on === 'acknowledged') stopOnAcknowledged = true;
    else if (stop.on === 'resolved') stopOnResolved = true;
    else if (stop.on === 'category') stopCategories.push(...stop.categories);
    else stopStatuses.push(...stop.statuses);
  }
  const first = levelThresholds(rule);
  const thresholds = [...first];
  const levels = first.map((_, i) => i + 1);
  const repeats = first.map(() => 0);
  const last = first[first.length - 1] ?? 0;
  const { repeat } = rule;
  if (repeat !== undefined && first.length > 0) {
    const interval = repeat.intervalMinutes * MINUTE_MS;
    for (let pass = 1; pass <= repeat.count; pass++) {
      if (repeat.mode === 'last-level') {
        thresholds.push(last + pass * interval);
        levels.push(first.length);
        repeats.push(pass);
      } else {
        const passStart = pass * (last + interval);
        first.forEach((threshold, i) => {
          thresholds.push(passStart + threshold);
          levels.push(i + 1);
          repeats.push(pass);
        });
      }
    }
  }
  const result: CompiledRule = {
    rule,
    startStatuses: clock.start.on === 'status' ? clock.start.statuses : null,
    startOnScope: clock.start.on === 'scope',
    stopOnAcknowledged,
    stopOnResolved,
    stopCategories,
    stopStatuses,
    pauseStatuses: clock.pauseStatuses,
    businessHours: clock.calendar === 'business-hours',
    thresholds,
    levels,
    repeats,
    breachIndex: first.length - 1,
    repeatsLastLevel: repeat?.mode !== 'all-levels',
  };
  compiledRules.set(rule, result);
  return result;
}

export type ClockIssue = Pick<Issue, 'acknowledgedAt' | 'resolvedAt'>;

/**
 * The clock of one cycle, written into a reused object by `cycleClock` (the engine calls it
 * once per cycle and rule; reusing the object keeps evaluation free of garbage).
 */
export interface CycleClock {
  /** Index of the entry in effect when the clock started; -1 when it has not started. */
  startIndex: number;
  startAt: number;
  /** Infinity while no stop condition has held. */
  stopAt: number;
}

/**
 * When the clock of the cycle [from, to) starts under the rule: the index of the timeline
 * entry in effect then; -1 when it never does. `scopeStartAt` is when the issue came into the
 * rule's scope in this cycle (for rules whose clock starts then), null when unknown: such a
 * clock has not started.
 */
export function clockStartIndex(
  rule: CompiledRule,
  history: readonly StatusEntry[],
  from: number,
  to: number,
  scopeStartAt: number | null = null,
): number {
  if (rule.startOnScope) {
    if (scopeStartAt === null) return -1;
    let index = from;
    while (index + 1 < to && (history[index + 1] as StatusEntry).at <= scopeStartAt) index++;
    return index;
  }
  const statuses = rule.startStatuses;
  if (statuses === null) return from;
  for (let i = from; i < to; i++) {
    if (statuses.includes((history[i] as StatusEntry).status)) return i;
  }
  return -1;
}

/** The instant the clock starts, given the index `clockStartIndex` found (not -1). */
export function clockStartAt(
  rule: CompiledRule,
  history: readonly StatusEntry[],
  from: number,
  startIndex: number,
  scopeStartAt: number | null = null,
): number {
  const beganAt = (history[from] as StatusEntry).at;
  if (rule.startOnScope) {
    return scopeStartAt !== null && scopeStartAt > beganAt ? scopeStartAt : beganAt;
  }
  return rule.startStatuses === null ? beganAt : (history[startIndex] as StatusEntry).at;
}

/**
 * Fills `clock` for the cycle [from, to) of an ordered timeline, which ends at `endAt` (the
 * next cycle's beginning, or Infinity for the current cycle); `scopeStartAt` as for
 * `clockStartIndex`.
 */
export function cycleClock(
  rule: CompiledRule,
  history: readonly StatusEntry[],
  from: number,
  to: number,
  endAt: number,
  issue: ClockIssue,
  clock: CycleClock,
  scopeStartAt: number | null = null,
): CycleClock {
  const startIndex = clockStartIndex(rule, history, from, to, scopeStartAt);
  clock.startIndex = startIndex;
  clock.startAt = Infinity;
  clock.stopAt = Infinity;
  if (startIndex < 0) return clock;
  const beganAt = (history[from] as StatusEntry).at;
  const startAt = clockStartAt(rule, history, from, startIndex, scopeStartAt);
  clock.startAt = startAt;
  let stopAt = Infinity;
  if (rule.stopOnAcknowledged || rule.stopOnResolved) {
    let acknowledgedAt = Infinity;
    let resolvedAt = Infinity;
    for (let i = from; i < to; i++) {
      const entry = history[i] as StatusEntry;
      if (entry.category !== 'todo' && acknowledgedAt === Infinity) acknowledgedAt = entry.at;
      if (entry.category === 'done') {
        resolvedAt = entry.at;
        break;
      }
    }
    const { acknowledgedAt: acked, resolvedAt: resolved } = issue;
    if (acked !== undefined && acked >= beganAt && acked < endAt && acked < acknowledgedAt) {
      acknowledgedAt = acked;
    }
    if (
      resolved !== undefined &&
      resolved >= beganAt &&
      resolved < endAt &&
      resolved < resolvedAt
    ) {
      resolvedAt = resolved;
    }
    if (rule.stopOnAcknowledged && acknowledgedAt < stopAt) stopAt = acknowledgedAt;
    if (rule.stopOnResolved && resolvedAt < stopAt) stopAt = resolvedAt;
  }
  if (rule.stopCategories.length > 0 || rule.stopStatuses.length > 0) {
    for (let i = startIndex; i < to; i++) {
      const entry = history[i] as StatusEntry;
      if (entry.at >= stopAt) break;
      if (
        rule.stopCategories.includes(entry.category) ||
        rule.stopStatuses.includes(entry.status)
      ) {
        stopAt = entry.at;
        break;
      }
    }
  }
  clock.stopAt = stopAt < startAt ? startAt : stopAt;
  return clock;
}
