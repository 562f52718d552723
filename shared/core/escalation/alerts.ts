/**
 * Alerts: what the scheduler tells the platform when levels fire (a desktop notification, a
 * tray entry, a browser notification), and the plan that turns a batch of alerts into few
 * notices. Pure: no timers, no platform.
 *
 * No spam: a level is announced once (by escalation id, wherever it was fired); the levels of
 * one issue that fire together make one notice (the highest level speaks for the others); a
 * stale level (the clock stopped meanwhile) is recorded but not announced; and when more
 * issues than `summaryAfter` fire at once they make one summary notice instead.
 */
import type { Actor, Issue, Priority, Role } from '../../domain';
import {
  notificationAudience,
  renderTemplate,
  type EscalationAction,
  type EscalationRecord,
  type NotifyRecipient,
} from '../../escalation';

export interface EscalationAlert {
  escalationId: string;
  issueId: string;
  issueTitle: string;
  priority: Priority;
  ruleId: string;
  ruleName: string;
  cycle: number;
  level: number;
  repeat: number;
  dueAt: number;
  firedAt: number;
  /** Fired well after it was due (the machine slept or was off). */
  late: boolean;
  lateByMs: number;
  /** The clock stopped (acknowledged, resolved…) before the level fired: nobody need act. */
  stale: boolean;
  /** The level's notify message, filled in; a plain sentence when the level has none. */
  message: string;
  /** Whom the level's notify actions address. */
  recipients: { userIds: string[]; roles: Role[] };
  /** The person using this device is one of the recipients. */
  forActor: boolean;
  /** Fired by this device; false for a level another device fired (received by sync). */
  firedHere: boolean;
}

/** The alerts of one wake-up of the scheduler. */
export interface AlertBatch {
  at: number;
  alerts: EscalationAlert[];
}

/** What an alert is built from: the record of the fired level and the issue as it is. */
export interface AlertSource {
  record: EscalationRecord;
  issue: Issue;
  stale: boolean;
  firedHere: boolean;
  actor: Pick<Actor, 'userId' | 'role'>;
}

function levelLabel(level: number, repeat: number): string {
  return repeat > 0 ? `level ${level}, reminder ${repeat}` : `level ${level}`;
}

/** The alert of one fired level. */
export function toAlert(source: AlertSource): EscalationAlert {
  const { record, issue, actor } = source;
  const recipients: NotifyRecipient[] = [];
  let template: string | undefined;
  for (const action of record.actions as readonly EscalationAction[]) {
    if (action.type !== 'notify') continue;
    recipients.push(...action.recipients);
    if (template === undefined && action.message !== undefined && action.message.trim() !== '') {
      template = action.message;
    }
  }
  const audience = notificationAudience(issue, recipients);
  const rendered =
    template === undefined
      ? null
      : renderTemplate(template, {
          issue,
          escalation: {
            id: record.id,
            ruleId: record.ruleId,
            ruleName: record.ruleName,
            cycle: record.cycle,
            level: record.level,
            repeat: record.repeat,
            dueAt: record.dueAt,
            late: record.late,
          },
        });
  const message =
    rendered !== null && String(rendered).trim() !== ''
      ? String(rendered)
      : `"${record.ruleName}" reached ${levelLabel(record.level, record.repeat)}.`;
  return {
    escalationId: record.id,
    issueId: record.issueId,
    issueTitle: issue.title,
    priority: issue.priority,
    ruleId: record.ruleId,
    ruleName: record.ruleName,
    cycle: record.cycle,
    level: record.level,
    repeat: record.repeat,
    dueAt: record.dueAt,
    firedAt: record.firedAt,
    late: record.late,
    lateByMs: record.lateByMs,
    stale: source.stale,
    message,
    recipients: audience,
    forActor: audience.userIds.includes(actor.userId) || audience.roles.includes(actor.role),
    firedHere: source.firedHere,
  };
}

// ---------------------------------------------------------------------------------------
// Notices

export type NoticeUrgency = 'normal' | 'critical';

export type AlertNotice =
  | {
      kind: 'issue';
      issueId: string;
      title: string;
      body: string;
      /** Every level this notice announces. */
      escalationIds: string[];
      late: boolean;
      urgency: NoticeUrgency;
    }
  | {
      kind: 'summary';
      issueIds: string[];
      title: string;
      body: string;
      escalationIds: string[];
      urgency: NoticeUrgency;
    };

export interface NoticePlannerOptions {
  /** More issues than this in one batch make one summary notice. Default 3. */
  summaryAfter?: number;
  /** Only alerts addressed to this device's user (default: every alert). */
  onlyForActor?: boolean;
}

export interface NoticePlanner {
  /** The notices for a batch; levels already announced are left out. */
  plan(batch: AlertBatch): AlertNotice[];
  /** Forgets what was announced (a new run of the scheduler). */
  reset(): void;
}

const MINUTE = 60_000;

/** "25 min", "3 h 5 min", "2 d 4 h". */
export function formatDelay(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

function issueNotice(alerts: readonly EscalationAlert[]): AlertNotice {
  // The highest level (then the latest reminder) speaks for the issue.
  const lead = alerts.reduce((best, alert) =>
    alert.level > best.level || (alert.level === best.level && alert.repeat > best.repeat)
      ? alert
      : best,
  );
  const late = alerts.some((a) => a.late);
  const lateBy = Math.max(...alerts.map((a) => a.lateByMs));
  const others = alerts.length - 1;
  const lines = [lead.message];
  if (others > 0) lines.push(`${others} earlier level${others === 1 ? '' : 's'} fired with it.`);
  if (late) lines.push(`Late by ${formatDelay(lateBy)}: missed while the app was not running.`);
  return {
    kind: 'issue',
    issueId: lead.issueId,
    title: `${lead.priority}: ${lead.issueTitle}`,
    body: lines.join('\n'),
    escalationIds: alerts.map((a) => a.escalationId),
    late,
    urgency: alerts.some((a) => a.priority === 'Critical') ? 'critical' : 'normal',
  };
}

export function createNoticePlanner(options: NoticePlannerOptions = {}): NoticePlanner {
  const summaryAfter = options.summaryAfter ?? 3;
  const announced = new Set<string>();
  return {
    plan(batch) {
      const byIssue = new Map<string, EscalationAlert[]>();
      for (const alert of batch.alerts) {
        if (announced.has(alert.escalationId)) continue;
        announced.add(alert.escalationId);
        if (alert.stale || (options.onlyForActor === true && !alert.forActor)) continue;
        const list = byIssue.get(alert.issueId);
        if (list === undefined) byIssue.set(alert.issueId, [alert]);
        else list.push(alert);
      }
      const notices = [...byIssue.values()].map(issueNotice);
      if (notices.length <= summaryAfter) return notices;
      const shown = notices.slice(0, 3).map((n) => `• ${n.title}`);
      const more = notices.length - shown.length;
      if (more > 0) shown.push(`…and ${more} more.`);
      return [
        {
          kind: 'summary',
          issueIds: notices.map((n) => (n.kind === 'issue' ? n.issueId : '')),
          title: `${notices.length} issues escalated`,
          body: shown.join('\n'),
          escalationIds: notices.flatMap((n) => n.escalationIds),
          urgency: notices.some((n) => n.urgency === 'critical') ? 'critical' : 'normal',
        },
      ];
    },
    reset() {
      announced.clear();
    },
  };
}
