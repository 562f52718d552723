/**
 * The rules every installation starts with, written for the default workflow (New → In
 * Progress → Resolved → Closed; categories todo / in-progress / done). Their content is fixed
 * (version 1, saved at 0) so that devices seeding them offline agree. They only use local
 * actions: Jira and BPA actions need a project or a process of the team's own.
 */
import type { EscalationRule } from './rule';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const seeded = { version: 1, updatedAt: 0, updatedBy: 'system' } as const;

/** Critical issues: nobody has picked it up within 15 minutes. */
export const CRITICAL_UNACKNOWLEDGED_RULE: EscalationRule = {
  id: 'critical-unacknowledged',
  name: 'Critical issue not acknowledged in 15 minutes',
  description:
    'Alerts the assignee and the supervisors when a critical issue is not picked up within 15 minutes, then the admins, and keeps reminding every 30 minutes.',
  enabled: true,
  scope: { priorities: ['Critical'], types: [], locationIds: [], statuses: [] },
  clock: {
    start: { on: 'created' },
    stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
    pauseStatuses: [],
    calendar: '24x7',
  },
  levels: [
    {
      delayMinutes: 15,
      from: 'clock-start',
      actions: [
        {
          type: 'notify',
          recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
          message: 'Critical issue "{title}" has not been acknowledged for 15 minutes.',
        },
        {
          type: 'comment',
          body: 'Escalated to the supervisors: not acknowledged within 15 minutes.',
        },
      ],
    },
    {
      delayMinutes: 15,
      from: 'previous-level',
      actions: [
        {
          type: 'notify',
          recipients: [
            { kind: 'role', role: 'supervisor' },
            { kind: 'role', role: 'admin' },
          ],
          message: 'Critical issue "{title}" is still not acknowledged after 30 minutes.',
        },
        { type: 'comment', body: 'Escalated to the admins: not acknowledged within 30 minutes.' },
      ],
    },
  ],
  repeat: { count: 4, intervalMinutes: 30, mode: 'last-level' },
  ...seeded,
};

/** High issues: nobody has picked it up within an hour. */
export const HIGH_UNACKNOWLEDGED_RULE: EscalationRule = {
  id: 'high-unacknowledged',
  name: 'High issue not acknowledged in 60 minutes',
  description:
    'Alerts the assignee and the supervisors when a high-priority issue is not picked up within an hour; after another hour it becomes critical.',
  enabled: true,
  scope: { priorities: ['High'], types: [], locationIds: [], statuses: [] },
  clock: {
    start: { on: 'created' },
    stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
    pauseStatuses: [],
    calendar: '24x7',
  },
  levels: [
    {
      delayMinutes: 60,
      from: 'clock-start',
      actions: [
        {
          type: 'notify',
          recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
          message: 'High-priority issue "{title}" has not been acknowledged for an hour.',
        },
        {
          type: 'comment',
          body: 'Escalated to the supervisors: not acknowledged within 60 minutes.',
        },
      ],
    },
    {
      delayMinutes: 60,
      from: 'previous-level',
      actions: [
        { type: 'raise-priority', to: 'Critical' },
        {
          type: 'notify',
          recipients: [{ kind: 'role', role: 'supervisor' }],
          message: 'Issue "{title}" was raised to Critical: not acknowledged within 2 hours.',
        },
        { type: 'comment', body: 'Raised to Critical: not acknowledged within 2 hours.' },
      ],
    },
  ],
  ...seeded,
};

/** Every issue: not resolved within one working day (8 business hours) of its location. */
export const UNRESOLVED_WORKING_DAY_RULE: EscalationRule = {
  id: 'unresolved-working-day',
  name: 'Not resolved within 1 working day',
  description:
    'Counts business hours of the issue’s location: after 8 working hours without a resolution the assignee and the supervisors are told; after 16 the priority goes up a step.',
  enabled: true,
  scope: { priorities: [], types: [], locationIds: [], statuses: [] },
  clock: {
    start: { on: 'created' },
    stop: [{ on: 'resolved' }],
    pauseStatuses: [],
    calendar: 'business-hours',
  },
  levels: [
    {
      delayMinutes: 480,
      from: 'clock-start',
      actions: [
        {
          type: 'notify',
          recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
          message: 'Issue "{title}" is not resolved after one working day.',
        },
        { type: 'comment', body: 'Not resolved within one working day.' },
      ],
    },
    {
      delayMinutes: 480,
      from: 'previous-level',
      actions: [
        { type: 'raise-priority' },
        {
          type: 'notify',
          recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
          message:
            'Issue "{title}" is not resolved after two working days; its priority was raised.',
        },
        { type: 'comment', body: 'Priority raised: not resolved within two working days.' },
      ],
    },
  ],
  ...seeded,
};

/** Deeply frozen: copy one (e.g. with `structuredClone`) to edit it. */
export const DEFAULT_ESCALATION_RULES: readonly EscalationRule[] = deepFreeze([
  CRITICAL_UNACKNOWLEDGED_RULE,
  HIGH_UNACKNOWLEDGED_RULE,
  UNRESOLVED_WORKING_DAY_RULE,
]);
