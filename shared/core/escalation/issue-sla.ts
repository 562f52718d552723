/**
 * An issue's SLA as the tray, the cards and the issue detail show it: of all the rules whose
 * clocks run for the issue, the one that breaches first (the headline), plus whether any of
 * them is overdue or has escalated. Built by the escalation model from the engine's SlaView.
 */
import type { SlaView } from '../../escalation';

export interface IssueSla {
  issueId: string;
  /** The headline rule: the running or paused clock that breaches first (else the most
   * telling stopped one of the current cycle). */
  ruleId: string;
  ruleName: string;
  sla: SlaView;
  /** A clock that runs (or is paused) has passed its last level: the issue is overdue. */
  overdue: boolean;
  /** A level of a clock that runs (or is paused) has fired in the current cycle. */
  escalated: boolean;
  /** Nothing fires before then (a person snoozed the issue's escalations). */
  snoozedUntil: number | null;
  /** Rules whose clocks run or are paused now. */
  activeRules: number;
  evaluatedAt: number;
}

/** True for the clock states a person still has to act on. */
export function isActiveClock(view: Pick<SlaView, 'state'>): boolean {
  return view.state === 'running' || view.state === 'paused';
}

/**
 * What the headline is chosen by: an `SlaView`, or the engine's `SlaFigures` (whose instants
 * are NaN where a view's are null).
 */
export type HeadlineView = Pick<SlaView, 'state' | 'breached' | 'remainingToBreachMinutes'> & {
  breachAt: number | null;
};

/**
 * When the view will breach, as an instant to sort by: its breach time when known, else (a
 * paused clock) now plus what is left; Infinity when the rule has no breach to come.
 */
export function breachRank(view: HeadlineView, now: number): number {
  const { breachAt } = view;
  if (breachAt !== null && breachAt === breachAt) return breachAt;
  if (view.remainingToBreachMinutes !== null) return now + view.remainingToBreachMinutes * 60_000;
  return Infinity;
}

/**
 * Whether `candidate` makes a better headline than `current`: an active clock beats a stopped
 * one; among active ones the earlier breach wins; among stopped ones a breached one wins.
 * Ties go to the lower rule id, so every device picks the same headline.
 */
export function betterHeadline(
  candidate: { ruleId: string; sla: SlaView },
  current: { ruleId: string; sla: SlaView } | null,
  now: number,
): boolean {
  if (current === null) return true;
  return isBetterHeadline(candidate.ruleId, candidate.sla, current.ruleId, current.sla, now);
}

/** `betterHeadline` without the wrapping objects, for the scheduler's inner loop. */
export function isBetterHeadline(
  candidateRuleId: string,
  candidate: HeadlineView,
  currentRuleId: string,
  current: HeadlineView,
  now: number,
): boolean {
  const activeCandidate = isActiveClock(candidate);
  const activeCurrent = isActiveClock(current);
  if (activeCandidate !== activeCurrent) return activeCandidate;
  if (activeCandidate) {
    const a = breachRank(candidate, now);
    const b = breachRank(current, now);
    if (a !== b) return a < b;
  } else if (candidate.breached !== current.breached) {
    return candidate.breached;
  }
  return candidateRuleId < currentRuleId;
}

/** Whether two headlines would show the same (so no change needs to be announced). */
export function sameIssueSla(a: IssueSla | null, b: IssueSla | null): boolean {
  if (a === null || b === null) return a === b;
  const x = a.sla;
  const y = b.sla;
  return (
    a.ruleId === b.ruleId &&
    a.overdue === b.overdue &&
    a.escalated === b.escalated &&
    a.snoozedUntil === b.snoozedUntil &&
    a.activeRules === b.activeRules &&
    x.state === y.state &&
    x.cycle === y.cycle &&
    x.ruleVersion === y.ruleVersion &&
    x.breached === y.breached &&
    x.breachAt === y.breachAt &&
    x.nextLevel === y.nextLevel &&
    x.nextRepeat === y.nextRepeat &&
    x.nextLevelAt === y.nextLevelAt &&
    x.startedAt === y.startedAt &&
    x.stoppedAt === y.stoppedAt &&
    x.paused === y.paused
  );
}
