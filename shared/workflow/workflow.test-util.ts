/** Builders shared by the workflow engine's tests. */
import type { Actor, Issue, Role, Workflow } from '../domain';
import { DEFAULT_WORKFLOW } from './default-workflow';

export function actorAs(role: Role, userId = `${role}-1`): Actor {
  return { userId, role, deviceId: 'device-1' };
}

/** A fresh issue in the default workflow's initial status, as the core creates it. */
export function newIssue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: 'issue-1',
    title: 'Conveyor jam on line 3',
    description: '',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: 'line-3',
    workflowId: DEFAULT_WORKFLOW.id,
    status: DEFAULT_WORKFLOW.initialStatus,
    reporter: 'reporter-1',
    reportedAt: 1_000,
    customFields: { shift: 'night' },
    version: 1,
    updatedAt: 1_000,
    updatedBy: 'reporter-1',
    updatedOnDevice: 'device-0',
    ...overrides,
  };
}

/** A mutable copy of the default workflow to break or extend in a test. */
export function editableDefault(): Workflow {
  return structuredClone<Workflow>(DEFAULT_WORKFLOW);
}

/**
 * A second, checked workflow that uses what the default does not: a wildcard transition,
 * an assignee validator, a role-restricted transition with a validator, and clear-field
 * of acknowledgedAt.
 */
export function fieldServiceWorkflow(): Workflow {
  return {
    id: 'field-service',
    name: 'Field service',
    initialStatus: 'open',
    statuses: [
      { id: 'open', name: 'Open', category: 'todo' },
      { id: 'triaged', name: 'Triaged', category: 'todo' },
      { id: 'on-site', name: 'On site', category: 'in-progress' },
      { id: 'fixed', name: 'Fixed', category: 'done' },
      { id: 'cancelled', name: 'Cancelled', category: 'done' },
    ],
    transitions: [
      {
        id: 'triage',
        name: 'Triage',
        from: ['open'],
        to: 'triaged',
        roles: ['supervisor', 'admin'],
        validators: [],
        postFunctions: [{ type: 'set-timestamp', field: 'acknowledgedAt', onlyIfEmpty: true }],
      },
      {
        id: 'dispatch',
        name: 'Dispatch',
        from: ['triaged'],
        to: 'on-site',
        roles: [],
        validators: [{ type: 'field-required', field: 'assignee' }],
        postFunctions: [],
      },
      {
        id: 'take',
        name: 'Take',
        from: ['open'],
        to: 'triaged',
        roles: ['technician'],
        validators: [],
        postFunctions: [{ type: 'assign-to-actor', onlyIfEmpty: false }],
      },
      {
        id: 'fix',
        name: 'Fix',
        from: ['on-site'],
        to: 'fixed',
        roles: ['technician'],
        validators: [{ type: 'field-required', field: 'resolutionComment' }],
        postFunctions: [{ type: 'set-timestamp', field: 'resolvedAt', onlyIfEmpty: false }],
      },
      {
        id: 'cancel',
        name: 'Cancel',
        from: [],
        to: 'cancelled',
        roles: ['admin'],
        validators: [{ type: 'field-required', field: 'resolutionComment' }],
        postFunctions: [{ type: 'set-timestamp', field: 'resolvedAt', onlyIfEmpty: true }],
      },
      {
        id: 'restart',
        name: 'Restart',
        from: ['fixed', 'cancelled'],
        to: 'open',
        roles: ['supervisor', 'admin'],
        validators: [],
        postFunctions: [
          { type: 'clear-field', field: 'resolvedAt' },
          { type: 'clear-field', field: 'resolutionComment' },
          { type: 'clear-field', field: 'acknowledgedAt' },
        ],
      },
    ],
    updatedAt: 5,
  };
}
