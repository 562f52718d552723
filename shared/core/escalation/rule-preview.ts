/**
 * What a rule would do if saved now: which current issues it takes in and, for each, where its
 * clock stands, when the next level comes due, when it breaches, and which levels would fire
 * the moment it is saved (late ones for clocks that started long ago). An edit of a stored
 * rule is previewed as its next version: clocks already under way keep the version they
 * started with, as they will after the save.
 */
import type { Issue, IssueEvent, Location, Workflow } from '../../domain';
import type {
  ClockState,
  DueLevel,
  EscalationRecord,
  EscalationRule,
  EscalationRuleDraft,
} from '../../escalation';
import { isClockStart } from '../../escalation';
import { EscalationModel } from './escalation-model';

export interface RulePreviewInput {
  draft: EscalationRuleDraft;
  /** The rule being edited; absent for a new rule. */
  ruleId?: string;
  /** The stored versions of that rule. */
  versions: readonly EscalationRule[];
  issues: readonly Issue[];
  /** Issue histories (status changes and snoozes are what counts). */
  events: readonly IssueEvent[];
  /** The escalation records of the rule. */
  fired: readonly EscalationRecord[];
  workflows: readonly Workflow[];
  locations: readonly Location[];
  now: number;
}

export interface RulePreviewRow {
  issue: Issue;
  state: Exclude<ClockState, 'not-applicable'>;
  /** The next level and when it comes due (null: none to come, or the clock does not run). */
  nextLevel: number | null;
  nextRepeat: number | null;
  nextLevelAt: number | null;
  breachAt: number | null;
  breached: boolean;
  /** Levels that would fire as soon as the rule is saved. */
  dueNow: DueLevel[];
}

export interface RulePreview {
  rows: RulePreviewRow[];
  /** Issues the rule takes in (rows holds them all, most urgent first). */
  matches: number;
  /** Levels that would fire at once, over all issues. */
  firingNow: number;
}

const PREVIEW_RULE_ID = 'preview';

function urgency(row: RulePreviewRow): number {
  if (row.dueNow.length > 0) return -Infinity;
  return row.nextLevelAt ?? row.breachAt ?? Infinity;
}

export function previewRule(input: RulePreviewInput): RulePreview {
  const id = input.ruleId ?? PREVIEW_RULE_ID;
  const stored = input.versions.filter((v) => v.id === id);
  const version = stored.reduce((max, v) => Math.max(max, v.version), 0) + 1;
  const rule: EscalationRule = {
    ...input.draft,
    id,
    version,
    updatedAt: input.now,
    updatedBy: 'preview',
  };
  const model = new EscalationModel();
  for (const workflow of input.workflows) model.upsertWorkflow(workflow);
  for (const location of input.locations) model.upsertLocation(location);
  for (const v of stored) model.addRuleVersion(v);
  model.addRuleVersion(rule);
  for (const issue of input.issues) model.upsertIssue(issue);
  for (const event of input.events) model.addIssueEvent(event);
  for (const record of input.fired) if (record.ruleId === id) model.addFired(record, false);
  model.markAllDirty();
  const due = new Map<string, DueLevel[]>();
  for (const level of model.process(input.now)) {
    // A clock start would be recorded, but it fires nothing.
    if (isClockStart(level)) continue;
    const list = due.get(level.issueId);
    if (list === undefined) due.set(level.issueId, [level]);
    else list.push(level);
  }
  const rows: RulePreviewRow[] = [];
  for (const issue of input.issues) {
    const view = model.ruleView(issue.id, id, input.now);
    if (view === null || view.state === 'not-applicable') continue;
    rows.push({
      issue,
      state: view.state,
      nextLevel: view.nextLevel,
      nextRepeat: view.nextRepeat,
      nextLevelAt: view.nextLevelAt,
      breachAt: view.breachAt,
      breached: view.breached,
      dueNow: due.get(issue.id) ?? [],
    });
  }
  rows.sort((a, b) => urgency(a) - urgency(b) || (a.issue.id < b.issue.id ? -1 : 1));
  return {
    rows,
    matches: rows.length,
    firingNow: rows.reduce((sum, row) => sum + row.dueNow.length, 0),
  };
}
