/**
 * A workflow is data: statuses with a category, and transitions between them with role
 * conditions, validators and post-functions. The engine in shared/workflow interprets it.
 */
import type { Role } from './people';

export const STATUS_CATEGORIES = ['todo', 'in-progress', 'done'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export interface WorkflowStatus {
  id: string;
  name: string;
  category: StatusCategory;
}

export type TransitionValidator =
  /** The named field must be non-empty after the transition's input is applied. */
  { type: 'field-required'; field: 'resolutionComment' | 'assignee' };

export type PostFunction =
  /** Sets the timestamp to now, unless `onlyIfEmpty` and it already has a value. */
  | { type: 'set-timestamp'; field: 'acknowledgedAt' | 'resolvedAt'; onlyIfEmpty: boolean }
  | { type: 'clear-field'; field: 'resolvedAt' | 'resolutionComment' | 'acknowledgedAt' }
  | { type: 'assign-to-actor'; onlyIfEmpty: boolean };

export interface WorkflowTransition {
  id: string;
  name: string;
  /** Statuses the transition may start from; an empty list means from any status. */
  from: string[];
  to: string;
  /** Roles allowed to take it; an empty list means everyone. */
  roles: Role[];
  validators: TransitionValidator[];
  postFunctions: PostFunction[];
}

export interface Workflow {
  id: string;
  name: string;
  initialStatus: string;
  statuses: WorkflowStatus[];
  transitions: WorkflowTransition[];
  updatedAt: number;
}
