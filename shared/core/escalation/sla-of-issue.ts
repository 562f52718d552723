/**
 * One issue's SLA, computed where the scheduler does not run (a window, a tab that is not the
 * leader): the same model, fed with that issue, its history, its fired levels and the rules.
 */
import type { Issue, IssueEvent, Location, Workflow } from '../../domain';
import type { EscalationRecord, EscalationRule } from '../../escalation';
import { EscalationModel } from './escalation-model';
import type { IssueSla } from './issue-sla';

export interface IssueSlaInput {
  issue: Issue;
  /** The issue's history (any order; entries other than status changes and snoozes are ignored). */
  events: readonly IssueEvent[];
  /** The escalation records of the issue. */
  fired: readonly EscalationRecord[];
  /** Every stored rule version. */
  rules: readonly EscalationRule[];
  workflows: readonly Workflow[];
  locations: readonly Location[];
}

/** The issue's SLA headline at `now`; null when no rule's clock is under way for it. */
export function slaOfIssue(input: IssueSlaInput, now: number): IssueSla | null {
  const model = new EscalationModel();
  for (const workflow of input.workflows) model.upsertWorkflow(workflow);
  for (const location of input.locations) model.upsertLocation(location);
  for (const rule of input.rules) model.addRuleVersion(rule);
  model.upsertIssue(input.issue);
  for (const event of input.events) model.addIssueEvent(event);
  for (const record of input.fired) model.addFired(record, false);
  model.process(now);
  return model.slaOf(input.issue.id);
}
