/**
 * The SLA headline of every issue the scheduler tracks, one slot per issue, in typed arrays:
 * keeping 100,000 headlines allocates nothing per evaluation and leaves the garbage collector
 * nothing to copy (an instant in an object's field is a boxed number, one allocation each).
 * An `IssueSla` is built only when someone asks for one.
 */
import {
  CLOCK_STATES,
  type ClockState,
  type EscalationRule,
  type SlaFigures,
  type SlaView,
} from '../../escalation';
import type { IssueSla } from './issue-sla';

/** The rule of a headline: its id, and its versions to name it by the one in force. */
export interface HeadlineRule {
  readonly id: string;
  readonly versions: readonly EscalationRule[];
  readonly newest: EscalationRule;
}

// Whole numbers: cycle, ruleVersion, elapsedMinutes, nextLevel, nextRepeat,
// remainingToNextMinutes, remainingToBreachMinutes, activeRules. Null is NO_INT.
const INTS = 8;
const NO_INT = -2147483648;
// Instants: startedAt, stoppedAt, nextLevelAt, breachAt, snoozedUntil, evaluatedAt. Null is NaN.
const TIMES = 6;
// Bits of the flags.
const PAUSED = 1;
const WITHIN = 2;
const BREACHED = 4;
const OVERDUE = 8;
const ESCALATED = 16;

function int(value: number | null): number {
  return value === null ? NO_INT : value;
}

function fromInt(value: number): number | null {
  return value === NO_INT ? null : value;
}

function fromTime(value: number): number | null {
  return value === value ? value : null;
}

export class HeadlineStore {
  private slots = 0;
  private rules: (HeadlineRule | null)[] = [];
  private states = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private ints = new Int32Array(0);
  private times = new Float64Array(0);

  /** A new slot, without a headline. Slots are never given out again. */
  allocate(): number {
    const slot = this.slots++;
    if (slot >= this.states.length) this.grow(Math.max(1024, this.states.length * 2));
    this.rules.push(null);
    return slot;
  }

  has(slot: number): boolean {
    return this.rules[slot] !== null;
  }

  /**
   * Sets the headline of a slot; returns whether it shows differently than before (the fields
   * `sameIssueSla` compares).
   */
  set(
    slot: number,
    rule: HeadlineRule,
    view: SlaView | SlaFigures,
    overdue: boolean,
    escalated: boolean,
    snoozedUntil: number | null,
    activeRules: number,
    evaluatedAt: number,
  ): boolean {
    const i = slot * INTS;
    const t = slot * TIMES;
    const { ints, times } = this;
    const state = CLOCK_STATES.indexOf(view.state);
    const flags =
      (view.paused ? PAUSED : 0) |
      (view.withinCalendarHours ? WITHIN : 0) |
      (view.breached ? BREACHED : 0) |
      (overdue ? OVERDUE : 0) |
      (escalated ? ESCALATED : 0);
    const startedAt = view.startedAt ?? Number.NaN;
    const stoppedAt = view.stoppedAt ?? Number.NaN;
    const nextLevelAt = view.nextLevelAt ?? Number.NaN;
    const breachAt = view.breachAt ?? Number.NaN;
    const snoozed = snoozedUntil ?? Number.NaN;
    const changed =
      this.rules[slot]?.id !== rule.id ||
      this.states[slot] !== state ||
      ((this.flags[slot] as number) & ~WITHIN) !== (flags & ~WITHIN) ||
      ints[i] !== view.cycle ||
      ints[i + 1] !== view.ruleVersion ||
      ints[i + 3] !== int(view.nextLevel) ||
      ints[i + 4] !== int(view.nextRepeat) ||
      ints[i + 7] !== activeRules ||
      !Object.is(times[t], startedAt) ||
      !Object.is(times[t + 1], stoppedAt) ||
      !Object.is(times[t + 2], nextLevelAt) ||
      !Object.is(times[t + 3], breachAt) ||
      !Object.is(times[t + 4], snoozed);
    this.rules[slot] = rule;
    this.states[slot] = state;
    this.flags[slot] = flags;
    ints[i] = view.cycle;
    ints[i + 1] = view.ruleVersion;
    ints[i + 2] = view.elapsedMinutes;
    ints[i + 3] = int(view.nextLevel);
    ints[i + 4] = int(view.nextRepeat);
    ints[i + 5] = int(view.remainingToNextMinutes);
    ints[i + 6] = int(view.remainingToBreachMinutes);
    ints[i + 7] = activeRules;
    times[t] = startedAt;
    times[t + 1] = stoppedAt;
    times[t + 2] = nextLevelAt;
    times[t + 3] = breachAt;
    times[t + 4] = snoozed;
    times[t + 5] = evaluatedAt;
    return changed;
  }

  /** Removes the headline of a slot; returns whether it had one. */
  clear(slot: number): boolean {
    if (this.rules[slot] === null) return false;
    this.rules[slot] = null;
    return true;
  }

  /** The headline as the tray, cards and panels read it; null when the slot has none. */
  get(slot: number, issueId: string): IssueSla | null {
    const rule = this.rules[slot];
    if (rule === null || rule === undefined) return null;
    const i = slot * INTS;
    const t = slot * TIMES;
    const { ints, times } = this;
    const flags = this.flags[slot] as number;
    const ruleVersion = ints[i + 1] as number;
    const sla: SlaView = {
      state: CLOCK_STATES[this.states[slot] as number] as ClockState,
      cycle: ints[i] as number,
      ruleVersion,
      startedAt: fromTime(times[t] as number),
      stoppedAt: fromTime(times[t + 1] as number),
      paused: (flags & PAUSED) !== 0,
      withinCalendarHours: (flags & WITHIN) !== 0,
      elapsedMinutes: ints[i + 2] as number,
      nextLevel: fromInt(ints[i + 3] as number),
      nextRepeat: fromInt(ints[i + 4] as number),
      nextLevelAt: fromTime(times[t + 2] as number),
      remainingToNextMinutes: fromInt(ints[i + 5] as number),
      breachAt: fromTime(times[t + 3] as number),
      remainingToBreachMinutes: fromInt(ints[i + 6] as number),
      breached: (flags & BREACHED) !== 0,
    };
    return {
      issueId,
      ruleId: rule.id,
      ruleName: this.ruleName(slot),
      sla,
      overdue: (flags & OVERDUE) !== 0,
      escalated: (flags & ESCALATED) !== 0,
      snoozedUntil: fromTime(times[t + 4] as number),
      activeRules: ints[i + 7] as number,
      evaluatedAt: times[t + 5] as number,
    };
  }

  /** The name of the headline's rule in the version that escalates (the newest if unknown). */
  ruleName(slot: number): string {
    const rule = this.rules[slot];
    if (rule === null || rule === undefined) return '';
    const version = this.ints[slot * INTS + 1];
    return (rule.versions.find((v) => v.version === version) ?? rule.newest).name;
  }

  breachAt(slot: number): number | null {
    return this.rules[slot] === null ? null : fromTime(this.times[slot * TIMES + 3] as number);
  }

  nextLevelAt(slot: number): number | null {
    return this.rules[slot] === null ? null : fromTime(this.times[slot * TIMES + 2] as number);
  }

  private grow(capacity: number): void {
    const states = new Uint8Array(capacity);
    states.set(this.states);
    this.states = states;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    const ints = new Int32Array(capacity * INTS);
    ints.set(this.ints);
    this.ints = ints;
    const times = new Float64Array(capacity * TIMES);
    times.set(this.times);
    this.times = times;
  }
}
