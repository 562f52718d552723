import { describe, expect, it } from 'vitest';
import type { IssueSla } from '../../../shared/core/escalation/issue-sla';
import type { SlaView } from '../../../shared/escalation';
import { slaBadge } from './sla-badge';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 2, 12, 0);
const time = (at: number) => new Date(at).toISOString().slice(11, 16);

function sla(view: Partial<SlaView>, extra: Partial<IssueSla> = {}): IssueSla {
  return {
    issueId: 'i-1',
    ruleId: 'critical-unacknowledged',
    ruleName: 'Critical issue not acknowledged in 15 minutes',
    sla: {
      state: 'running',
      cycle: 1,
      ruleVersion: 1,
      startedAt: NOW - 20 * MIN,
      stoppedAt: null,
      paused: false,
      withinCalendarHours: true,
      elapsedMinutes: 20,
      nextLevel: 2,
      nextRepeat: 0,
      nextLevelAt: NOW + 10 * MIN,
      remainingToNextMinutes: 10,
      breachAt: NOW + 100 * MIN,
      remainingToBreachMinutes: 100,
      breached: false,
      ...view,
    },
    overdue: false,
    escalated: true,
    snoozedUntil: null,
    activeRules: 1,
    evaluatedAt: NOW,
    ...extra,
  };
}

describe('the SLA badge', () => {
  it('shows the time left, amber in the last fifth or quarter hour', () => {
    expect(slaBadge(sla({}), NOW, time)).toEqual({
      label: '1 h 40 min left',
      tone: 'ok',
      description:
        'Critical issue not acknowledged in 15 minutes: breaches at 13:40 unless the issue moves on.',
    });
    expect(slaBadge(sla({ breachAt: NOW + 14 * MIN }), NOW, time)).toMatchObject({
      label: '14 min left',
      tone: 'warning',
    });
    expect(
      slaBadge(sla({ startedAt: NOW - 10 * 60 * MIN, breachAt: NOW + 60 * MIN }), NOW, time),
    ).toMatchObject({ tone: 'warning' });
  });

  it('counts how long a breached clock has been overdue, even before it is evaluated again', () => {
    expect(slaBadge(sla({}), NOW + 125 * MIN, time)).toMatchObject({
      label: 'Overdue 25 min',
      tone: 'breached',
    });
  });

  it('says when a clock is paused, met or missed, and when escalations are snoozed', () => {
    expect(
      slaBadge(sla({ state: 'paused', breachAt: null, remainingToBreachMinutes: 45 }), NOW, time),
    ).toMatchObject({ label: 'Paused, 45 min left', tone: 'paused' });
    expect(slaBadge(sla({ state: 'paused', breached: true }), NOW, time)?.tone).toBe('breached');
    expect(slaBadge(sla({ state: 'stopped' }), NOW, time)).toMatchObject({ label: 'SLA met' });
    expect(slaBadge(sla({ state: 'stopped', breached: true }), NOW, time)).toMatchObject({
      label: 'SLA missed',
      tone: 'missed',
    });
    expect(slaBadge(sla({}, { snoozedUntil: NOW + 60 * MIN }), NOW, time)?.description).toMatch(
      /Escalations are snoozed until 13:00\.$/,
    );
    expect(slaBadge(null, NOW, time)).toBeNull();
  });
});
