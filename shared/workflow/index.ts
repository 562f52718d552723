/** The workflow engine: the default workflow, definition checks and transitions. */
export { DEFAULT_WORKFLOW, DEFAULT_WORKFLOW_ID } from './default-workflow';
export {
  checkWorkflow,
  checkWorkflowDefinition,
  sourcesOf,
  WORKFLOW_ID_PATTERN,
  WORKFLOW_STATUSES_MAX,
  WORKFLOW_TRANSITIONS_MAX,
  type WorkflowDefinition,
} from './check-workflow';
export {
  applyTransition,
  availableTransitions,
  categoryOf,
  findTransitionTo,
  roleMayTake,
  startsFrom,
  statusOf,
  transitionOf,
  type AvailableTransition,
  type TransitionContext,
  type TransitionResult,
} from './engine';
