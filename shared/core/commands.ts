/**
 * The commands of the app core: the only way the UI and the rest of the app write data.
 * The same interface is served in-process (web edition, Node) and over IPC (Electron).
 * The acting user and device are bound when the core is created, never taken from callers.
 */
import type { Issue, IssueComment, IssuePatch, Location, NewIssueInput, Workflow } from '../domain';
import type { EscalationRule, EscalationRuleDraft } from '../escalation/rule';
import type { IssueSnooze } from './escalation/snooze';

export interface TransitionInput {
  resolutionComment?: string;
}

export interface NewLocationInput {
  name: string;
  kind: Location['kind'];
  parentId?: string;
  timeZone?: string;
  calendar?: Location['calendar'];
}

/** An edit of a location; null clears its time zone or calendar, so its parent's applies. */
export interface LocationPatch {
  name?: Location['name'];
  timeZone?: NonNullable<Location['timeZone']> | null;
  calendar?: NonNullable<Location['calendar']> | null;
}

export interface AppCommands {
  createIssue(input: NewIssueInput): Promise<Issue>;
  /** `expectedVersion`, when given, makes the edit fail if someone else changed the issue. */
  updateIssue(issueId: string, patch: IssuePatch, expectedVersion?: number): Promise<Issue>;
  transition(issueId: string, transitionId: string, input?: TransitionInput): Promise<Issue>;
  addComment(issueId: string, body: string): Promise<IssueComment>;
  createLocation(input: NewLocationInput): Promise<Location>;
  updateLocation(locationId: string, patch: LocationPatch): Promise<Location>;
  saveWorkflow(workflow: Omit<Workflow, 'updatedAt'>): Promise<Workflow>;
  /**
   * Takes the workflow's transition from the issue's status into an in-progress status (the
   * acknowledgement); refuses when there is none the actor may take.
   */
  acknowledgeIssue(issueId: string): Promise<Issue>;
  /** Defers every escalation of the issue until `until` (epoch ms, in the next 7 days). */
  snoozeIssue(issueId: string, until: number): Promise<IssueSnooze>;
  /**
   * Saves a rule: a new rule (version 1) without `ruleId`, else the next version of that rule.
   * `expectedVersion`, when given, makes the save fail if someone saved another version since.
   */
  saveEscalationRule(
    draft: EscalationRuleDraft,
    ruleId?: string,
    expectedVersion?: number,
  ): Promise<EscalationRule>;
  /** Switches a rule on or off (a new version; none when it already is). */
  setEscalationRuleEnabled(ruleId: string, enabled: boolean): Promise<EscalationRule>;
}

export type AppCommandName = keyof AppCommands;
