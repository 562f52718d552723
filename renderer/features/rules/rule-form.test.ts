import { describe, expect, it } from 'vitest';
import {
  CRITICAL_UNACKNOWLEDGED_RULE,
  HIGH_UNACKNOWLEDGED_RULE,
  UNRESOLVED_WORKING_DAY_RULE,
} from '../../../shared/escalation';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { ruleValidationOptions } from '../../../shared/core/escalation/rule-context';
import {
  actionSummary,
  blankDraft,
  clockStartOf,
  clockSummary,
  draftOf,
  draftProblems,
  levelsSummary,
  mappingText,
  parseMappingText,
  problemAt,
  scopeSummary,
  type Names,
} from './rule-form';

const names: Names = {
  status: (id) => DEFAULT_WORKFLOW.statuses.find((s) => s.id === id)?.name ?? id,
  location: (id) => (id === 'site' ? 'Plant A' : id),
};
const options = ruleValidationOptions(
  [DEFAULT_WORKFLOW],
  [{ id: 'site', name: 'Plant A' }],
  Date.UTC(2026, 10, 2),
);

describe('the rule form', () => {
  it('starts from a rule that only needs a name', () => {
    expect([...draftProblems(blankDraft(), options).keys()]).toEqual(['name']);
    expect(draftProblems({ ...blankDraft(), name: 'Late pick-up' }, options).size).toBe(0);
  });

  it('edits a stored rule as a copy without what the app keeps', () => {
    const draft = draftOf(CRITICAL_UNACKNOWLEDGED_RULE);
    expect(Object.keys(draft).sort()).toEqual(
      ['clock', 'description', 'enabled', 'levels', 'name', 'repeat', 'scope'].sort(),
    );
    draft.levels[0]!.delayMinutes = 5;
    expect(CRITICAL_UNACKNOWLEDGED_RULE.levels[0]!.delayMinutes).toBe(15);
    expect(draftProblems(draft, options).size).toBe(0);
  });

  it('finds a field’s problems, its own or those of what it holds', () => {
    const problems = draftProblems(
      {
        ...blankDraft(),
        name: 'x',
        scope: { ...blankDraft().scope, statuses: ['parked'] },
        levels: [{ delayMinutes: -1, from: 'clock-start', actions: [] }],
      },
      options,
    );
    expect(problemAt(problems, 'scope.statuses')).toMatch(/parked/);
    expect(problemAt(problems, 'levels[0].delayMinutes')).toBeDefined();
    expect(problemAt(problems, 'levels')).toBeDefined();
    expect(problemAt(problems, 'name')).toBeUndefined();
  });

  it('sums up the default rules in words', () => {
    expect(scopeSummary(CRITICAL_UNACKNOWLEDGED_RULE.scope, names)).toBe('Critical issues');
    expect(
      scopeSummary(
        {
          priorities: ['High', 'Critical'],
          types: ['breakdown', 'safety'],
          locationIds: ['site'],
          statuses: ['new'],
          minSeverity: 4,
          query: 'assignee IS EMPTY',
        },
        names,
      ),
    ).toBe(
      'High or Critical breakdowns or safety issues at Plant A in New of severity 4 or more where assignee IS EMPTY',
    );
    expect(clockSummary(UNRESOLVED_WORKING_DAY_RULE.clock, names)).toBe(
      'From creation until resolved, business hours',
    );
    expect(clockSummary(CRITICAL_UNACKNOWLEDGED_RULE.clock, names)).toBe(
      'From coming into scope until acknowledged or resolved, around the clock',
    );
    expect(levelsSummary(CRITICAL_UNACKNOWLEDGED_RULE)).toBe(
      'After 15 min, then 15 min more; the last level again every 30 min, 4 times',
    );
    expect(HIGH_UNACKNOWLEDGED_RULE.levels[1]!.actions.map((a) => actionSummary(a))).toEqual([
      'Raise the priority to Critical',
      'Notify supervisors',
      'Comment',
    ]);
    expect(
      actionSummary({ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'reporter' }] }),
    ).toBe('Notify the assignee and the reporter');
    const assign = { type: 'assign' as const, assignee: 'u-5d' };
    expect(actionSummary(assign)).toBe('Assign to u-5d');
    expect(actionSummary(assign, (id) => (id === 'u-5d' ? 'Dana Smith' : id))).toBe(
      'Assign to Dana Smith',
    );
  });

  it('switches the clock start, keeping start statuses already picked', () => {
    const byStatus = { on: 'status' as const, statuses: ['in-progress'] };
    expect(clockStartOf('scope', byStatus)).toEqual({ on: 'scope' });
    expect(clockStartOf('created', { on: 'scope' })).toEqual({ on: 'created' });
    expect(clockStartOf('status', { on: 'scope' })).toEqual({ on: 'status', statuses: [] });
    expect(clockStartOf('status', byStatus)).toBe(byStatus);
    const draft = { ...blankDraft(), name: 'Raised to Critical' };
    draft.clock.start = clockStartOf('scope', draft.clock.start);
    expect(draftProblems(draft, options).size).toBe(0);
  });

  it('reads and writes field mappings as lines', () => {
    const mapping = { summary: '{title}', 'priority.name': '{priority}' };
    expect(parseMappingText(mappingText(mapping))).toEqual({ mapping });
    expect(parseMappingText('summary = {title}\n\nbroken line').problem).toBe(
      'Line 3 needs the form "target = template" (for example "summary = {title}").',
    );
  });
});
