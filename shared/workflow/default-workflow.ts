/**
 * The workflow every installation starts with: New → In Progress → Resolved → Closed, with
 * Reopen. Its content is fixed (updatedAt 0) so that devices seeding it offline agree.
 */
import type { Workflow } from '../domain';

export const DEFAULT_WORKFLOW_ID = 'default';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Deeply frozen: copy it (e.g. `structuredClone`) to build an edited workflow from it. */
export const DEFAULT_WORKFLOW: Workflow = deepFreeze<Workflow>({
  id: DEFAULT_WORKFLOW_ID,
  name: 'Default',
  initialStatus: 'new',
  statuses: [
    { id: 'new', name: 'New', category: 'todo' },
    { id: 'in-progress', name: 'In Progress', category: 'in-progress' },
    { id: 'resolved', name: 'Resolved', category: 'done' },
    { id: 'closed', name: 'Closed', category: 'done' },
  ],
  transitions: [
    {
      id: 'start-progress',
      name: 'Start progress',
      from: ['new'],
      to: 'in-progress',
      roles: [],
      validators: [],
      postFunctions: [
        { type: 'set-timestamp', field: 'acknowledgedAt', onlyIfEmpty: true },
        { type: 'assign-to-actor', onlyIfEmpty: true },
      ],
    },
    {
      id: 'stop-progress',
      name: 'Stop progress',
      from: ['in-progress'],
      to: 'new',
      roles: [],
      validators: [],
      postFunctions: [],
    },
    {
      id: 'resolve',
      name: 'Resolve',
      from: ['new', 'in-progress'],
      to: 'resolved',
      roles: [],
      validators: [{ type: 'field-required', field: 'resolutionComment' }],
      postFunctions: [
        { type: 'set-timestamp', field: 'resolvedAt', onlyIfEmpty: false },
        { type: 'set-timestamp', field: 'acknowledgedAt', onlyIfEmpty: true },
      ],
    },
    {
      id: 'close',
      name: 'Close',
      from: ['resolved'],
      to: 'closed',
      roles: ['supervisor', 'admin'],
      validators: [],
      postFunctions: [],
    },
    {
      id: 'reopen',
      name: 'Reopen',
      from: ['resolved', 'closed'],
      to: 'new',
      roles: [],
      validators: [],
      // acknowledgedAt is kept: it records the first acknowledgement.
      postFunctions: [
        { type: 'clear-field', field: 'resolvedAt' },
        { type: 'clear-field', field: 'resolutionComment' },
      ],
    },
  ],
  updatedAt: 0,
});
