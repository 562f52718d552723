import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../domain';
import { instantOfWallTime } from './calendar';
import { UNRESOLVED_WORKING_DAY_RULE } from './default-rules';
import { evaluate, scopeMatches } from './engine';
import { entry, ids, makeIssue, makeRule, MIN, runScheduler, T0 } from './engine.test-util';
import type { FiredLevel } from './records';
import type { EscalationRule } from './rule';
import { frozenRuleVersion } from './versions';

const created = [entry(T0, 'new')];
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function fire(levels: [number, number][], cycle = 1, ruleVersion = 1): FiredLevel[] {
  return levels.map(([level, repeat]) => ({ cycle, level, repeat, ruleVersion }));
}

describe('evaluate: levels and wake-ups', () => {
  it('sleeps until the first level, then fires it once with a deterministic id', () => {
    const rule = makeRule();
    const early = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 14 * MIN,
    });
    expect(early.due).toEqual([]);
    expect(early.nextWakeAt).toBe(T0 + 15 * MIN);
    expect(early.sla).toMatchObject({
      state: 'running',
      cycle: 1,
      elapsedMinutes: 14,
      nextLevel: 1,
      nextLevelAt: T0 + 15 * MIN,
      remainingToNextMinutes: 1,
      breachAt: T0 + 30 * MIN,
      remainingToBreachMinutes: 16,
      breached: false,
    });

    const onTime = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 15 * MIN,
    });
    expect(onTime.due).toHaveLength(1);
    expect(onTime.due[0]).toMatchObject({
      id: 'issue-1:rule-1:1:1',
      cycle: 1,
      level: 1,
      repeat: 0,
      dueAt: T0 + 15 * MIN,
      late: false,
      lateByMs: 0,
      stale: false,
      actions: rule.levels[0]?.actions,
    });
    expect(onTime.nextWakeAt).toBe(T0 + 30 * MIN);

    const again = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: fire([[1, 0]]),
      now: T0 + 16 * MIN,
    });
    expect(again.due).toEqual([]);
    expect(again.nextWakeAt).toBe(T0 + 30 * MIN);
  });

  it('fires a level with no delay when the clock starts', () => {
    const rule = makeRule({
      levels: [{ delayMinutes: 0, from: 'clock-start', actions: [] }],
    });
    const result = evaluate({ issue: makeIssue(), history: created, rule, fired: [], now: T0 });
    expect(ids(result.due)).toEqual(['issue-1:rule-1:1:1']);
    expect(result.nextWakeAt).toBeNull();
    expect(result.sla.breached).toBe(true);
  });

  it('stops on acknowledge', () => {
    const rule = makeRule();
    const history = [...created, entry(T0 + 10 * MIN, 'in-progress')];
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(run.records).toEqual([]);
    const last = run.results[run.results.length - 1]?.result;
    expect(last?.nextWakeAt).toBeNull();
    expect(last?.sla).toMatchObject({
      state: 'stopped',
      stoppedAt: T0 + 10 * MIN,
      elapsedMinutes: 10,
      nextLevel: null,
    });
  });

  it('stops on an acknowledgedAt that the workflow set without a category change', () => {
    const rule = makeRule();
    const result = evaluate({
      issue: makeIssue({ acknowledgedAt: T0 + 5 * MIN }),
      history: created,
      rule,
      fired: [],
      now: T0 + HOUR,
    });
    expect(result.due).toEqual([]);
    expect(result.sla.state).toBe('stopped');
  });

  it('stops on resolve, after the levels already due', () => {
    const rule = makeRule({
      clock: { ...makeRule().clock, stop: [{ on: 'resolved' }] },
    });
    const history = [
      ...created,
      entry(T0 + 5 * MIN, 'in-progress'),
      entry(T0 + 20 * MIN, 'resolved'),
    ];
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(ids(run.records)).toEqual(['issue-1:rule-1:1:1']);
    expect(run.records[0]?.dueAt).toBe(T0 + 15 * MIN);
  });

  it('stops on entering a status of a category or a listed status', () => {
    const byCategory = makeRule({
      clock: { ...makeRule().clock, stop: [{ on: 'category', categories: ['in-progress'] }] },
    });
    const byStatus = makeRule({
      clock: { ...makeRule().clock, stop: [{ on: 'status', statuses: ['closed'] }] },
    });
    const history = [
      ...created,
      entry(T0 + 20 * MIN, 'in-progress'),
      entry(T0 + 40 * MIN, 'resolved'),
      entry(T0 + 50 * MIN, 'closed'),
    ];
    const first = runScheduler({ issue: makeIssue(), rule: byCategory }, history, T0, T0 + DAY);
    expect(ids(first.records)).toEqual(['issue-1:rule-1:1:1']);
    const second = runScheduler({ issue: makeIssue(), rule: byStatus }, history, T0, T0 + DAY);
    expect(ids(second.records)).toEqual(['issue-1:rule-1:1:1', 'issue-1:rule-1:1:2']);
  });

  it('starts the clock on entering a listed status', () => {
    const rule = makeRule({
      clock: {
        start: { on: 'status', statuses: ['in-progress'] },
        stop: [{ on: 'resolved' }],
        pauseStatuses: [],
        calendar: '24x7',
      },
    });
    const history = [...created, entry(T0 + HOUR, 'in-progress')];
    const before = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 30 * MIN,
    });
    expect(before.sla.state).toBe('not-started');
    expect(before.nextWakeAt).toBeNull();
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(run.records.map((r) => r.dueAt)).toEqual([T0 + 75 * MIN, T0 + 90 * MIN]);
  });
});

describe('evaluate: a clock that starts on entering the scope', () => {
  const rule = makeRule({
    scope: { priorities: ['Critical'], types: [], locationIds: [], statuses: [] },
    clock: {
      start: { on: 'scope' },
      stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
      pauseStatuses: [],
      calendar: '24x7',
    },
  });
  const raisedAt = T0 + 2 * HOUR;
  const zeroLevel = { delayMinutes: 0, from: 'clock-start' as const, actions: [] };
  const start = (at: number, cycle = 1, ruleVersion = 1): FiredLevel => ({
    cycle,
    level: 0,
    repeat: 0,
    ruleVersion,
    dueAt: at,
  });

  it('starts when the issue came into the scope, and asks for that start to be recorded', () => {
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: raisedAt,
      scopeEnteredAt: raisedAt,
    });
    expect(result.due).toEqual([
      expect.objectContaining({
        id: 'issue-1:rule-1:1:0',
        level: 0,
        repeat: 0,
        dueAt: raisedAt,
        late: false,
        stale: false,
        actions: [],
      }),
    ]);
    expect(result.nextWakeAt).toBe(raisedAt + 15 * MIN);
    expect(result.sla).toMatchObject({ state: 'running', startedAt: raisedAt, nextLevel: 1 });
  });

  it('goes by the recorded start, whatever it is told later', () => {
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [start(raisedAt)],
      now: raisedAt + 20 * MIN,
      scopeEnteredAt: T0,
    });
    expect(result.due.map((d) => [d.level, d.dueAt, d.late])).toEqual([
      [1, raisedAt + 15 * MIN, true],
    ]);
    expect(result.sla.startedAt).toBe(raisedAt);
  });

  it('starts no earlier than the cycle and no later than now; unseen, it starts now', () => {
    const early = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 5 * MIN,
      scopeEnteredAt: T0 - DAY,
    });
    expect(early.due[0]?.dueAt).toBe(T0);
    const future = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 5 * MIN,
      scopeEnteredAt: T0 + HOUR,
    });
    expect(future.due[0]?.dueAt).toBe(T0 + 5 * MIN);
    const unseen = evaluate({ issue: makeIssue(), history: created, rule, fired: [], now: T0 + 7 });
    expect(unseen.due[0]?.dueAt).toBe(T0 + 7);
  });

  it('starts each cycle on its own; a cycle that ended unrecorded never started', () => {
    const history = [...created, entry(T0 + 20 * MIN, 'resolved'), entry(T0 + 40 * MIN, 'new')];
    const result = evaluate({
      issue: makeIssue(),
      history,
      rule,
      fired: [],
      now: T0 + HOUR,
      scopeEnteredAt: T0,
    });
    // No start was recorded in the first cycle: its level 1 (due before the resolve) is not
    // due. The second cycle starts at the reopen; its first level is due 15 minutes later.
    expect(result.due.map((d) => [d.id, d.dueAt])).toEqual([
      ['issue-1:rule-1:2:0', T0 + 40 * MIN],
      ['issue-1:rule-1:2:1', T0 + 55 * MIN],
    ]);
    const recorded = evaluate({
      issue: makeIssue(),
      history,
      rule,
      fired: [start(T0), start(T0 + 40 * MIN, 2)],
      now: T0 + HOUR,
    });
    // Recorded, the first cycle's level fires, late and stale.
    expect(recorded.due.map((d) => [d.id, d.stale])).toEqual([
      ['issue-1:rule-1:1:1', true],
      ['issue-1:rule-1:2:1', false],
    ]);
  });

  it('never starts in a cycle closed and reopened in the instant it began', () => {
    // Reported, closed and reopened in one millisecond: no evaluation sees the first cycle
    // as current, so its clock never starts; a clock that starts on creation does fire in it.
    const instant = [...created, entry(T0, 'closed'), entry(T0, 'new')];
    const atOnce = { ...rule, scope: { ...rule.scope, priorities: [] }, levels: [zeroLevel] };
    const onScope = runScheduler(
      { issue: makeIssue(), rule: atOnce, scopeEnteredAt: T0 },
      instant,
      T0,
      T0 + DAY,
    );
    expect(onScope.records.map((r) => [r.id, r.dueAt])).toEqual([
      ['issue-1:rule-1:2:0', T0],
      ['issue-1:rule-1:2:1', T0],
    ]);
    const onCreation = { ...atOnce, clock: { ...atOnce.clock, start: { on: 'created' as const } } };
    const fromCreation = runScheduler(
      { issue: makeIssue(), rule: onCreation },
      instant,
      T0,
      T0 + DAY,
    );
    expect(fromCreation.records.map((r) => r.id)).toEqual([
      'issue-1:rule-1:1:1',
      'issue-1:rule-1:2:1',
    ]);
  });

  it('records nothing for a clock stopped from its start', () => {
    const history = [...created, entry(T0 + 10 * MIN, 'in-progress')];
    const result = evaluate({
      issue: makeIssue({ status: 'in-progress', acknowledgedAt: T0 + 10 * MIN }),
      history,
      rule,
      fired: [],
      now: raisedAt,
      scopeEnteredAt: raisedAt,
    });
    expect(result.due).toEqual([]);
    expect(result.sla).toMatchObject({ state: 'stopped', startedAt: raisedAt });
  });

  it('freezes the version in force at the start, as its record says', () => {
    const v1 = { ...rule, version: 1, updatedAt: 0 };
    const v2 = {
      ...rule,
      version: 2,
      updatedAt: raisedAt + 5 * MIN,
      levels: [{ delayMinutes: 60, from: 'clock-start' as const, actions: [] }],
    };
    const unrecorded = evaluate({
      issue: makeIssue(),
      history: created,
      rule: [v1, v2],
      fired: [],
      now: raisedAt + 10 * MIN,
      scopeEnteredAt: raisedAt,
    });
    expect(unrecorded.due.map((d) => [d.level, d.ruleVersion])).toEqual([[0, 1]]);
    const recorded = evaluate({
      issue: makeIssue(),
      history: created,
      rule: [v1, v2],
      fired: [start(raisedAt, 1, 1)],
      now: raisedAt + 15 * MIN,
    });
    expect(recorded.due.map((d) => [d.level, d.ruleVersion])).toEqual([[1, 1]]);
    expect(
      frozenRuleVersion({
        versions: [v1, v2],
        issue: makeIssue(),
        history: created,
        fired: [start(raisedAt + 10 * MIN, 1, 2)],
      }).rule,
    ).toBe(v2);
  });

  it('is out of scope before the raise: nothing starts', () => {
    const result = evaluate({
      issue: makeIssue({ priority: 'High' }),
      history: created,
      rule,
      fired: [],
      now: raisedAt,
    });
    expect(result.due).toEqual([]);
    expect(result.sla.state).toBe('not-applicable');
  });
});

describe('evaluate: pause and resume', () => {
  const rule = makeRule({
    clock: {
      start: { on: 'created' },
      stop: [{ on: 'resolved' }],
      pauseStatuses: ['on-hold'],
      calendar: '24x7',
    },
  });
  const history = [...created, entry(T0 + 5 * MIN, 'on-hold'), entry(T0 + 65 * MIN, 'new')];

  it('does not count paused time and does not wake while paused', () => {
    const paused = evaluate({
      issue: makeIssue({ status: 'on-hold' }),
      history: history.slice(0, 2),
      rule,
      fired: [],
      now: T0 + 30 * MIN,
    });
    expect(paused.due).toEqual([]);
    expect(paused.nextWakeAt).toBeNull();
    expect(paused.sla).toMatchObject({
      state: 'paused',
      paused: true,
      elapsedMinutes: 5,
      nextLevel: 1,
      nextLevelAt: null,
      remainingToNextMinutes: 10,
    });
  });

  it('resumes where it stopped', () => {
    const resumed = evaluate({ issue: makeIssue(), history, rule, fired: [], now: T0 + 66 * MIN });
    expect(resumed.sla).toMatchObject({ state: 'running', elapsedMinutes: 6 });
    expect(resumed.nextWakeAt).toBe(T0 + 75 * MIN);
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(run.records.map((r) => r.dueAt)).toEqual([T0 + 75 * MIN, T0 + 90 * MIN]);
  });
});

describe('evaluate: repeat', () => {
  it('repeats the last level', () => {
    const rule = makeRule({ repeat: { count: 2, intervalMinutes: 10, mode: 'last-level' } });
    const run = runScheduler({ issue: makeIssue(), rule }, created, T0, T0 + DAY);
    expect(run.records.map((r) => [r.id, (r.dueAt - T0) / MIN])).toEqual([
      ['issue-1:rule-1:1:1', 15],
      ['issue-1:rule-1:1:2', 30],
      ['issue-1:rule-1:1:2.1', 40],
      ['issue-1:rule-1:1:2.2', 50],
    ]);
    expect(run.records[2]?.actions).toEqual(rule.levels[1]?.actions);
  });

  it('repeats the whole ladder', () => {
    const rule = makeRule({ repeat: { count: 2, intervalMinutes: 10, mode: 'all-levels' } });
    const run = runScheduler({ issue: makeIssue(), rule }, created, T0, T0 + DAY);
    expect(run.records.map((r) => [r.id, (r.dueAt - T0) / MIN])).toEqual([
      ['issue-1:rule-1:1:1', 15],
      ['issue-1:rule-1:1:2', 30],
      ['issue-1:rule-1:1:1.1', 55],
      ['issue-1:rule-1:1:2.1', 70],
      ['issue-1:rule-1:1:1.2', 95],
      ['issue-1:rule-1:1:2.2', 110],
    ]);
  });

  it('stops repeating when the clock stops', () => {
    const rule = makeRule({ repeat: { count: 5, intervalMinutes: 10, mode: 'last-level' } });
    const history = [...created, entry(T0 + 45 * MIN, 'in-progress')];
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(ids(run.records)).toEqual([
      'issue-1:rule-1:1:1',
      'issue-1:rule-1:1:2',
      'issue-1:rule-1:1:2.1',
    ]);
  });
});

describe('evaluate: snooze', () => {
  const rule = makeRule();

  it('defers what comes due until the snooze ends, skipping nothing', () => {
    const snoozedUntil = T0 + 40 * MIN;
    const during = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      snoozedUntil,
      now: T0 + 20 * MIN,
    });
    expect(during.due).toEqual([]);
    expect(during.nextWakeAt).toBe(snoozedUntil);
    const after = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      snoozedUntil,
      now: snoozedUntil,
    });
    expect(after.due.map((d) => [d.level, d.dueAt, d.firesAt, d.late])).toEqual([
      [1, T0 + 15 * MIN, snoozedUntil, false],
      [2, T0 + 30 * MIN, snoozedUntil, false],
    ]);
  });

  it('does not hold back what comes due after the snooze', () => {
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      snoozedUntil: T0 + 5 * MIN,
      now: T0 + 6 * MIN,
    });
    expect(result.nextWakeAt).toBe(T0 + 15 * MIN);
  });
});

describe('evaluate: cycles', () => {
  it('starts a new cycle on reopen, with its own ids', () => {
    const rule = makeRule({ clock: { ...makeRule().clock, stop: [{ on: 'resolved' }] } });
    const history = [
      ...created,
      entry(T0 + 20 * MIN, 'resolved'),
      entry(T0 + 30 * MIN, 'closed'),
      entry(T0 + 100 * MIN, 'new'),
    ];
    const run = runScheduler({ issue: makeIssue(), rule }, history, T0, T0 + DAY);
    expect(run.records.map((r) => [r.id, (r.dueAt - T0) / MIN])).toEqual([
      ['issue-1:rule-1:1:1', 15],
      ['issue-1:rule-1:2:1', 115],
      ['issue-1:rule-1:2:2', 130],
    ]);
    const last = run.results[run.results.length - 1]?.result;
    expect(last?.sla).toMatchObject({ cycle: 2, state: 'running', breached: true });
  });

  it('still fires, late and stale, a level that came due in a cycle the machine slept through', () => {
    const rule = makeRule({ clock: { ...makeRule().clock, stop: [{ on: 'resolved' }] } });
    const history = [...created, entry(T0 + 20 * MIN, 'resolved'), entry(T0 + 25 * MIN, 'new')];
    const result = evaluate({ issue: makeIssue(), history, rule, fired: [], now: T0 + 26 * MIN });
    expect(result.due.map((d) => [d.id, d.late, d.stale, d.lateByMs])).toEqual([
      ['issue-1:rule-1:1:1', true, true, 11 * MIN],
    ]);
    expect(result.nextWakeAt).toBe(T0 + 40 * MIN);
  });

  it('takes the cycle from an unordered timeline too', () => {
    const rule = makeRule();
    const history = [entry(T0 + 10 * MIN, 'in-progress'), ...created];
    const result = evaluate({ issue: makeIssue(), history, rule, fired: [], now: T0 + HOUR });
    expect(result.sla.state).toBe('stopped');
  });
});

describe('evaluate: catch-up after a suspend', () => {
  it('fires each missed level once, marked late with how late', () => {
    const rule = makeRule({ repeat: { count: 2, intervalMinutes: 60, mode: 'last-level' } });
    const resume = T0 + 3 * DAY;
    const before = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 10 * MIN,
    });
    expect(before.nextWakeAt).toBe(T0 + 15 * MIN);
    const after = evaluate({ issue: makeIssue(), history: created, rule, fired: [], now: resume });
    expect(after.due.map((d) => [d.id, d.late, d.lateByMs])).toEqual([
      ['issue-1:rule-1:1:1', true, resume - (T0 + 15 * MIN)],
      ['issue-1:rule-1:1:2', true, resume - (T0 + 30 * MIN)],
      ['issue-1:rule-1:1:2.1', true, resume - (T0 + 90 * MIN)],
      ['issue-1:rule-1:1:2.2', true, resume - (T0 + 150 * MIN)],
    ]);
    expect(after.nextWakeAt).toBeNull();
    const fired = after.due.map((d) => ({ ...d }));
    const again = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired,
      now: resume + MIN,
    });
    expect(again.due).toEqual([]);
  });

  it('treats a wake-up within the tolerance as on time', () => {
    const rule = makeRule();
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 15 * MIN + 30_000,
    });
    expect(result.due[0]).toMatchObject({ late: false, lateByMs: 30_000 });
    const strict = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 15 * MIN + 30_000,
      lateAfterMs: 10_000,
    });
    expect(strict.due[0]?.late).toBe(true);
  });
});

describe('evaluate: business hours', () => {
  const calendar: BusinessCalendar = {
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, startMinute: 480, endMinute: 1020 })),
    holidays: ['2025-01-13'],
  };
  const spec = { timeZone: 'Europe/Berlin', calendar };
  const berlin = (text: string) => instantOfWallTime('Europe/Berlin', Date.parse(`${text}:00Z`));

  it('counts only working time of the location, over a weekend and a holiday', () => {
    const reported = berlin('2025-01-10T16:00'); // Friday
    const issue = makeIssue({ priority: 'Medium', reportedAt: reported });
    const history = [entry(reported, 'new')];
    const rule = UNRESOLVED_WORKING_DAY_RULE;
    const saturday = evaluate({
      issue,
      history,
      rule,
      fired: [],
      calendar: spec,
      now: berlin('2025-01-11T12:00'),
    });
    expect(saturday.sla).toMatchObject({
      state: 'running',
      withinCalendarHours: false,
      elapsedMinutes: 60,
      remainingToNextMinutes: 420,
      // Friday 1 h, Monday is a holiday, Tuesday 08:00 + 7 h.
      nextLevelAt: berlin('2025-01-14T15:00'),
    });
    expect(saturday.nextWakeAt).toBe(berlin('2025-01-14T15:00'));
    const run = runScheduler(
      { issue, rule, calendar: spec },
      history,
      reported,
      reported + 10 * DAY,
    );
    expect(run.records.map((r) => r.dueAt)).toEqual([
      berlin('2025-01-14T15:00'),
      berlin('2025-01-15T14:00'),
    ]);
  });

  it('ignores the calendar for a 24/7 rule', () => {
    const reported = berlin('2025-01-10T16:00');
    const result = evaluate({
      issue: makeIssue({ reportedAt: reported }),
      history: [entry(reported, 'new')],
      rule: makeRule(),
      fired: [],
      calendar: spec,
      now: reported,
    });
    expect(result.nextWakeAt).toBe(reported + 15 * MIN);
    expect(result.sla.withinCalendarHours).toBe(true);
  });
});

describe('evaluate: DST in two zones', () => {
  const workingDay = makeRule({
    clock: { ...makeRule().clock, stop: [{ on: 'resolved' }], calendar: 'business-hours' },
    levels: [{ delayMinutes: 480, from: 'clock-start', actions: [] }],
  });

  it('counts New York office hours across the spring change', () => {
    const calendar: BusinessCalendar = {
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, startMinute: 540, endMinute: 1020 })),
      holidays: [],
    };
    const reported = Date.parse('2025-03-07T21:00:00Z'); // Friday 16:00 EST
    const result = evaluate({
      issue: makeIssue({ reportedAt: reported }),
      history: [entry(reported, 'new')],
      rule: workingDay,
      fired: [],
      calendar: { timeZone: 'America/New_York', calendar },
      now: reported,
    });
    // 1 h on Friday, 7 h on Monday: 16:00 EDT, which is 20:00 UTC after the change.
    expect(result.nextWakeAt).toBe(Date.parse('2025-03-10T20:00:00Z'));
  });

  it('counts a Berlin night shift across the autumn change by real time', () => {
    const calendar: BusinessCalendar = {
      weekly: [
        { day: 6, startMinute: 1320, endMinute: 1440 },
        { day: 0, startMinute: 0, endMinute: 360 },
      ],
      holidays: [],
    };
    const reported = Date.parse('2025-10-25T20:00:00Z'); // Saturday 22:00 CEST
    const result = evaluate({
      issue: makeIssue({ reportedAt: reported }),
      history: [entry(reported, 'new')],
      rule: workingDay,
      fired: [],
      calendar: { timeZone: 'Europe/Berlin', calendar },
      now: reported + HOUR,
    });
    // The shift lasts 9 real hours that night; 8 working hours end at 05:00 CET.
    expect(result.nextWakeAt).toBe(Date.parse('2025-10-26T04:00:00Z'));
    expect(result.sla).toMatchObject({ elapsedMinutes: 60, withinCalendarHours: true });
  });
});

describe('evaluate: scope', () => {
  it('is not applicable to an issue out of scope or for a disabled rule', () => {
    const rule = makeRule({
      scope: { priorities: ['Critical'], types: [], locationIds: [], statuses: [] },
    });
    const low = evaluate({
      issue: makeIssue({ priority: 'Low' }),
      history: created,
      rule,
      fired: [],
      now: T0 + DAY,
    });
    expect(low).toEqual({
      due: [],
      nextWakeAt: null,
      sla: expect.objectContaining({ state: 'not-applicable' }) as unknown,
    });
    const off = evaluate({
      issue: makeIssue(),
      history: created,
      rule: { ...rule, enabled: false },
      fired: [],
      now: T0 + DAY,
    });
    expect(off.sla.state).toBe('not-applicable');
  });

  it('matches types, severity, statuses and locations below a chosen one', () => {
    const scope = {
      priorities: [],
      types: ['breakdown' as const],
      minSeverity: 3 as const,
      locationIds: ['site-a'],
      statuses: ['new'],
    };
    const path = ['line-3', 'area-1', 'site-a'];
    expect(scopeMatches(scope, makeIssue(), { locationPath: path })).toBe(true);
    expect(scopeMatches(scope, makeIssue(), {})).toBe(false);
    expect(scopeMatches(scope, makeIssue({ severity: 2 }), { locationPath: path })).toBe(false);
    expect(scopeMatches(scope, makeIssue({ type: 'safety' }), { locationPath: path })).toBe(false);
    expect(scopeMatches(scope, makeIssue({ status: 'in-progress' }), { locationPath: path })).toBe(
      false,
    );
  });

  it('asks the caller to decide a query', () => {
    const rule = makeRule({
      scope: { priorities: [], types: [], locationIds: [], statuses: [], query: 'cf.line = 3' },
    });
    expect(() =>
      evaluate({ issue: makeIssue(), history: created, rule, fired: [], now: T0 }),
    ).toThrow(/matchesQuery/);
    const seen: string[] = [];
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule,
      fired: [],
      now: T0 + 15 * MIN,
      matchesQuery: (query) => {
        seen.push(query);
        return false;
      },
    });
    expect(seen).toEqual(['cf.line = 3']);
    expect(result.sla.state).toBe('not-applicable');
  });
});

describe('version freeze', () => {
  const v1 = makeRule({ version: 1, updatedAt: 0 });
  const v2 = makeRule({
    version: 2,
    updatedAt: T0 + 5 * MIN,
    levels: [{ delayMinutes: 60, from: 'clock-start', actions: [] }],
  });

  it('escalates with the version in force when the clock started', () => {
    const run = runScheduler({ issue: makeIssue(), rule: [v2, v1] }, created, T0, T0 + DAY);
    expect(run.records.map((r) => [r.id, r.ruleVersion, (r.dueAt - T0) / MIN])).toEqual([
      ['issue-1:rule-1:1:1', 1, 15],
      ['issue-1:rule-1:1:2', 1, 30],
    ]);
    expect(
      frozenRuleVersion({ versions: [v1, v2], issue: makeIssue(), history: created, fired: [] })
        .rule,
    ).toBe(v1);
  });

  it('uses the new version for a clock that starts after the edit', () => {
    const later = makeIssue({ reportedAt: T0 + 10 * MIN });
    const history = [entry(T0 + 10 * MIN, 'new')];
    const run = runScheduler({ issue: later, rule: [v1, v2] }, history, T0 + 10 * MIN, T0 + DAY);
    expect(run.records.map((r) => [r.ruleVersion, (r.dueAt - T0) / MIN])).toEqual([[2, 70]]);
  });

  it('freezes each cycle on its own: a reopen after the edit uses the new version', () => {
    const history = [...created, entry(T0 + 2 * MIN, 'resolved'), entry(T0 + 20 * MIN, 'new')];
    const frozen = frozenRuleVersion({
      versions: [v1, v2],
      issue: makeIssue(),
      history,
      fired: [],
    });
    expect(frozen.cycle).toBe(2);
    expect(frozen.rule).toBe(v2);
  });

  it('keeps the version named by the records of the cycle', () => {
    const frozen = frozenRuleVersion({
      versions: [v1, v2],
      issue: makeIssue({ reportedAt: T0 + 10 * MIN }),
      history: [entry(T0 + 10 * MIN, 'new')],
      fired: fire([[1, 0]], 1, 1),
    });
    expect(frozen.rule).toBe(v1);
  });

  it('applies a rule created after the clock started with its first version', () => {
    const created1 = makeRule({ version: 1, updatedAt: T0 + HOUR });
    const created2 = makeRule({
      version: 2,
      updatedAt: T0 + 2 * HOUR,
      levels: [{ delayMinutes: 5, from: 'clock-start', actions: [] }],
    });
    const frozen = frozenRuleVersion({
      versions: [created2, created1],
      issue: makeIssue(),
      history: created,
      fired: [],
    });
    expect(frozen.rule).toBe(created1);
  });

  it('takes enabled and scope from the newest version', () => {
    const disabled: EscalationRule = {
      ...v2,
      version: 3,
      updatedAt: T0 + 20 * MIN,
      enabled: false,
    };
    const result = evaluate({
      issue: makeIssue(),
      history: created,
      rule: [v1, v2, disabled],
      fired: [],
      now: T0 + HOUR,
    });
    expect(result.sla.state).toBe('not-applicable');
  });
});
