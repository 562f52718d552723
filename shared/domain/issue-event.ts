/**
 * Append-only history of an issue: one document per accepted change, naming who made it,
 * from which device, when, and every field that changed with its old and new value.
 */

export type EventValue = string | number | boolean | null;

export interface FieldChange {
  field: string;
  from: EventValue;
  to: EventValue;
}

export const ISSUE_EVENT_KINDS = [
  'created',
  'updated',
  'transitioned',
  'commented',
  'conflict-resolved',
  'escalated',
] as const;
export type IssueEventKind = (typeof ISSUE_EVENT_KINDS)[number];

export interface IssueEvent {
  id: string;
  issueId: string;
  kind: IssueEventKind;
  actor: string;
  deviceId: string;
  at: number;
  changes: FieldChange[];
  /** The transition taken, for kind 'transitioned'. */
  transitionId?: string;
  /** Free text: a comment's id, a conflict's losing value, an escalation's id. */
  note?: string;
}
