/**
 * Fixtures for the engine's tests: issues, rules and timelines on the default workflow (plus
 * an "on-hold" pause status), and a fake-clock scheduler that runs the engine as the app will:
 * evaluate, fire what is due, sleep until the next wake-up or the next status change.
 */
import type { StatusCategory } from '../domain';
import { evaluate, type EscalationIssue, type EvaluateInput, type EvaluateResult } from './engine';
import { toEscalationRecord, type EscalationRecord } from './records';
import type { EscalationRule } from './rule';
import { buildRule } from './rule-builder';
import type { StatusEntry } from './timeline';

export const MIN = 60_000;
/** Monday 6 January 2025, 08:00 UTC. */
export const T0 = Date.parse('2025-01-06T08:00:00Z');

export const CATEGORIES: Record<string, StatusCategory> = {
  new: 'todo',
  'on-hold': 'todo',
  'in-progress': 'in-progress',
  resolved: 'done',
  closed: 'done',
};

export function entry(at: number, status: string): StatusEntry {
  return { at, status, category: CATEGORIES[status] ?? 'todo' };
}

export function makeIssue(overrides: Partial<EscalationIssue> = {}): EscalationIssue {
  return {
    id: 'issue-1',
    type: 'breakdown',
    priority: 'Critical',
    severity: 4,
    locationId: 'line-3',
    status: 'new',
    reportedAt: T0,
    ...overrides,
  };
}

export function makeRule(overrides: Partial<EscalationRule> = {}): EscalationRule {
  return {
    ...buildRule({
      id: 'rule-1',
      name: 'Not acknowledged',
      updatedBy: 'admin',
      levels: [
        {
          delayMinutes: 15,
          from: 'clock-start',
          actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }],
        },
        { delayMinutes: 15, from: 'previous-level', actions: [{ type: 'raise-priority' }] },
      ],
    }),
    ...overrides,
  };
}

export interface SchedulerRun {
  records: EscalationRecord[];
  results: { now: number; result: EvaluateResult }[];
}

/**
 * Runs the engine from `from` to `until` like the scheduler: it wakes at every status change
 * and at every `nextWakeAt`, and also at `extraWakes` (a machine that wakes for other reasons),
 * and fires what is due each time. `history` is revealed as time passes.
 */
export function runScheduler(
  base: Omit<EvaluateInput, 'now' | 'fired' | 'history'>,
  history: readonly StatusEntry[],
  from: number,
  until: number,
  extraWakes: readonly number[] = [],
): SchedulerRun {
  const records: EscalationRecord[] = [];
  const results: SchedulerRun['results'] = [];
  const wakes = new Set<number>([from, until, ...extraWakes]);
  for (const e of history) if (e.at >= from && e.at <= until) wakes.add(e.at);
  const pending = [...wakes].sort((a, b) => a - b);
  while (pending.length > 0) {
    const now = pending.shift() as number;
    const result = evaluate({
      ...base,
      history: history.filter((e) => e.at <= now),
      fired: records,
      now,
    });
    results.push({ now, result });
    for (const due of result.due) records.push(toEscalationRecord(due, now, 'scheduler', 'test'));
    const next = result.nextWakeAt;
    if (next !== null && next <= until && !pending.includes(next)) {
      pending.push(next);
      pending.sort((a, b) => a - b);
    }
  }
  return { records, results };
}

export function ids(records: readonly { id: string }[]): string[] {
  return records.map((r) => r.id);
}
