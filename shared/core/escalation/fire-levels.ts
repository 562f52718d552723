/**
 * Firing due levels: the escalation record first (its deterministic id makes the firing
 * idempotent across devices and restarts), then the level's local actions through the core's
 * own issue-writing path. External actions (Jira, BPA) are only written into the record: the
 * sync server runs them, once.
 *
 * The record is written before the local actions: a crash in between loses the actions of
 * that level (at most once) rather than applying them twice after a restart.
 *
 * When several levels of one rule and issue fire together (a catch-up after a sleep, or a
 * rule that starts to apply to an old issue), every level is recorded and named in the
 * issue's history, their field changes are applied together in order, and only the last
 * level's comments are written: the earlier ones would describe moments that have passed.
 * Stale levels (the clock stopped meanwhile) and clock starts (level 0) are recorded only.
 */
import type {
  Actor,
  Issue,
  IssueComment,
  IssueEvent,
  IssueEventKind,
  IssuePatch,
} from '../../domain';
import { COMMENT_MAX } from '../../domain';
import {
  escalationActionKey,
  isClockStart,
  issuePatchForActions,
  renderTemplate,
  toEscalationRecord,
  type DueLevel,
  type EscalationAction,
  type EscalationRecord,
} from '../../escalation';
import type { AppDatabase } from '../database';
import { stableId } from './stable-id';

/** The core's own way of changing an issue: atomic, stamped, with its history entry. */
export type ModifyIssue = (
  issueId: string,
  kind: IssueEventKind,
  change: (current: Issue, now: number) => Issue,
  extra: Pick<IssueEvent, 'note'> & { id?: string },
) => Promise<Issue>;

export interface FireLevelsDeps {
  db: AppDatabase;
  /** Who acts now (the signed-in user, or the device's own identity). */
  actor(): Actor;
  modifyIssue: ModifyIssue;
  applyPatch(issue: Issue, patch: IssuePatch): Issue;
  /** Told about what could not be written; the scheduler carries on. */
  onError(message: string, error: unknown): void;
}

export type FireOutcome =
  /** This device recorded the level (and applied its local actions unless stale). */
  | { kind: 'fired'; level: DueLevel; record: EscalationRecord }
  /** Another device (or an earlier run) had recorded it: nothing was done. */
  | { kind: 'already-fired'; level: DueLevel; record: EscalationRecord | null }
  /** The record could not be written (it is retried after the next start). */
  | { kind: 'failed'; level: DueLevel };

const FIELD_ACTIONS = new Set<EscalationAction['type']>([
  'raise-priority',
  'set-severity',
  'assign',
]);

/** The id of the history entry a fired level writes. */
export function escalationEventId(escalationId: string): string {
  return stableId(`${escalationId}#event`);
}

/** The id of the comment a fired level's action writes. */
export function escalationCommentId(escalationId: string, actionIndex: number): string {
  return stableId(escalationActionKey(escalationId, actionIndex));
}

function isConflict(error: { status?: number }): boolean {
  return error.status === 409;
}

export async function fireLevels(
  deps: FireLevelsDeps,
  levels: readonly DueLevel[],
  now: number,
): Promise<FireOutcome[]> {
  const { db } = deps;
  const actor = deps.actor();
  if (levels.length === 0) return [];
  const records = levels.map((level) =>
    toEscalationRecord(level, now, actor.userId, actor.deviceId),
  );
  const written = await db.escalations.bulkInsert(records);
  const failed = new Map<string, { status?: number; documentInDb?: unknown }>();
  for (const error of written.error) failed.set(error.documentId, error);

  const outcomes: FireOutcome[] = levels.map((level, i) => {
    const record = records[i] as EscalationRecord;
    const error = failed.get(record.id);
    if (error === undefined) return { kind: 'fired', level, record };
    if (isConflict(error)) {
      const existing = (error.documentInDb as EscalationRecord | undefined) ?? null;
      return { kind: 'already-fired', level, record: existing };
    }
    deps.onError(`The escalation ${record.id} could not be recorded`, error);
    return { kind: 'failed', level };
  });

  const groups = new Map<string, DueLevel[]>();
  for (const outcome of outcomes) {
    if (outcome.kind !== 'fired' || outcome.level.stale || isClockStart(outcome.level)) continue;
    const { level } = outcome;
    const key = `${level.issueId}\u0001${level.ruleId}\u0001${level.cycle}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [level]);
    else group.push(level);
  }
  for (const group of groups.values()) {
    try {
      await applyLocalActions(deps, group, now);
    } catch (error) {
      deps.onError(
        `The actions of escalation ${(group[group.length - 1] as DueLevel).id} failed`,
        error,
      );
    }
  }
  return outcomes;
}

async function applyLocalActions(
  deps: FireLevelsDeps,
  group: readonly DueLevel[],
  now: number,
): Promise<void> {
  const { db } = deps;
  const actor = deps.actor();
  const last = group[group.length - 1] as DueLevel;
  const fieldActions = group.flatMap((level) =>
    level.actions.filter((action) => FIELD_ACTIONS.has(action.type)),
  );
  let issue: Issue | null = null;
  if (fieldActions.length > 0) {
    issue = await deps.modifyIssue(
      last.issueId,
      'escalated',
      (current) => deps.applyPatch(current, issuePatchForActions(current, fieldActions)),
      { id: escalationEventId(last.id), note: last.id },
    );
  } else {
    const doc = await db.issues.findOne(last.issueId).exec();
    if (doc === null) return;
    issue = doc.toMutableJSON();
  }

  // One history entry per level; the last one's may already hold the field changes.
  const events: IssueEvent[] = group.map((level) => ({
    id: escalationEventId(level.id),
    issueId: level.issueId,
    kind: 'escalated',
    actor: actor.userId,
    deviceId: actor.deviceId,
    at: now,
    changes: [],
    note: level.id,
  }));
  await insertIgnoringDuplicates(deps, db.issue_events, events);

  const comments: IssueComment[] = [];
  last.actions.forEach((action, index) => {
    if (action.type !== 'comment') return;
    const body = String(
      renderTemplate(action.body, {
        issue: issue,
        escalation: {
          id: last.id,
          ruleId: last.ruleId,
          ruleName: last.rule.name,
          cycle: last.cycle,
          level: last.level,
          repeat: last.repeat,
          dueAt: last.dueAt,
          late: last.late,
        },
      }) ?? '',
    )
      .trim()
      .slice(0, COMMENT_MAX);
    if (body === '') return;
    comments.push({
      id: escalationCommentId(last.id, index),
      issueId: last.issueId,
      author: actor.userId,
      deviceId: actor.deviceId,
      body,
      createdAt: now,
    });
  });
  await insertIgnoringDuplicates(deps, db.comments, comments);
}

async function insertIgnoringDuplicates<T extends { id: string }>(
  deps: FireLevelsDeps,
  collection: {
    bulkInsert(docs: T[]): Promise<{ error: { status?: number; documentId: string }[] }>;
  },
  docs: T[],
): Promise<void> {
  if (docs.length === 0) return;
  const { error } = await collection.bulkInsert(docs);
  for (const problem of error) {
    if (!isConflict(problem)) {
      deps.onError(`The escalation's ${problem.documentId} could not be written`, problem);
    }
  }
}
