/**
 * What the board may do with a card, decided by the issue's workflow alone: whether a drop
 * on (or a "Move to…" into) a column is a legal transition for the acting user, which
 * transition it takes, whether it asks for a resolution comment first, and why not.
 */
import type {
  Actor,
  Issue,
  Workflow,
  WorkflowStatus,
  WorkflowTransition,
} from '../../../shared/domain';
import { availableTransitions, findTransitionTo, statusOf } from '../../../shared/workflow';

export type MovePlan =
  /** Dropped where it already is: nothing to do. */
  | { kind: 'stay' }
  /** The move is not possible; `message` says why, in a sentence for the user. */
  | { kind: 'refused'; message: string }
  | {
      kind: 'move';
      transition: WorkflowTransition;
      target: WorkflowStatus;
      /** The transition's validators ask for a resolution comment: ask before moving. */
      needsComment: boolean;
    };

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Plans moving `issue` into the column of `toStatus`. */
export function planMove(
  workflow: Workflow,
  issue: Pick<Issue, 'status' | 'assignee'>,
  toStatus: string,
  actor: Pick<Actor, 'role'>,
): MovePlan {
  if (toStatus === issue.status) return { kind: 'stay' };
  const from = statusOf(workflow, issue.status);
  const target = statusOf(workflow, toStatus);
  if (!target) {
    return { kind: 'refused', message: `"${toStatus}" is not a status of this workflow.` };
  }
  if (!from) {
    return {
      kind: 'refused',
      message: `The issue's status "${issue.status}" is not part of workflow "${workflow.name}", so it cannot be moved from here.`,
    };
  }
  const transition = findTransitionTo(workflow, issue.status, toStatus, actor);
  const available = availableTransitions(workflow, issue, actor);
  if (!transition) {
    const reachable = available.filter((a) => a.allowed).map((a) => a.target.name);
    const where =
      reachable.length === 0
        ? `Nothing can be done with a ${from.name} issue in your role.`
        : `From ${from.name} it can move to ${listWords([...new Set(reachable)])}.`;
    return {
      kind: 'refused',
      message: `An issue cannot move from ${from.name} to ${target.name} directly. ${where}`,
    };
  }
  const offer = available.find((a) => a.transition.id === transition.id);
  if (!offer?.allowed) {
    return {
      kind: 'refused',
      message: offer?.reason ?? `"${transition.name}" cannot be taken now.`,
    };
  }
  return {
    kind: 'move',
    transition,
    target,
    needsComment: offer.requires.includes('resolutionComment'),
  };
}

/** Every other column of the workflow, with what moving there would do ("Move to…" menu). */
export function moveTargets(
  workflow: Workflow,
  issue: Pick<Issue, 'status' | 'assignee'>,
  actor: Pick<Actor, 'role'>,
): { status: WorkflowStatus; plan: MovePlan }[] {
  return workflow.statuses
    .filter((status) => status.id !== issue.status)
    .map((status) => ({ status, plan: planMove(workflow, issue, status.id, actor) }));
}
