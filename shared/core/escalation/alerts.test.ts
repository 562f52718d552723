import { describe, expect, it } from 'vitest';
import type { Issue } from '../../domain';
import { toEscalationRecord, type EscalationAction } from '../../escalation';
import { createNoticePlanner, formatDelay, toAlert, type EscalationAlert } from './alerts';

const T = Date.UTC(2026, 10, 2, 9, 0);

const issue: Issue = {
  id: 'i-1',
  title: 'Press 2 leaking',
  description: '',
  type: 'breakdown',
  priority: 'Critical',
  severity: 5,
  locationId: 'line-3',
  workflowId: 'default',
  status: 'new',
  assignee: 'omar',
  reporter: 'tina',
  reportedAt: T,
  customFields: { line: 'L3' },
  version: 1,
  updatedAt: T,
  updatedBy: 'tina',
  updatedOnDevice: 'laptop',
};

function alert(overrides: Partial<EscalationAlert> = {}): EscalationAlert {
  return {
    escalationId: `${overrides.issueId ?? 'i-1'}:rule:1:${overrides.level ?? 1}`,
    issueId: 'i-1',
    issueTitle: 'Press 2 leaking',
    priority: 'High',
    ruleId: 'rule',
    ruleName: 'Not acknowledged',
    cycle: 1,
    level: 1,
    repeat: 0,
    dueAt: T,
    firedAt: T,
    late: false,
    lateByMs: 0,
    stale: false,
    message: 'Level reached.',
    recipients: { userIds: [], roles: [] },
    forActor: false,
    firedHere: true,
    ...overrides,
  };
}

describe('toAlert', () => {
  const actions: EscalationAction[] = [
    { type: 'raise-priority' },
    {
      type: 'notify',
      recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
      message: '"{title}" on {cf.line}: {escalation.rule}, level {escalation.level}',
    },
  ];
  const record = toEscalationRecord(
    {
      id: 'i-1:rule:1:2',
      issueId: 'i-1',
      ruleId: 'rule',
      ruleVersion: 3,
      cycle: 1,
      level: 2,
      repeat: 0,
      dueAt: T,
      late: true,
      lateByMs: 3_600_000,
      rule: { name: 'Not acknowledged' },
      actions,
    },
    T + 3_600_000,
    'tina',
    'laptop',
  );

  it('fills the notify message and names the recipients', () => {
    const built = toAlert({
      record,
      issue,
      stale: false,
      firedHere: true,
      actor: { userId: 'omar', role: 'technician' },
    });
    expect(built).toMatchObject({
      escalationId: 'i-1:rule:1:2',
      message: '"Press 2 leaking" on L3: Not acknowledged, level 2',
      recipients: { userIds: ['omar'], roles: ['supervisor'] },
      forActor: true,
      late: true,
      priority: 'Critical',
    });
    const forSam = toAlert({
      record,
      issue,
      stale: false,
      firedHere: false,
      actor: { userId: 'sam', role: 'supervisor' },
    });
    expect(forSam.forActor).toBe(true);
    const forTina = toAlert({
      record,
      issue,
      stale: false,
      firedHere: false,
      actor: { userId: 'tina', role: 'technician' },
    });
    expect(forTina.forActor).toBe(false);
  });

  it('says which level was reached when the level notifies nobody', () => {
    const silent = { ...record, repeat: 2, actions: [{ type: 'raise-priority' as const }] };
    const built = toAlert({
      record: silent,
      issue,
      stale: false,
      firedHere: true,
      actor: { userId: 'x', role: 'admin' },
    });
    expect(built.message).toBe('"Not acknowledged" reached level 2, reminder 2.');
  });
});

describe('the notice planner', () => {
  it('announces each level once, one notice per issue, the highest level speaking', () => {
    const planner = createNoticePlanner();
    const first = planner.plan({
      at: T,
      alerts: [
        alert(),
        alert({ level: 2, message: 'Still nobody.', late: true, lateByMs: 95 * 60_000 }),
      ],
    });
    expect(first).toEqual([
      {
        kind: 'issue',
        issueId: 'i-1',
        title: 'High: Press 2 leaking',
        body: 'Still nobody.\n1 earlier level fired with it.\nLate by 1 h 35 min: missed while the app was not running.',
        escalationIds: ['i-1:rule:1:1', 'i-1:rule:1:2'],
        late: true,
        urgency: 'normal',
      },
    ]);
    expect(planner.plan({ at: T, alerts: [alert({ level: 2 })] })).toEqual([]);
    planner.reset();
    expect(planner.plan({ at: T, alerts: [alert({ level: 2 })] })).toHaveLength(1);
  });

  it('keeps stale levels quiet, and others’ alerts when asked to', () => {
    const planner = createNoticePlanner({ onlyForActor: true });
    expect(planner.plan({ at: T, alerts: [alert({ stale: true, forActor: true })] })).toEqual([]);
    expect(planner.plan({ at: T, alerts: [alert({ level: 3 })] })).toEqual([]);
    expect(planner.plan({ at: T, alerts: [alert({ level: 4, forActor: true })] })).toHaveLength(1);
  });

  it('sums up when many issues fire at once', () => {
    const alerts = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      alert({
        issueId: id,
        issueTitle: `Issue ${id}`,
        priority: id === 'c' ? 'Critical' : 'Medium',
      }),
    );
    const notices = createNoticePlanner({ summaryAfter: 3 }).plan({ at: T, alerts });
    expect(notices).toEqual([
      {
        kind: 'summary',
        issueIds: ['a', 'b', 'c', 'd', 'e'],
        title: '5 issues escalated',
        body: '• Medium: Issue a\n• Medium: Issue b\n• Critical: Issue c\n…and 2 more.',
        escalationIds: alerts.map((a) => a.escalationId),
        urgency: 'critical',
      },
    ]);
    expect(createNoticePlanner({ summaryAfter: 5 }).plan({ at: T, alerts })).toHaveLength(5);
  });

  it('writes delays the way people say them', () => {
    expect(
      [0, 59_000, 25 * 60_000, 3 * 3_600_000, 185 * 60_000, 2 * 86_400_000, 52 * 3_600_000].map(
        formatDelay,
      ),
    ).toEqual(['0 min', '1 min', '25 min', '3 h', '3 h 5 min', '2 d', '2 d 4 h']);
  });
});
