/**
 * The model against the engine itself, over random rules, issues and changes:
 * - the scope index loses nothing: a full evaluation fires exactly what evaluating every
 *   issue against every rule fires, wakes each issue when the earliest of them would, and
 *   shows the headline the engine's own results make;
 * - incremental equals from scratch: after any sequence of changes, evaluations and firings,
 *   the model holds the same wake-ups and headlines as a new model built from the end state;
 * - it evaluates only what a change can affect.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  BusinessCalendar,
  Issue,
  IssueEvent,
  IssueType,
  Location,
  Priority,
  Severity,
} from '../../domain';
import {
  evaluate,
  locationAncestry,
  resolveLocationCalendar,
  statusTimeline,
  toEscalationRecord,
  type EscalationRecord,
  type EscalationRule,
  type SlaView,
} from '../../escalation';
import { createMatcher } from '../../query';
import { DEFAULT_WORKFLOW } from '../../workflow';
import { EscalationModel } from './escalation-model';
import { betterHeadline, isActiveClock } from './issue-sla';

const MIN = 60_000;
const NOW = Date.parse('2026-03-04T09:30:00Z');
const office: BusinessCalendar = {
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, startMinute: 420, endMinute: 1020 })),
  holidays: [],
};
const LOCATIONS: Location[] = [
  {
    id: 'site',
    name: 'Plant',
    kind: 'site',
    timeZone: 'Europe/Berlin',
    calendar: office,
    updatedAt: 0,
  },
  { id: 'area-1', name: 'Press shop', kind: 'area', parentId: 'site', updatedAt: 0 },
  { id: 'area-2', name: 'Packaging', kind: 'area', parentId: 'site', updatedAt: 0 },
  { id: 'line-1', name: 'Line 1', kind: 'line', parentId: 'area-1', updatedAt: 0 },
  {
    id: 'line-2',
    name: 'Line 2',
    kind: 'line',
    parentId: 'area-2',
    timeZone: 'America/New_York',
    updatedAt: 0,
  },
];
const PRIORITIES: Priority[] = ['Low', 'Medium', 'High', 'Critical'];
const TYPES: IssueType[] = ['breakdown', 'safety', 'quality'];
const STATUSES = ['new', 'in-progress', 'resolved'];
const TRANSITIONS: Record<string, string> = {
  new: 'in-progress',
  'in-progress': 'resolved',
  resolved: 'new',
};

/** Scope queries: on bucket fields only, on others only, and mixed (split at AND or not). */
const QUERIES = [
  'priority >= High',
  'location = "Press shop" AND type != quality',
  'severity > 2 OR type = quality',
  'assignee IS EMPTY',
  'cf.downtime > 30 AND priority != Low',
  'type = safety OR assignee = omar',
  'status = New AND cf.downtime <= 100',
];
const QUERY_CONTEXT = { now: NOW, statuses: DEFAULT_WORKFLOW.statuses, locations: LOCATIONS };

const subset = <T>(values: readonly T[]) => fc.subarray([...values], { maxLength: 2 });

const ruleArbitrary = (id: string) =>
  fc
    .record({
      enabled: fc.boolean(),
      priorities: subset(PRIORITIES),
      types: subset(TYPES),
      statuses: subset(['new', 'in-progress']),
      locationIds: subset(['site', 'area-1', 'area-2', 'line-1', 'line-2']),
      minSeverity: fc.option(fc.constantFrom<Severity>(2, 3, 4), { nil: undefined }),
      calendar: fc.constantFrom('24x7' as const, 'business-hours' as const),
      delays: fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 3 }),
      repeat: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      stopOnAck: fc.boolean(),
      query: fc.option(fc.constantFrom(...QUERIES), { nil: undefined, freq: 3 }),
    })
    .map((r): EscalationRule => ({
      id,
      version: 1,
      updatedAt: 0,
      updatedBy: 'admin',
      name: `Rule ${id}`,
      description: '',
      enabled: r.enabled,
      scope: {
        priorities: r.priorities,
        types: r.types,
        statuses: r.statuses,
        locationIds: r.locationIds,
        ...(r.minSeverity !== undefined && { minSeverity: r.minSeverity }),
        ...(r.query !== undefined && { query: r.query }),
      },
      clock: {
        start: { on: 'created' },
        stop: r.stopOnAck ? [{ on: 'acknowledged' }, { on: 'resolved' }] : [{ on: 'resolved' }],
        pauseStatuses: [],
        calendar: r.calendar,
      },
      levels: r.delays.map((delayMinutes) => ({
        delayMinutes,
        from: 'previous-level' as const,
        actions: [],
      })),
      ...(r.repeat !== undefined && {
        repeat: { count: r.repeat, intervalMinutes: 30, mode: 'last-level' as const },
      }),
    }));

const issueArbitrary = (id: string) =>
  fc
    .record({
      priority: fc.constantFrom(...PRIORITIES),
      type: fc.constantFrom(...TYPES),
      severity: fc.constantFrom<Severity>(1, 2, 3, 4, 5),
      locationId: fc.constantFrom('line-1', 'line-2', 'area-2', 'unknown-line'),
      ageMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      assignee: fc.option(fc.constantFrom('omar', 'tina'), { nil: undefined }),
      downtime: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    })
    .map((r): Issue => ({
      id,
      title: `Issue ${id}`,
      description: '',
      type: r.type,
      priority: r.priority,
      severity: r.severity,
      locationId: r.locationId,
      workflowId: DEFAULT_WORKFLOW.id,
      status: 'new',
      reporter: 'tina',
      reportedAt: NOW - r.ageMinutes * MIN,
      ...(r.assignee !== undefined && { assignee: r.assignee }),
      customFields: r.downtime === undefined ? {} : { downtime: r.downtime },
      version: 1,
      updatedAt: NOW - r.ageMinutes * MIN,
      updatedBy: 'tina',
      updatedOnDevice: 'laptop',
    }));

type Step =
  | { kind: 'advance'; minutes: number }
  | { kind: 'priority'; issue: number; priority: Priority }
  | { kind: 'transition'; issue: number }
  | { kind: 'rule'; rule: EscalationRule }
  | { kind: 'snooze'; issue: number; minutes: number }
  | { kind: 'calendar' };

const stepArbitrary = (issues: number, rules: number): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
    fc.record({
      kind: fc.constant('priority' as const),
      issue: fc.nat({ max: issues - 1 }),
      priority: fc.constantFrom(...PRIORITIES),
    }),
    fc.record({ kind: fc.constant('transition' as const), issue: fc.nat({ max: issues - 1 }) }),
    fc
      .nat({ max: rules - 1 })
      .chain((i) => ruleArbitrary(`r${i}`))
      .map((rule) => ({ kind: 'rule' as const, rule })),
    fc.record({
      kind: fc.constant('snooze' as const),
      issue: fc.nat({ max: issues - 1 }),
      minutes: fc.integer({ min: 1, max: 120 }),
    }),
    fc.constant({ kind: 'calendar' as const }),
  );

/** Everything the model was told, to build a second model from scratch. */
interface World {
  rules: EscalationRule[];
  locations: Map<string, Location>;
  issues: Map<string, Issue>;
  events: IssueEvent[];
  records: EscalationRecord[];
}

function feed(model: EscalationModel, world: World): void {
  model.upsertWorkflow(DEFAULT_WORKFLOW);
  for (const location of world.locations.values()) model.upsertLocation(location);
  for (const rule of world.rules) model.addRuleVersion(rule);
  for (const issue of world.issues.values()) model.upsertIssue(issue);
  for (const event of world.events) model.addIssueEvent(event);
  for (const record of world.records) model.addFired(record, false);
}

function snapshot(model: EscalationModel, world: World) {
  return [...world.issues.keys()].sort().map((id) => {
    const sla = model.slaOf(id);
    return {
      id,
      wake: model.wakeOf(id) ?? null,
      rule: sla?.ruleId ?? null,
      state: sla?.sla.state ?? null,
      breachAt: sla?.sla.breachAt ?? null,
      nextLevelAt: sla?.sla.nextLevelAt ?? null,
      overdue: sla?.overdue ?? false,
      escalated: sla?.escalated ?? false,
      snoozedUntil: sla?.snoozedUntil ?? null,
    };
  });
}

const scenario = fc
  .record({ issueCount: fc.integer({ min: 1, max: 8 }), ruleCount: fc.integer({ min: 1, max: 5 }) })
  .chain(({ issueCount, ruleCount }) =>
    fc.record({
      issues: fc.tuple(...Array.from({ length: issueCount }, (_, i) => issueArbitrary(`i${i}`))),
      rules: fc.tuple(...Array.from({ length: ruleCount }, (_, i) => ruleArbitrary(`r${i}`))),
      steps: fc.array(stepArbitrary(issueCount, ruleCount), { maxLength: 25 }),
    }),
  );

describe('the escalation model', () => {
  it('fires through its scope index exactly what every issue against every rule fires', () => {
    fc.assert(
      fc.property(scenario, ({ issues, rules }) => {
        const world: World = {
          rules,
          locations: new Map(LOCATIONS.map((l) => [l.id, l])),
          issues: new Map(issues.map((i) => [i.id, i])),
          events: [],
          records: [],
        };
        const model = new EscalationModel();
        feed(model, world);
        model.markAllDirty();
        const due = model.process(NOW).map((d) => d.id);

        const lookup = (id: string) => world.locations.get(id);
        const expected: string[] = [];
        for (const issue of issues) {
          let wake = Infinity;
          let headline: { ruleId: string; sla: SlaView } | null = null;
          let active = 0;
          let overdue = false;
          let escalated = false;
          for (const rule of rules) {
            const result = evaluate({
              issue,
              history: statusTimeline(issue, [], DEFAULT_WORKFLOW),
              rule,
              fired: [],
              calendar: resolveLocationCalendar(issue.locationId, lookup),
              locationPath: locationAncestry(issue.locationId, lookup),
              matchesQuery: (query, i) => createMatcher(query, QUERY_CONTEXT)(i),
              now: NOW,
            });
            expected.push(...result.due.map((d) => d.id));
            if (result.nextWakeAt !== null) wake = Math.min(wake, result.nextWakeAt);
            const { sla } = result;
            if (sla.state === 'running') {
              for (const at of [sla.nextLevelAt, sla.breachAt]) {
                if (at !== null && at > NOW) wake = Math.min(wake, at);
              }
            }
            if (sla.state === 'not-applicable' || sla.state === 'not-started') continue;
            if (isActiveClock(sla)) {
              active++;
              overdue ||= sla.breached;
              escalated ||= result.due.some((d) => d.cycle === sla.cycle && !d.stale);
            }
            const candidate = { ruleId: rule.id, sla };
            if (betterHeadline(candidate, headline, NOW)) headline = candidate;
          }
          expect(model.wakeOf(issue.id) ?? Infinity).toBe(wake);
          const shown = model.slaOf(issue.id);
          expect(shown === null ? null : { ruleId: shown.ruleId, sla: shown.sla }).toEqual(
            headline,
          );
          if (shown !== null) {
            expect(shown).toMatchObject({ activeRules: active, overdue, escalated });
          }
        }
        expect(due.sort()).toEqual(expected.sort());
        expect(model.stats.evaluations).toBeLessThanOrEqual(issues.length * rules.length);
      }),
      { numRuns: 150 },
    );
  });

  it('after any changes holds what a model built from scratch holds', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 4 }), ({ issues, rules, steps }, slice) => {
        const world: World = {
          rules: [...rules],
          locations: new Map(LOCATIONS.map((l) => [l.id, l])),
          issues: new Map(issues.map((i) => [i.id, i])),
          events: [],
          records: [],
        };
        const model = new EscalationModel();
        feed(model, world);
        model.markAllDirty();
        let now = NOW;
        let eventId = 0;
        const fire = (): void => {
          // The first, full evaluation goes in slices, as the scheduler's start does.
          do {
            for (const level of model.process(now, slice)) {
              const record = toEscalationRecord(level, now, 'tina', 'laptop');
              world.records.push(record);
              model.addFired(record, false);
            }
          } while (model.evaluatingAll);
        };
        fire();
        for (const step of steps) {
          if (step.kind === 'advance') now += step.minutes * MIN;
          else if (step.kind === 'rule') {
            const versions = world.rules.filter((r) => r.id === step.rule.id);
            const version = Math.max(...versions.map((r) => r.version)) + 1;
            const rule = { ...step.rule, version, updatedAt: now };
            world.rules.push(rule);
            model.addRuleVersion(rule);
          } else if (step.kind === 'calendar') {
            const site = world.locations.get('site')!;
            const next = { ...site, calendar: site.calendar === undefined ? office : undefined };
            if (next.calendar === undefined) delete next.calendar;
            world.locations.set('site', next);
            model.upsertLocation(next);
          } else {
            const issue = world.issues.get(`i${step.issue}`)!;
            if (step.kind === 'priority') {
              const next = { ...issue, priority: step.priority, version: issue.version + 1 };
              world.issues.set(issue.id, next);
              model.upsertIssue(next);
            } else if (step.kind === 'transition') {
              const to = TRANSITIONS[issue.status]!;
              const next: Issue = { ...issue, status: to, version: issue.version + 1 };
              if (to === 'in-progress') next.acknowledgedAt ??= now;
              if (to === 'resolved') next.resolvedAt = now;
              if (to === 'new') delete next.resolvedAt;
              const event: IssueEvent = {
                id: `e${++eventId}`,
                issueId: issue.id,
                kind: 'transitioned',
                actor: 'tina',
                deviceId: 'laptop',
                at: now,
                changes: [{ field: 'status', from: issue.status, to }],
              };
              world.issues.set(issue.id, next);
              world.events.push(event);
              model.upsertIssue(next);
              model.addIssueEvent(event);
            } else {
              const event: IssueEvent = {
                id: `e${++eventId}`,
                issueId: issue.id,
                kind: 'escalated',
                actor: 'tina',
                deviceId: 'laptop',
                at: now,
                changes: [{ field: 'snoozedUntil', from: null, to: now + step.minutes * MIN }],
                note: 'snooze',
              };
              world.events.push(event);
              model.addIssueEvent(event);
            }
          }
          fire();
        }
        const fresh = new EscalationModel();
        feed(fresh, world);
        fresh.markAllDirty();
        expect(fresh.process(now)).toEqual([]);
        expect(snapshot(model, world)).toEqual(snapshot(fresh, world));
        const { at: _a, ...counts } = model.summary(now);
        const { at: _b, ...freshCounts } = fresh.summary(now);
        expect(counts).toEqual(freshCounts);
        expect(STATUSES).toContain(world.issues.get('i0')!.status);
      }),
      { numRuns: 200 },
    );
  });

  it('evaluates one changed issue against its candidate rules only', () => {
    const model = new EscalationModel();
    model.upsertWorkflow(DEFAULT_WORKFLOW);
    for (const location of LOCATIONS) model.upsertLocation(location);
    const rule = (id: string, priorities: Priority[]): EscalationRule => ({
      id,
      version: 1,
      updatedAt: 0,
      updatedBy: 'admin',
      name: id,
      description: '',
      enabled: true,
      scope: { priorities, types: [], statuses: [], locationIds: [] },
      clock: {
        start: { on: 'created' },
        stop: [{ on: 'resolved' }],
        pauseStatuses: [],
        calendar: '24x7',
      },
      levels: [{ delayMinutes: 60, from: 'clock-start', actions: [] }],
    });
    for (const priority of PRIORITIES) model.addRuleVersion(rule(`only-${priority}`, [priority]));
    model.addRuleVersion(rule('everything', []));
    const base = fc.sample(issueArbitrary('x'), { numRuns: 1, seed: 7 })[0]!;
    for (let i = 0; i < 100; i++) {
      model.upsertIssue({ ...base, id: `i${i}`, priority: PRIORITIES[i % 4]! });
    }
    model.markAllDirty();
    model.process(NOW);
    expect(model.stats).toMatchObject({
      evaluations: 200,
      issueEvaluations: 100,
      fullEvaluations: 1,
    });
    expect(model.bucketCount).toBe(4);

    model.upsertIssue({ ...base, id: 'i7', priority: 'Critical', version: 2 });
    model.process(NOW + MIN);
    expect(model.stats).toMatchObject({ evaluations: 202, issueEvaluations: 101 });

    // A new version of the rule for Low issues touches the 25 Low issues, no other.
    model.addRuleVersion({ ...rule('only-Low', ['Low']), version: 2, updatedAt: NOW });
    model.process(NOW + 2 * MIN);
    expect(model.stats).toMatchObject({ issueEvaluations: 126, fullEvaluations: 1 });
  });

  it('starts a clock on entering the scope at the change that brought the issue in', () => {
    const model = new EscalationModel();
    model.upsertWorkflow(DEFAULT_WORKFLOW);
    for (const location of LOCATIONS) model.upsertLocation(location);
    const rule: EscalationRule = {
      id: 'critical',
      version: 1,
      updatedAt: 0,
      updatedBy: 'admin',
      name: 'Critical',
      description: '',
      enabled: true,
      scope: { priorities: ['Critical'], types: [], statuses: [], locationIds: [] },
      clock: {
        start: { on: 'scope' },
        stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
        pauseStatuses: [],
        calendar: '24x7',
      },
      levels: [{ delayMinutes: 15, from: 'clock-start', actions: [] }],
    };
    model.addRuleVersion(rule);
    const base = fc.sample(issueArbitrary('x'), { numRuns: 1, seed: 11 })[0]!;
    const reportedAt = NOW - 3 * 60 * MIN;
    const issue: Issue = { ...base, priority: 'High', reportedAt, updatedAt: reportedAt };
    model.upsertIssue(issue);
    model.markAllDirty();
    expect(model.process(NOW)).toEqual([]);

    // Raised to Critical an hour ago; seen only now (the scheduler was off meanwhile).
    const raisedAt = NOW - 60 * MIN;
    model.addIssueEvent({
      id: 'raise',
      issueId: issue.id,
      kind: 'updated',
      actor: 'tina',
      deviceId: 'laptop',
      at: raisedAt,
      changes: [{ field: 'priority', from: 'High', to: 'Critical' }],
    });
    // A retitle later: not what brought the issue in.
    const raised = {
      ...issue,
      priority: 'Critical' as const,
      version: 3,
      updatedAt: NOW - 5 * MIN,
    };
    model.upsertIssue(raised);
    const due = model.process(NOW);
    expect(due.map((d) => [d.level, d.dueAt, d.late])).toEqual([
      [0, raisedAt, false],
      [1, raisedAt + 15 * MIN, true],
    ]);
    for (const level of due)
      model.addFired(toEscalationRecord(level, NOW, 'tina', 'laptop'), false);

    // Another device recorded the start first; the server keeps its copy, and so does the model.
    const theirs = { ...toEscalationRecord(due[0]!, NOW, 'omar', 'tablet'), dueAt: raisedAt - MIN };
    model.addFired(theirs);
    model.process(NOW + MIN);
    expect(model.slaOf(issue.id)?.sla.startedAt).toBe(raisedAt - MIN);

    // Without its entry in the history, the issue's own last change is taken: late, not early.
    const unexplained = new EscalationModel();
    unexplained.upsertWorkflow(DEFAULT_WORKFLOW);
    unexplained.addRuleVersion(rule);
    unexplained.upsertIssue(raised);
    unexplained.markAllDirty();
    expect(unexplained.process(NOW).map((d) => [d.level, d.dueAt])).toEqual([[0, NOW - 5 * MIN]]);
  });

  it('keeps per issue and rule the fired levels the records say, found as a lookup finds them', () => {
    // Records arrive in any order, for rules known or not yet, and again as another device
    // wrote them (another version, another clock start): the model answers `isFired` and
    // evaluates each pair against exactly the records a lookup by issue and rule finds, the
    // copy of the server kept where it differs.
    const record = fc.record({
      issue: fc.constantFrom('i0', 'i1'),
      rule: fc.constantFrom('r0', 'r1', 'r2', 'unknown'),
      cycle: fc.integer({ min: 1, max: 2 }),
      level: fc.integer({ min: 0, max: 3 }),
      repeat: fc.integer({ min: 0, max: 1 }),
      ruleVersion: fc.integer({ min: 1, max: 2 }),
      dueMinutes: fc.integer({ min: 0, max: 600 }),
    });
    fc.assert(
      fc.property(
        fc.tuple(ruleArbitrary('r0'), ruleArbitrary('r1'), ruleArbitrary('r2')),
        fc.tuple(issueArbitrary('i0'), issueArbitrary('i1')),
        fc.array(record, { maxLength: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (rules, issues, drawn, rulesAfter) => {
          const records = drawn.map((r): EscalationRecord => {
            const level = r.level;
            const repeat = level === 0 ? 0 : r.repeat;
            return {
              id: `${r.issue}:${r.rule}:${r.cycle}:${level}${repeat > 0 ? `.${repeat}` : ''}`,
              issueId: r.issue,
              ruleId: r.rule,
              ruleVersion: r.ruleVersion,
              ruleName: r.rule,
              cycle: r.cycle,
              level,
              repeat,
              dueAt: NOW - r.dueMinutes * MIN,
              firedAt: NOW,
              late: false,
              lateByMs: 0,
              actions: [],
              firedBy: 'tina',
              deviceId: 'laptop',
            };
          });
          // What a lookup finds: the records of the pair, a copy of a known one kept unless
          // it names another version or (a clock start) another start.
          const kept: EscalationRecord[] = [];
          for (const r of records) {
            const index = kept.findIndex((k) => k.id === r.id);
            if (index < 0) kept.push(r);
            else {
              const known = kept[index]!;
              const sameStart = r.level !== 0 || known.dueAt === r.dueAt;
              if (!sameStart || known.ruleVersion !== r.ruleVersion) kept[index] = r;
            }
          }
          const model = new EscalationModel();
          model.upsertWorkflow(DEFAULT_WORKFLOW);
          for (const location of LOCATIONS) model.upsertLocation(location);
          const split = Math.min(rulesAfter, records.length);
          for (const issue of issues) model.upsertIssue(issue);
          for (const r of records.slice(0, split)) model.addFired(r, false);
          for (const rule of rules) model.addRuleVersion(rule);
          for (const r of records.slice(split)) model.addFired(r, false);

          const lookup = (id: string) => LOCATIONS.find((l) => l.id === id);
          for (const issue of issues) {
            for (const rule of rules) {
              const fired = kept.filter((k) => k.issueId === issue.id && k.ruleId === rule.id);
              for (const r of records) {
                expect(model.isFired(issue.id, rule.id, r.id)).toBe(
                  fired.some((k) => k.id === r.id),
                );
              }
              const expected = evaluate({
                issue,
                history: statusTimeline(issue, [], DEFAULT_WORKFLOW),
                rule: [rule],
                fired,
                calendar: resolveLocationCalendar(issue.locationId, lookup),
                locationPath: locationAncestry(issue.locationId, lookup),
                matchesQuery: (query, i) => createMatcher(query, QUERY_CONTEXT)(i),
                now: NOW,
              });
              expect(model.ruleView(issue.id, rule.id, NOW)).toEqual(expected.sla);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes in an issue added and leaves out one removed while a full evaluation goes in slices', () => {
    const model = new EscalationModel();
    model.upsertWorkflow(DEFAULT_WORKFLOW);
    for (const location of LOCATIONS) model.upsertLocation(location);
    model.addRuleVersion({
      id: 'all',
      version: 1,
      updatedAt: 0,
      updatedBy: 'admin',
      name: 'All',
      description: '',
      enabled: true,
      scope: { priorities: [], types: [], statuses: [], locationIds: [] },
      clock: { start: { on: 'created' }, stop: [], pauseStatuses: [], calendar: '24x7' },
      levels: [{ delayMinutes: 60, from: 'clock-start', actions: [] }],
    });
    const base = fc.sample(issueArbitrary('x'), { numRuns: 1, seed: 5 })[0]!;
    const open = { ...base, status: 'new', reportedAt: NOW - 2 * 60 * MIN };
    delete open.acknowledgedAt;
    delete open.resolvedAt;
    for (let i = 0; i < 4; i++) model.upsertIssue({ ...open, id: `i${i}` });
    model.markAllDirty();
    expect(model.process(NOW, 1).map((d) => d.issueId)).toEqual(['i0']);
    model.removeIssue('i3');
    model.upsertIssue({ ...open, id: 'i4' });
    const due: string[] = [];
    do due.push(...model.process(NOW, 1).map((d) => d.issueId));
    while (model.evaluatingAll);
    expect(due).toEqual(['i1', 'i2', 'i4']);
    expect(model.slaOf('i3')).toBeNull();
    expect(model.summary(NOW).overdue).toBe(4);
    expect(model.wakeOf('i3')).toBeUndefined();
  });

  it('keeps the status timeline of the history however its events arrive', () => {
    const change = fc.oneof(
      fc.record({
        field: fc.constant('status'),
        from: fc.oneof(fc.constantFrom(...STATUSES), fc.constant(null)),
        to: fc.constantFrom(...STATUSES),
      }),
      fc.record({ field: fc.constant('title'), from: fc.constant('a'), to: fc.constant('b') }),
    );
    const history = fc.array(
      fc.record({
        minutes: fc.integer({ min: 0, max: 5 }),
        changes: fc.array(change, { maxLength: 3 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(
        issueArbitrary('x'),
        history,
        fc.array(fc.nat(), { maxLength: 8 }),
        (issue, steps, arrival) => {
          const events: IssueEvent[] = steps.map((step, i) => ({
            id: `e${i}`,
            issueId: issue.id,
            kind: 'updated',
            actor: 'tina',
            deviceId: 'laptop',
            at: issue.reportedAt + (step.minutes - 2) * MIN,
            changes: step.changes,
          }));
          // In a shuffled order, some more than once.
          const order = [
            ...events.map((_, i) => i),
            ...arrival.map((n) => n % Math.max(1, events.length)),
          ]
            .filter((i) => i < events.length)
            .map((i, k) => ({ i, key: arrival[k] ?? k }))
            .sort((a, b) => a.key - b.key)
            .map(({ i }) => events[i]!);
          const model = new EscalationModel();
          model.upsertWorkflow(DEFAULT_WORKFLOW);
          model.upsertIssue(issue);
          for (const event of order) model.addIssueEvent(event);
          const arrived = order.filter((e, k) => order.findIndex((f) => f.id === e.id) === k);
          expect(model.historyOf(issue.id)).toEqual(
            statusTimeline(issue, arrived, DEFAULT_WORKFLOW),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
