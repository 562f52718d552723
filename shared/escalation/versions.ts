/**
 * Rule versions and the version freeze. Every save of a rule is a new immutable version; the
 * version that escalates an issue's cycle is the one that was in force when that cycle's clock
 * started, so editing a rule never changes an escalation already under way.
 *
 * Which version that is needs no record of its own:
 * 1. once a level of the cycle has fired, its escalation record names the version (records
 *    win: they are what a device decided at the time);
 * 2. before that, it is derived from the versions' save times: the first version (oldest
 *    first) whose own clock start for the cycle lies in the period it was in force, from its
 *    `updatedAt` to the next version's (the first version counts from the beginning of time,
 *    so a rule created after a clock started still applies with its first version);
 * 3. when no version's clock has started yet, the newest version applies (nothing is frozen).
 * Every device derives the same answer from the same data.
 */
import type { EscalationRule } from './rule';
import { clockStartAt, clockStartIndex, compileRule } from './clock';
import { recordedClockStart, recordedRuleVersion, type FiredLevel } from './records';
import { cycleEnd, orderedTimeline, type StatusEntry } from './timeline';
import type { Issue } from '../domain';

/** The primary key of a stored rule version: `${id}@${version}`. */
export function ruleVersionKey(id: string, version: number): string {
  return `${id}@${version}`;
}

/** Versions ordered oldest first; the array given when it already is. */
export function sortedVersions(versions: readonly EscalationRule[]): readonly EscalationRule[] {
  for (let i = 1; i < versions.length; i++) {
    if ((versions[i] as EscalationRule).version < (versions[i - 1] as EscalationRule).version) {
      return [...versions].sort((a, b) => a.version - b.version);
    }
  }
  return versions;
}

/** The newest version of every rule among stored versions of many rules. */
export function latestVersions(versions: readonly EscalationRule[]): EscalationRule[] {
  const latest = new Map<string, EscalationRule>();
  for (const rule of versions) {
    const known = latest.get(rule.id);
    if (known === undefined || rule.version > known.version) latest.set(rule.id, rule);
  }
  return [...latest.values()];
}

/** Stored versions grouped by rule id, each group oldest first. */
export function versionsByRule(versions: readonly EscalationRule[]): Map<string, EscalationRule[]> {
  const groups = new Map<string, EscalationRule[]>();
  for (const rule of versions) {
    const group = groups.get(rule.id);
    if (group === undefined) groups.set(rule.id, [rule]);
    else group.push(rule);
  }
  for (const group of groups.values()) group.sort((a, b) => a.version - b.version);
  return groups;
}

/**
 * The version frozen for the cycle [from, to) of an ordered timeline. `versions` must be
 * ordered oldest first and not empty. `scopeStartAt`: when the issue came into the rule's
 * scope in the cycle, for versions whose clock starts then (see `clockStartIndex`).
 */
export function frozenVersionForCycle(
  versions: readonly EscalationRule[],
  history: readonly StatusEntry[],
  from: number,
  to: number,
  cycle: number,
  fired: readonly FiredLevel[],
  scopeStartAt: number | null = null,
): EscalationRule {
  const newest = versions[versions.length - 1] as EscalationRule;
  if (versions.length === 1) return newest;
  const recorded = recordedRuleVersion(fired, cycle);
  if (recorded !== undefined) {
    for (const version of versions) if (version.version === recorded) return version;
  }
  for (let i = 0; i < versions.length; i++) {
    const version = versions[i] as EscalationRule;
    const compiled = compileRule(version);
    const startIndex = clockStartIndex(compiled, history, from, to, scopeStartAt);
    if (startIndex < 0) continue;
    const startAt = clockStartAt(compiled, history, from, startIndex, scopeStartAt);
    const inForceFrom = i === 0 ? -Infinity : version.updatedAt;
    const next = versions[i + 1];
    const inForceUntil = next === undefined ? Infinity : next.updatedAt;
    if (startAt >= inForceFrom && startAt < inForceUntil) return version;
  }
  return newest;
}

export interface FreezeInput {
  /** Every stored version of one rule, any order. */
  versions: readonly EscalationRule[];
  issue: Pick<Issue, 'status' | 'reportedAt' | 'acknowledgedAt' | 'resolvedAt'>;
  history: readonly StatusEntry[];
  /** The escalation records of this issue and rule. */
  fired: readonly FiredLevel[];
  /**
   * For versions whose clock starts when the issue comes into the scope: when it came in,
   * while no clock start of the cycle is recorded (see `EvaluateInput.scopeEnteredAt`).
   */
  scopeEnteredAt?: number;
}

/**
 * Which version of a rule escalates the issue's current cycle, and that cycle's number.
 * Store nothing extra: pass the returned `rule.version` on in the escalation records.
 */
export function frozenRuleVersion(input: FreezeInput): { cycle: number; rule: EscalationRule } {
  if (input.versions.length === 0) throw new Error('frozenRuleVersion needs at least one version');
  const versions = sortedVersions(input.versions);
  const history = orderedTimeline(input.history, input.issue);
  let from = 0;
  let cycle = 1;
  for (let to = cycleEnd(history, from); to < history.length; to = cycleEnd(history, from)) {
    from = to;
    cycle++;
  }
  const scopeStartAt = recordedClockStart(input.fired, cycle) ?? input.scopeEnteredAt ?? null;
  return {
    cycle,
    rule: frozenVersionForCycle(
      versions,
      history,
      from,
      history.length,
      cycle,
      input.fired,
      scopeStartAt,
    ),
  };
}
