/**
 * The escalation commands of the core: acknowledge and snooze an issue (what the tray and the
 * notifications offer), save a rule as a new version, and switch a rule on or off.
 */
import type { Actor, FieldChange, Issue, IssueEvent, IssueEventKind, Workflow } from '../../domain';
import {
  RULE_ID_PATTERN,
  ruleVersionKey,
  validateEscalationRuleDraft,
  type EscalationRule,
  type EscalationRuleDraft,
  type EscalationRuleDocument,
} from '../../escalation';
import { DomainError } from '../../validation/errors';
import { availableTransitions, categoryOf, statusOf } from '../../workflow';
import type { Clock } from '../app-core';
import type { AppCommands } from '../commands';
import type { AppDatabase } from '../database';
import { ruleValidationOptions } from './rule-context';
import { SNOOZE_FIELD, SNOOZE_MAX_MS, SNOOZE_NOTE, type IssueSnooze } from './snooze';

export type EscalationCommands = Pick<
  AppCommands,
  'acknowledgeIssue' | 'snoozeIssue' | 'saveEscalationRule' | 'setEscalationRuleEnabled'
>;

export interface EscalationCommandsDeps {
  db: AppDatabase;
  /** Who acts now (the signed-in user, or the device's own identity). */
  actor(): Actor;
  /** Refuses with a DomainError ('forbidden') unless the actor may set the team up. */
  requireSetupRole(what: string): void;
  clock: Clock;
  newId(): string;
  getIssue(issueId: string): Promise<Issue>;
  getWorkflow(workflowId: string): Promise<Workflow>;
  transition: AppCommands['transition'];
  record(
    issueId: string,
    kind: IssueEventKind,
    changes: FieldChange[],
    extra: Pick<IssueEvent, 'note'>,
  ): Promise<void>;
}

/** A stored version as the app hands it out: without the storage key. */
export function toRule(doc: EscalationRuleDocument | EscalationRule): EscalationRule {
  const { key: _key, ...rule } = doc as EscalationRuleDocument;
  return rule;
}

function quoted(issue: Pick<Issue, 'title'>): string {
  return `"${issue.title}"`;
}

export function createEscalationCommands(deps: EscalationCommandsDeps): EscalationCommands {
  const { db, clock } = deps;

  async function versionsOf(ruleId: string): Promise<EscalationRule[]> {
    const docs = await db.escalation_rules.find({ selector: { id: ruleId } }).exec();
    return docs.map((doc) => toRule(doc.toMutableJSON())).sort((a, b) => a.version - b.version);
  }

  async function latestOf(ruleId: string): Promise<EscalationRule> {
    const latest = (await versionsOf(ruleId)).at(-1);
    if (latest === undefined) {
      throw new DomainError('not-found', `Escalation rule '${ruleId}' does not exist.`);
    }
    return latest;
  }

  async function store(rule: EscalationRule): Promise<EscalationRule> {
    const { error } = await db.escalation_rules.bulkInsert([
      { ...rule, key: ruleVersionKey(rule.id, rule.version) },
    ]);
    const problem = error[0];
    if (problem === undefined) return rule;
    if (problem.status === 409) {
      throw new DomainError(
        'conflict',
        `"${rule.name}" was saved meanwhile (version ${rule.version} exists). Reload the rule and apply your edit again.`,
      );
    }
    throw new Error(`The rule could not be stored (status ${problem.status}).`);
  }

  return {
    async acknowledgeIssue(issueId: string): Promise<Issue> {
      const issue = await deps.getIssue(issueId);
      const workflow = await deps.getWorkflow(issue.workflowId);
      const status = statusOf(workflow, issue.status);
      const category = categoryOf(workflow, issue.status);
      if (category === 'in-progress') {
        throw new DomainError(
          'illegal-transition',
          `${quoted(issue)} is already acknowledged: it is "${status?.name ?? issue.status}".`,
        );
      }
      if (category === 'done') {
        throw new DomainError(
          'illegal-transition',
          `${quoted(issue)} is "${status?.name ?? issue.status}": reopen it rather than acknowledge it.`,
        );
      }
      const candidates = availableTransitions(workflow, issue, deps.actor())
        .filter((t) => t.target.category === 'in-progress')
        // A transition that names the current status comes before one from any status.
        .sort(
          (a, b) => Number(a.transition.from.length === 0) - Number(b.transition.from.length === 0),
        );
      if (candidates.length === 0) {
        throw new DomainError(
          'illegal-transition',
          `${quoted(issue)} cannot be acknowledged: workflow "${workflow.name}" has no transition from "${status?.name ?? issue.status}" to an in-progress status.`,
        );
      }
      const chosen = candidates.find((t) => t.allowed);
      if (chosen === undefined) {
        throw new DomainError(
          'forbidden',
          `${quoted(issue)} cannot be acknowledged: ${candidates[0]?.reason ?? 'you may not take its transition.'}`,
        );
      }
      return deps.transition(issueId, chosen.transition.id);
    },

    async snoozeIssue(issueId: string, until: number): Promise<IssueSnooze> {
      const now = clock.now();
      if (!Number.isSafeInteger(until)) {
        throw DomainError.invalid(
          'until',
          'invalid-format',
          'A snooze ends at an instant: whole epoch milliseconds.',
        );
      }
      if (until <= now) {
        throw DomainError.invalid('until', 'out-of-range', 'A snooze must end in the future.');
      }
      if (until - now > SNOOZE_MAX_MS) {
        throw DomainError.invalid(
          'until',
          'out-of-range',
          `A snooze may last at most ${SNOOZE_MAX_MS / 86_400_000} days.`,
        );
      }
      await deps.getIssue(issueId);
      const previous = await db.issue_events
        .find({
          selector: { issueId, kind: 'escalated', note: SNOOZE_NOTE },
          sort: [{ at: 'desc' }],
          limit: 1,
        })
        .exec();
      const before = previous[0]?.changes.find((c) => c.field === SNOOZE_FIELD)?.to;
      await deps.record(
        issueId,
        'escalated',
        [{ field: SNOOZE_FIELD, from: typeof before === 'number' ? before : null, to: until }],
        { note: SNOOZE_NOTE },
      );
      return { issueId, until };
    },

    async saveEscalationRule(
      draft: EscalationRuleDraft,
      ruleId?: string,
      expectedVersion?: number,
    ): Promise<EscalationRule> {
      deps.requireSetupRole('Changing an escalation rule');
      const now = clock.now();
      const [workflows, locations] = await Promise.all([
        db.workflows.find().exec(),
        db.locations.find().exec(),
      ]);
      const valid = validateEscalationRuleDraft(
        draft,
        ruleValidationOptions(
          workflows.map((w) => w.toMutableJSON()),
          locations.map((l) => l.toMutableJSON()),
          now,
        ),
      );
      let id: string;
      let version = 1;
      if (ruleId === undefined) {
        id = deps.newId();
        if (!RULE_ID_PATTERN.test(id)) throw new Error(`The new rule id '${id}' is not usable.`);
      } else {
        const latest = await latestOf(ruleId);
        if (expectedVersion !== undefined && latest.version !== expectedVersion) {
          throw new DomainError(
            'conflict',
            `"${latest.name}" was changed meanwhile (version ${latest.version}, you edited version ${expectedVersion}). Reload it and apply your edit again.`,
          );
        }
        id = ruleId;
        version = latest.version + 1;
      }
      return store({ ...valid, id, version, updatedAt: now, updatedBy: deps.actor().userId });
    },

    async setEscalationRuleEnabled(ruleId: string, enabled: boolean): Promise<EscalationRule> {
      deps.requireSetupRole('Switching an escalation rule on or off');
      if (typeof enabled !== 'boolean') {
        throw DomainError.invalid('enabled', 'invalid-format', 'Enabled must be true or false.');
      }
      const latest = await latestOf(ruleId);
      if (latest.enabled === enabled) return latest;
      return store({
        ...latest,
        enabled,
        version: latest.version + 1,
        updatedAt: clock.now(),
        updatedBy: deps.actor().userId,
      });
    },
  };
}
