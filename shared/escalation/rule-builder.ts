/**
 * Rules written in code (the defaults, fixtures) say only what differs from the common case:
 * a scope that takes in every issue, a 24/7 clock from the creation until it is
 * acknowledged or resolved, no pause, no repeat, version 1 saved at 0 by `system`.
 */
import type { Priority } from '../domain';
import type {
  EscalationAction,
  EscalationClock,
  EscalationLevel,
  EscalationRepeat,
  EscalationRule,
  EscalationScope,
  LevelDelayOrigin,
  NotifyRecipient,
} from './rule';

export interface RuleSpec {
  id: string;
  name: string;
  description?: string;
  enabled?: boolean;
  scope?: Partial<EscalationScope>;
  clock?: Partial<EscalationClock>;
  levels: EscalationLevel[];
  repeat?: EscalationRepeat;
  version?: number;
  updatedAt?: number;
  updatedBy?: string;
}

export function buildRule(spec: RuleSpec): EscalationRule {
  return {
    id: spec.id,
    version: spec.version ?? 1,
    updatedAt: spec.updatedAt ?? 0,
    updatedBy: spec.updatedBy ?? 'system',
    name: spec.name,
    description: spec.description ?? '',
    enabled: spec.enabled ?? true,
    scope: { priorities: [], types: [], locationIds: [], statuses: [], ...spec.scope },
    clock: {
      start: { on: 'created' },
      stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
      pauseStatuses: [],
      calendar: '24x7',
      ...spec.clock,
    },
    levels: spec.levels,
    ...(spec.repeat !== undefined && { repeat: spec.repeat }),
  };
}

export interface NoticeLevelSpec {
  delayMinutes: number;
  /** Default: the previous level (for the first level, the same as the clock's start). */
  from?: LevelDelayOrigin;
  /** Raise the priority first: one step (`true`) or up to the given one. */
  raise?: true | Priority;
  notify: NotifyRecipient[];
  message: string;
  /** A comment on the issue, after the notice. */
  comment?: string;
}

/** A level that tells people (and may raise the priority first, and comment after). */
export function noticeLevel(spec: NoticeLevelSpec): EscalationLevel {
  const actions: EscalationAction[] = [];
  if (spec.raise !== undefined) {
    actions.push(
      spec.raise === true ? { type: 'raise-priority' } : { type: 'raise-priority', to: spec.raise },
    );
  }
  actions.push({ type: 'notify', recipients: spec.notify, message: spec.message });
  if (spec.comment !== undefined) actions.push({ type: 'comment', body: spec.comment });
  return { delayMinutes: spec.delayMinutes, from: spec.from ?? 'previous-level', actions };
}
