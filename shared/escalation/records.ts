/**
 * The `escalations` documents: one per fired level, written once. The id is deterministic, so
 * two devices that fire the same level offline write the same document and converge on one.
 *
 * Id: `${issueId}:${ruleId}:${cycle}:${level}` for the first pass through the levels, and
 * `${issueId}:${ruleId}:${cycle}:${level}.${repeat}` for repeat n ≥ 1 (level and repeat stay
 * readable: "level 3, second repeat" is `…:3.2`). Cycle and level count from 1.
 *
 * Level 0 is no level but the clock's start, for rules whose clock starts when the issue comes
 * into their scope (`{ on: 'scope' }`): `…:${cycle}:0`, written once like a level, with no
 * actions; its `dueAt` is the instant the clock started and its `ruleVersion` the version then
 * in force. It is what makes that start the same on every device and after every restart.
 */
import type { EscalationAction, EscalationRule } from './rule';

/** The `level` of a clock-start record. */
export const CLOCK_START_LEVEL = 0;

export interface EscalationRecord {
  id: string;
  issueId: string;
  ruleId: string;
  /** The rule version that escalated this cycle (frozen when the cycle's clock started). */
  ruleVersion: number;
  /** The rule's name at the time, for display after a rename. */
  ruleName: string;
  cycle: number;
  /** 1-based; 0 for the clock's start (`CLOCK_START_LEVEL`). */
  level: number;
  repeat: number;
  /** When the clock reached the level (for a clock-start record: when the clock started). */
  dueAt: number;
  /** When it was fired (recorded) by the device (or the server) named below. */
  firedAt: number;
  /** Fired well after it was due (the machine slept, or nobody ran the engine). */
  late: boolean;
  lateByMs: number;
  /** The level's actions as they were: the sync server runs the external ones from here. */
  actions: EscalationAction[];
  firedBy: string;
  deviceId: string;
}

/** What the engine needs to know of a fired level (an `EscalationRecord` is one). */
export interface FiredLevel {
  cycle: number;
  level: number;
  repeat: number;
  ruleVersion: number;
  /** Needed of clock-start records (level 0): when the clock started. */
  dueAt?: number;
}

/** A clock-start record (level 0), not a fired level: it has no actions and alerts no one. */
export function isClockStart(record: Pick<FiredLevel, 'level'>): boolean {
  return record.level === CLOCK_START_LEVEL;
}

/** The instant the clock of `cycle` started, when a clock-start record of it is known. */
export function recordedClockStart(fired: readonly FiredLevel[], cycle: number): number | null {
  for (let i = 0; i < fired.length; i++) {
    const record = fired[i] as FiredLevel;
    if (record.level === CLOCK_START_LEVEL && record.cycle === cycle) {
      return record.dueAt ?? null;
    }
  }
  return null;
}

export function escalationId(
  issueId: string,
  ruleId: string,
  cycle: number,
  level: number,
  repeat = 0,
): string {
  const base = `${issueId}:${ruleId}:${cycle}:${level}`;
  return repeat > 0 ? `${base}.${repeat}` : base;
}

export interface EscalationIdParts {
  issueId: string;
  ruleId: string;
  cycle: number;
  level: number;
  repeat: number;
}

/** Reads an escalation id back; null when it is not one. Issue and rule ids have no colon. */
export function parseEscalationId(id: string): EscalationIdParts | null {
  // Level 0 (a clock start) has no repeats.
  const match = /^([^:]+):([^:]+):([1-9]\d*):(?:(0)|([1-9]\d*)(?:\.([1-9]\d*))?)$/.exec(id);
  if (!match) return null;
  return {
    issueId: match[1] as string,
    ruleId: match[2] as string,
    cycle: Number(match[3]),
    level: match[4] === undefined ? Number(match[5]) : CLOCK_START_LEVEL,
    repeat: match[6] === undefined ? 0 : Number(match[6]),
  };
}

/**
 * A deterministic id for what one action of an escalation creates (a comment, a
 * notification), so that an action run twice on two devices still creates one thing.
 */
export function escalationActionKey(escalationId: string, actionIndex: number): string {
  return `${escalationId}#${actionIndex}`;
}

/** The levels of one rule and issue that were fired, as the engine's `fired` input. */
export function firedFor<T extends FiredLevel & { issueId: string; ruleId: string }>(
  records: readonly T[],
  issueId: string,
  ruleId: string,
): T[] {
  return records.filter((r) => r.issueId === issueId && r.ruleId === ruleId);
}

/** The rule version that escalates a cycle already under way, if any level of it was fired. */
export function recordedRuleVersion(
  fired: readonly FiredLevel[],
  cycle: number,
): number | undefined {
  let version: number | undefined;
  for (const record of fired) {
    if (record.cycle === cycle && (version === undefined || record.ruleVersion < version)) {
      version = record.ruleVersion;
    }
  }
  return version;
}

export function isFired(
  fired: readonly FiredLevel[],
  cycle: number,
  level: number,
  repeat: number,
): boolean {
  for (const record of fired) {
    if (record.cycle === cycle && record.level === level && record.repeat === repeat) return true;
  }
  return false;
}

/** What `toEscalationRecord` needs of a due level (a `DueLevel` is one). */
export interface DueLevelLike {
  id: string;
  issueId: string;
  ruleId: string;
  ruleVersion: number;
  cycle: number;
  level: number;
  repeat: number;
  dueAt: number;
  late: boolean;
  lateByMs: number;
  rule: Pick<EscalationRule, 'name'>;
  actions: readonly EscalationAction[];
}

/** The document to write for a due level fired at `firedAt` by a user on a device. */
export function toEscalationRecord(
  due: DueLevelLike,
  firedAt: number,
  firedBy: string,
  deviceId: string,
): EscalationRecord {
  return {
    id: due.id,
    issueId: due.issueId,
    ruleId: due.ruleId,
    ruleVersion: due.ruleVersion,
    ruleName: due.rule.name,
    cycle: due.cycle,
    level: due.level,
    repeat: due.repeat,
    dueAt: due.dueAt,
    firedAt,
    late: due.late,
    lateByMs: due.lateByMs,
    actions: JSON.parse(JSON.stringify(due.actions)) as EscalationAction[],
    firedBy,
    deviceId,
  };
}
