/**
 * What the local actions of a fired level do to the issue, as a pure patch the scheduler
 * applies with the ordinary issue commands (external actions are the sync server's).
 */
import {
  PRIORITIES,
  priorityRank,
  type Issue,
  type IssuePatch,
  type Priority,
  type Role,
} from '../domain';
import type { EscalationAction, NotifyRecipient } from './rule';

/** The priority after a raise: one step up, or up to `to`; never lower than it was. */
export function raisedPriority(current: Priority, to?: Priority): Priority {
  const rank = priorityRank(current);
  const target = to === undefined ? Math.min(rank + 1, PRIORITIES.length - 1) : priorityRank(to);
  return target > rank ? (PRIORITIES[target] as Priority) : current;
}

/**
 * The issue fields that a level's raise-priority, set-severity and assign actions change,
 * applied in order; empty when they change nothing.
 */
export function issuePatchForActions(
  issue: Pick<Issue, 'priority' | 'severity' | 'assignee'>,
  actions: readonly EscalationAction[],
): IssuePatch {
  let { priority, severity, assignee } = issue;
  for (const action of actions) {
    if (action.type === 'raise-priority') priority = raisedPriority(priority, action.to);
    else if (action.type === 'set-severity') severity = action.severity;
    else if (action.type === 'assign') assignee = action.assignee;
  }
  const patch: IssuePatch = {};
  if (priority !== issue.priority) patch.priority = priority;
  if (severity !== issue.severity) patch.severity = severity;
  if (assignee !== undefined && assignee !== issue.assignee) patch.assignee = assignee;
  return patch;
}

/** Who a notification reaches: user ids and roles, without duplicates. */
export function notificationAudience(
  issue: Pick<Issue, 'assignee' | 'reporter'>,
  recipients: readonly NotifyRecipient[],
): { userIds: string[]; roles: Role[] } {
  const userIds: string[] = [];
  const roles: Role[] = [];
  for (const recipient of recipients) {
    let userId: string | undefined;
    if (recipient.kind === 'assignee') userId = issue.assignee;
    else if (recipient.kind === 'reporter') userId = issue.reporter;
    else if (recipient.kind === 'user') userId = recipient.userId;
    else if (!roles.includes(recipient.role)) roles.push(recipient.role);
    if (userId !== undefined && !userIds.includes(userId)) userIds.push(userId);
  }
  return { userIds, roles };
}
