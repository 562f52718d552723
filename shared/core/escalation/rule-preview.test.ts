import { describe, expect, it } from 'vitest';
import type { Issue, IssueEvent, Location } from '../../domain';
import {
  CRITICAL_UNACKNOWLEDGED_RULE,
  toEscalationRecord,
  type EscalationRuleDraft,
} from '../../escalation';
import { DEFAULT_WORKFLOW } from '../../workflow';
import { ruleValidationOptions } from './rule-context';
import { previewRule } from './rule-preview';
import { slaOfIssue } from './sla-of-issue';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 2, 12, 0);
const site: Location = {
  id: 'site',
  name: 'Plant A',
  kind: 'site',
  timeZone: 'Europe/Berlin',
  updatedAt: 0,
};

function issue(id: string, overrides: Partial<Issue> = {}): Issue {
  return {
    id,
    title: `Issue ${id}`,
    description: '',
    type: 'breakdown',
    priority: 'Critical',
    severity: 4,
    locationId: 'site',
    workflowId: 'default',
    status: 'new',
    reporter: 'tina',
    reportedAt: NOW - 20 * MIN,
    customFields: {},
    version: 1,
    updatedAt: NOW,
    updatedBy: 'tina',
    updatedOnDevice: 'laptop',
    ...overrides,
  };
}

const {
  id: _id,
  version: _v,
  updatedAt: _u,
  updatedBy: _b,
  ...criticalDraft
} = CRITICAL_UNACKNOWLEDGED_RULE;

describe('previewRule', () => {
  const started: IssueEvent = {
    id: 'e1',
    issueId: 'b',
    kind: 'transitioned',
    actor: 'tina',
    deviceId: 'laptop',
    at: NOW - 10 * MIN,
    changes: [{ field: 'status', from: 'new', to: 'in-progress' }],
  };
  const issues = [
    issue('a'),
    issue('b', { status: 'in-progress', acknowledgedAt: NOW - 10 * MIN }),
    issue('c', { reportedAt: NOW - 5 * MIN }),
    issue('d', { priority: 'Low' }),
  ];
  const base = {
    versions: [],
    issues,
    events: [started],
    fired: [],
    workflows: [DEFAULT_WORKFLOW],
    locations: [site],
    now: NOW,
  };

  it('lists the issues a new rule takes in, what fires at once and when the rest comes due', () => {
    const preview = previewRule({
      ...base,
      draft: structuredClone<EscalationRuleDraft>(criticalDraft),
    });
    expect(preview.matches).toBe(3);
    expect(preview.firingNow).toBe(1);
    expect(
      preview.rows.map((r) => [r.issue.id, r.state, r.dueNow.map((d) => d.level), r.nextLevelAt]),
    ).toEqual([
      ['a', 'running', [1], NOW + 10 * MIN],
      ['c', 'running', [], NOW + 10 * MIN],
      ['b', 'stopped', [], null],
    ]);
    expect(preview.rows[0]!.dueNow[0]).toMatchObject({ late: true, lateByMs: 5 * MIN });
  });

  it('previews an edit as the next version: what was fired stays fired', () => {
    const rule = CRITICAL_UNACKNOWLEDGED_RULE;
    const fired = toEscalationRecord(
      {
        id: `a:${rule.id}:1:1`,
        issueId: 'a',
        ruleId: rule.id,
        ruleVersion: 1,
        cycle: 1,
        level: 1,
        repeat: 0,
        dueAt: NOW - 5 * MIN,
        late: false,
        lateByMs: 0,
        rule,
        actions: [],
      },
      NOW - 5 * MIN,
      'tina',
      'laptop',
    );
    const preview = previewRule({
      ...base,
      draft: {
        ...structuredClone<EscalationRuleDraft>(criticalDraft),
        name: 'Critical, faster',
      },
      ruleId: rule.id,
      versions: [rule],
      fired: [fired],
    });
    expect(preview.firingNow).toBe(0);
    expect(preview.rows.find((r) => r.issue.id === 'a')).toMatchObject({ nextLevel: 2 });
  });
});

describe('slaOfIssue', () => {
  it('gives the headline of the rules running for one issue', () => {
    const sla = slaOfIssue(
      {
        issue: issue('a'),
        events: [],
        fired: [],
        rules: [CRITICAL_UNACKNOWLEDGED_RULE],
        workflows: [DEFAULT_WORKFLOW],
        locations: [site],
      },
      NOW,
    );
    expect(sla).toMatchObject({
      ruleId: CRITICAL_UNACKNOWLEDGED_RULE.id,
      overdue: false,
      sla: {
        state: 'running',
        breachAt: NOW + 10 * MIN,
        nextLevel: 2,
        nextLevelAt: NOW + 10 * MIN,
      },
    });
  });
});

describe('ruleValidationOptions', () => {
  const options = ruleValidationOptions([DEFAULT_WORKFLOW], [site], NOW);
  it('knows the statuses and locations, and refuses queries that depend on the time', () => {
    expect(options.knownStatuses).toEqual(['new', 'in-progress', 'resolved', 'closed']);
    expect(options.knownLocationIds).toEqual(['site']);
    expect(options.checkQuery?.('priority >= High AND location = "Plant A"')).toBeUndefined();
    expect(options.checkQuery?.('reportedAt < -1d')).toMatch(/cannot depend on the current time/);
    expect(options.checkQuery?.('updatedAt > now()')).toMatch(/cannot depend on the current time/);
    expect(options.checkQuery?.('location = Nowhere')).toMatch(/Nowhere/);
  });
});
