/**
 * The rules every installation starts with, written for the default workflow (New → In
 * Progress → Resolved → Closed; categories todo / in-progress / done). Their content is fixed
 * (version 1, saved at 0) so that devices seeding them offline agree. They only use local
 * actions: Jira and BPA actions need a project or a process of the team's own.
 *
 * The two rules keyed on priority start their clock when the issue comes into their scope:
 * an issue raised to Critical (by a person, or by the High rule) gets its 15 minutes from the
 * raise, not from its creation, so its ladder does not fire all at once, late.
 */
import { buildRule, noticeLevel } from './rule-builder';
import type { EscalationRule, NotifyRecipient } from './rule';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const assigneeAndSupervisors: NotifyRecipient[] = [
  { kind: 'assignee' },
  { kind: 'role', role: 'supervisor' },
];

/** Critical issues: nobody has picked it up within 15 minutes of it becoming critical. */
export const CRITICAL_UNACKNOWLEDGED_RULE: EscalationRule = buildRule({
  id: 'critical-unacknowledged',
  name: 'Critical issue not acknowledged in 15 minutes',
  description:
    'Alerts the assignee and the supervisors when a critical issue is not picked up within 15 minutes of becoming critical (reported as critical or raised to it), then the admins, and keeps reminding every 30 minutes.',
  scope: { priorities: ['Critical'] },
  clock: { start: { on: 'scope' } },
  levels: [
    noticeLevel({
      delayMinutes: 15,
      from: 'clock-start',
      notify: assigneeAndSupervisors,
      message: 'Critical issue "{title}" has not been acknowledged for 15 minutes.',
      comment: 'Escalated to the supervisors: not acknowledged within 15 minutes.',
    }),
    noticeLevel({
      delayMinutes: 15,
      notify: [
        { kind: 'role', role: 'supervisor' },
        { kind: 'role', role: 'admin' },
      ],
      message: 'Critical issue "{title}" is still not acknowledged after 30 minutes.',
      comment: 'Escalated to the admins: not acknowledged within 30 minutes.',
    }),
  ],
  repeat: { count: 4, intervalMinutes: 30, mode: 'last-level' },
});

/** High issues: nobody has picked it up within an hour of it becoming high. */
export const HIGH_UNACKNOWLEDGED_RULE: EscalationRule = buildRule({
  id: 'high-unacknowledged',
  name: 'High issue not acknowledged in 60 minutes',
  description:
    'Alerts the assignee and the supervisors when a high-priority issue is not picked up within an hour of becoming high (reported as high or raised to it); after another hour it becomes critical.',
  scope: { priorities: ['High'] },
  clock: { start: { on: 'scope' } },
  levels: [
    noticeLevel({
      delayMinutes: 60,
      from: 'clock-start',
      notify: assigneeAndSupervisors,
      message: 'High-priority issue "{title}" has not been acknowledged for an hour.',
      comment: 'Escalated to the supervisors: not acknowledged within 60 minutes.',
    }),
    noticeLevel({
      delayMinutes: 60,
      raise: 'Critical',
      notify: [{ kind: 'role', role: 'supervisor' }],
      message: 'Issue "{title}" was raised to Critical: not acknowledged within 2 hours.',
      comment: 'Raised to Critical: not acknowledged within 2 hours.',
    }),
  ],
});

/** Every issue: not resolved within one working day (8 business hours) of its location. */
export const UNRESOLVED_WORKING_DAY_RULE: EscalationRule = buildRule({
  id: 'unresolved-working-day',
  name: 'Not resolved within 1 working day',
  description:
    'Counts business hours of the issue’s location: after 8 working hours without a resolution the assignee and the supervisors are told; after 16 the priority goes up a step.',
  clock: { stop: [{ on: 'resolved' }], calendar: 'business-hours' },
  levels: [
    noticeLevel({
      delayMinutes: 480,
      from: 'clock-start',
      notify: assigneeAndSupervisors,
      message: 'Issue "{title}" is not resolved after one working day.',
      comment: 'Not resolved within one working day.',
    }),
    noticeLevel({
      delayMinutes: 480,
      raise: true,
      notify: assigneeAndSupervisors,
      message: 'Issue "{title}" is not resolved after two working days; its priority was raised.',
      comment: 'Priority raised: not resolved within two working days.',
    }),
  ],
});

/** Deeply frozen: copy one (e.g. with `structuredClone`) to edit it. */
export const DEFAULT_ESCALATION_RULES: readonly EscalationRule[] = deepFreeze([
  CRITICAL_UNACKNOWLEDGED_RULE,
  HIGH_UNACKNOWLEDGED_RULE,
  UNRESOLVED_WORKING_DAY_RULE,
]);
