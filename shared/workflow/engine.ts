/**
 * The workflow engine: pure functions over a Workflow (data). It answers which transitions
 * an issue offers to an actor, and applies one: status, validators and post-functions.
 * Versioning, persistence and history are the core's business, not the engine's.
 */
import type {
  Actor,
  EventValue,
  FieldChange,
  Issue,
  Role,
  StatusCategory,
  TransitionValidator,
  Workflow,
  WorkflowStatus,
  WorkflowTransition,
} from '../domain';
import type { TransitionInput } from '../core/commands';
import { readResolutionComment } from '../validation/comment-input';
import { DomainError } from '../validation/errors';
import { ProblemCollector, readObject } from '../validation/problems';

export function statusOf(workflow: Workflow, statusId: string): WorkflowStatus | undefined {
  return workflow.statuses.find((s) => s.id === statusId);
}

export function categoryOf(workflow: Workflow, statusId: string): StatusCategory | undefined {
  return statusOf(workflow, statusId)?.category;
}

export function transitionOf(
  workflow: Workflow,
  transitionId: string,
): WorkflowTransition | undefined {
  return workflow.transitions.find((t) => t.id === transitionId);
}

/** True when the transition may start from the status: listed in `from` (or `from` is empty,
 * meaning any status) and not leading back to the status itself. */
export function startsFrom(transition: WorkflowTransition, statusId: string): boolean {
  if (transition.to === statusId) return false;
  return transition.from.length === 0 || transition.from.includes(statusId);
}

/** True when the role may take the transition (no roles listed means everyone may). */
export function roleMayTake(transition: WorkflowTransition, role: Role): boolean {
  return transition.roles.length === 0 || transition.roles.includes(role);
}

const ROLE_PLURALS: Record<Role, string> = {
  technician: 'technicians',
  supervisor: 'supervisors',
  admin: 'admins',
};

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function forbiddenReason(transition: WorkflowTransition): string {
  return `"${transition.name}" is for ${listWords(transition.roles.map((r) => ROLE_PLURALS[r]))} only.`;
}

/** A transition as the UI shows it: a button, enabled or not, with the reason why not. */
export interface AvailableTransition {
  transition: WorkflowTransition;
  /** The status it leads to. */
  target: WorkflowStatus;
  allowed: boolean;
  /** Why the actor cannot take it; present exactly when `allowed` is false. */
  reason?: string;
  /** Fields its validators require, e.g. `resolutionComment`: the UI asks for them first. */
  requires: TransitionValidator['field'][];
}

/**
 * Every transition that starts from the issue's status, in the workflow's order, each with
 * whether the actor may take it now. An issue whose status is not in the workflow has none.
 */
export function availableTransitions(
  workflow: Workflow,
  issue: Pick<Issue, 'status' | 'assignee'>,
  actor: Pick<Actor, 'role'>,
): AvailableTransition[] {
  if (!statusOf(workflow, issue.status)) return [];
  const available: AvailableTransition[] = [];
  for (const transition of workflow.transitions) {
    if (!startsFrom(transition, issue.status)) continue;
    const target = statusOf(workflow, transition.to);
    if (!target) continue;
    const requires = transition.validators.map((v) => v.field);
    let reason: string | undefined;
    if (!roleMayTake(transition, actor.role)) reason = forbiddenReason(transition);
    else if (requires.includes('assignee') && !issue.assignee) {
      reason = `Assign the issue before "${transition.name}".`;
    }
    available.push(
      reason === undefined
        ? { transition, target, allowed: true, requires }
        : { transition, target, allowed: false, reason, requires },
    );
  }
  return available;
}

/**
 * The transition that moves an issue from one status to another, for drag and drop on a
 * board; undefined when there is none. Transitions that name `fromStatus` come before those
 * from any status; with an actor, one the actor may take comes first.
 */
export function findTransitionTo(
  workflow: Workflow,
  fromStatus: string,
  toStatus: string,
  actor?: Pick<Actor, 'role'>,
): WorkflowTransition | undefined {
  if (!statusOf(workflow, fromStatus) || !statusOf(workflow, toStatus)) return undefined;
  const candidates = workflow.transitions.filter(
    (t) => t.to === toStatus && startsFrom(t, fromStatus),
  );
  const rank = (t: WorkflowTransition) =>
    (actor && !roleMayTake(t, actor.role) ? 2 : 0) + (t.from.length === 0 ? 1 : 0);
  return candidates.reduce<WorkflowTransition | undefined>(
    (best, t) => (best === undefined || rank(t) < rank(best) ? t : best),
    undefined,
  );
}

export interface TransitionContext {
  actor: Actor;
  /** Epoch milliseconds, written into the timestamps the post-functions set. */
  now: number;
}

export interface TransitionResult {
  /** The issue after the transition; version and updatedAt are left to the caller. */
  issue: Issue;
  /** Every field that changed, status first; absent values are null. */
  changes: FieldChange[];
}

/** The issue fields a transition may change, in the order changes are reported. */
const TRANSITION_FIELDS = [
  'status',
  'assignee',
  'acknowledgedAt',
  'resolvedAt',
  'resolutionComment',
] as const satisfies readonly (keyof Issue)[];

function statusLabel(workflow: Workflow, statusId: string): string {
  const status = statusOf(workflow, statusId);
  return status ? `"${status.name}"` : `"${statusId}"`;
}

/**
 * Takes a transition. Pure: the issue given is not modified; the next issue and the field
 * changes are returned. Throws DomainError 'unknown-transition', 'unknown-status',
 * 'illegal-transition', 'forbidden' or 'validation-failed', checked in that order.
 */
export function applyTransition(
  workflow: Workflow,
  issue: Issue,
  transitionId: string,
  input: TransitionInput,
  context: TransitionContext,
): TransitionResult {
  const { actor, now } = context;
  if (!Number.isSafeInteger(now) || now < 0) {
    throw new TypeError(`transition time must be epoch milliseconds, got ${now}`);
  }
  const transition = transitionOf(workflow, transitionId);
  if (!transition) {
    throw new DomainError(
      'unknown-transition',
      `Workflow "${workflow.name}" has no transition "${transitionId}".`,
    );
  }
  if (!statusOf(workflow, issue.status)) {
    throw new DomainError(
      'unknown-status',
      `The issue's status "${issue.status}" is not part of workflow "${workflow.name}".`,
    );
  }
  if (!startsFrom(transition, issue.status)) {
    const where =
      transition.to === issue.status
        ? `the issue is already ${statusLabel(workflow, issue.status)}`
        : `it leads from ${listWords(transition.from.map((id) => statusLabel(workflow, id)))} only, and the issue is ${statusLabel(workflow, issue.status)}`;
    throw new DomainError(
      'illegal-transition',
      `"${transition.name}" cannot be taken now: ${where}.`,
    );
  }
  if (!roleMayTake(transition, actor.role)) {
    throw new DomainError(
      'forbidden',
      `${forbiddenReason(transition)} You are ${actor.role === 'admin' ? 'an' : 'a'} ${actor.role}.`,
    );
  }

  const target = statusOf(workflow, transition.to);
  const next: Issue = { ...issue };
  const problems = new ProblemCollector();
  const comment = readInputComment(input, problems);
  if (comment !== undefined) {
    if (target?.category === 'done') next.resolutionComment = comment;
    else {
      problems.add(
        'resolutionComment',
        'not-allowed',
        `A resolution comment can only be given when resolving; "${transition.name}" leads to ${statusLabel(workflow, transition.to)}.`,
      );
    }
  }
  const commentRefused = problems.problems.some((p) => p.field === 'resolutionComment');
  for (const validator of transition.validators) {
    // A refused comment is reported once, as refused, not again as missing.
    if (validator.field === 'resolutionComment' && !next.resolutionComment && !commentRefused) {
      problems.add(
        'resolutionComment',
        'required',
        `A resolution comment is required to ${transition.name.toLocaleLowerCase()}.`,
      );
    }
    if (validator.field === 'assignee' && !next.assignee) {
      problems.add('assignee', 'required', `Assign the issue before "${transition.name}".`);
    }
  }
  problems.throwIfAny();

  for (const postFunction of transition.postFunctions) {
    switch (postFunction.type) {
      case 'set-timestamp':
        if (!postFunction.onlyIfEmpty || next[postFunction.field] === undefined) {
          next[postFunction.field] = now;
        }
        break;
      case 'clear-field':
        delete next[postFunction.field];
        break;
      case 'assign-to-actor':
        if (!postFunction.onlyIfEmpty || !next.assignee) next.assignee = actor.userId;
        break;
    }
  }
  next.status = transition.to;
  return { issue: next, changes: changesBetween(issue, next) };
}

/** The transition input, checked as if it came over IPC (it may have). */
function readInputComment(input: unknown, problems: ProblemCollector): string | undefined {
  if (input === undefined) return undefined;
  const read = readObject(input, '', 'Transition input', problems);
  if (!read) return undefined;
  read.refuseUnknown(['resolutionComment']);
  return readResolutionComment(read.value('resolutionComment'), 'resolutionComment', problems);
}

function changesBetween(before: Issue, after: Issue): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TRANSITION_FIELDS) {
    const from: EventValue = before[field] ?? null;
    const to: EventValue = after[field] ?? null;
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}
