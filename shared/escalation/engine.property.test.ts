/**
 * Properties of the engine over random rules, status timelines and evaluation times:
 * - an id is never fired twice;
 * - what fires does not depend on when or how often evaluate runs (a machine that wakes
 *   rarely fires the same ids as one that wakes at every change and every nextWakeAt);
 * - nextWakeAt is never in the past, and nothing becomes due before it;
 * - the scheduler's path (`evaluateInto` with one output reused from call to call, the scope
 *   taken as decided) answers exactly what `evaluate` answers, whatever came before;
 * - a clock that starts on entering the scope, for an issue in scope from its creation and a
 *   scheduler that sees every change, fires what a clock from the creation fires, plus one
 *   recorded start per cycle;
 * - an around-the-clock rule (which the engine counts without asking a calendar) answers what
 *   the same rule answers through a business-hours calendar open every hour of every day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../domain';
import type { CalendarSpec } from './calendar';
import {
  emptySlaFigures,
  evaluate,
  evaluateInto,
  slaViewOf,
  type EvaluationOutput,
} from './engine';
import { entry, makeIssue, makeRule, MIN, runScheduler } from './engine.test-util';
import { toEscalationRecord, type EscalationRecord, type FiredLevel } from './records';
import type { ClockStop, EscalationRule } from './rule';
import type { StatusEntry } from './timeline';

const HORIZON = 3 * 24 * 60 * MIN;
const office: BusinessCalendar = {
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, startMinute: 480, endMinute: 1020 })),
  holidays: ['2025-03-31', '2025-11-03'],
};
const calendars: CalendarSpec[] = [
  { timeZone: 'Europe/Berlin', calendar: office },
  { timeZone: 'America/New_York', calendar: office },
];
/** Business hours that are every hour of every day, with no holiday. */
const openEveryHour: BusinessCalendar = {
  weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day: day as 0, startMinute: 0, endMinute: 1440 })),
  holidays: [],
};
const starts = ['2025-03-28T14:00:00Z', '2025-10-24T14:00:00Z', '2025-11-01T20:00:00Z'].map((t) =>
  Date.parse(t),
);
const STOPS: ClockStop[] = [
  { on: 'acknowledged' },
  { on: 'resolved' },
  { on: 'category', categories: ['done'] },
  { on: 'status', statuses: ['closed'] },
];

const ruleArbitrary = fc
  .record({
    levels: fc.array(
      fc.record({
        delayMinutes: fc.integer({ min: 0, max: 240 }),
        from: fc.constantFrom('clock-start' as const, 'previous-level' as const),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    repeat: fc.option(
      fc.record({
        count: fc.integer({ min: 1, max: 3 }),
        intervalMinutes: fc.integer({ min: 1, max: 120 }),
        mode: fc.constantFrom('last-level' as const, 'all-levels' as const),
      }),
      { nil: undefined },
    ),
    stop: fc.subarray(STOPS, { minLength: 1 }),
    startOnStatus: fc.boolean(),
    pause: fc.boolean(),
    businessHours: fc.boolean(),
  })
  .map(({ levels, repeat, stop, startOnStatus, pause, businessHours }): EscalationRule => {
    // Keep the levels in order, as validation demands.
    let previous = 0;
    const ordered = levels.map((level) => {
      const threshold =
        level.from === 'previous-level' ? previous + level.delayMinutes : level.delayMinutes;
      const fixed = threshold < previous ? { ...level, delayMinutes: previous } : level;
      previous = Math.max(previous, threshold);
      return { ...fixed, actions: [] };
    });
    return makeRule({
      levels: ordered,
      ...(repeat !== undefined && { repeat }),
      clock: {
        start: startOnStatus ? { on: 'status', statuses: ['in-progress'] } : { on: 'created' },
        stop,
        pauseStatuses: pause ? ['on-hold'] : [],
        calendar: businessHours ? 'business-hours' : '24x7',
      },
    });
  });

const scenarioArbitrary = fc.record({
  rule: ruleArbitrary,
  calendar: fc.constantFrom(...calendars),
  start: fc.constantFrom(...starts),
  steps: fc.array(
    fc.record({
      gapMinutes: fc.integer({ min: 0, max: 600 }),
      status: fc.constantFrom('new', 'on-hold', 'in-progress', 'resolved', 'closed'),
    }),
    { maxLength: 8 },
  ),
  snoozeMinutes: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  wakes: fc.array(fc.integer({ min: 0, max: HORIZON }), { maxLength: 8 }),
});

function timeline(start: number, steps: { gapMinutes: number; status: string }[]): StatusEntry[] {
  const history = [entry(start, 'new')];
  let at = start;
  for (const step of steps) {
    at += step.gapMinutes * MIN;
    history.push(entry(at, step.status));
  }
  return history;
}

describe('engine properties', () => {
  it('counts around the clock as a calendar open at every hour counts', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ rule, calendar, start, steps, snoozeMinutes, wakes }) => {
        const history = timeline(start, steps);
        const base = {
          issue: makeIssue({ reportedAt: start }),
          ...(snoozeMinutes !== undefined && { snoozedUntil: start + snoozeMinutes * MIN }),
        };
        const until = start + HORIZON;
        const extraWakes = wakes.map((w) => start + w);
        const aroundTheClock = runScheduler(
          { ...base, rule: { ...rule, clock: { ...rule.clock, calendar: '24x7' } } },
          history,
          start,
          until,
          extraWakes,
        );
        // The general path: working time looked up day by day in the zone (DST included).
        const everyHour = runScheduler(
          {
            ...base,
            rule: { ...rule, clock: { ...rule.clock, calendar: 'business-hours' } },
            calendar: { timeZone: calendar.timeZone, calendar: openEveryHour },
          },
          history,
          start,
          until,
          extraWakes,
        );
        // The same answers, but for the rule object each due level names.
        const answers = (run: typeof everyHour) =>
          run.results.map(({ now, result }) => ({
            now,
            nextWakeAt: result.nextWakeAt,
            sla: result.sla,
            due: result.due.map((level) => ({ ...level, rule: level.rule.id })),
          }));
        expect(aroundTheClock.records).toEqual(everyHour.records);
        expect(answers(aroundTheClock)).toEqual(answers(everyHour));
      }),
      { numRuns: 200 },
    );
  });

  it('fires every id once, whenever and however often it runs', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ rule, calendar, start, steps, snoozeMinutes, wakes }) => {
        const history = timeline(start, steps);
        const issue = makeIssue({ reportedAt: start });
        const until = start + HORIZON;
        const snoozedUntil = snoozeMinutes === undefined ? undefined : start + snoozeMinutes * MIN;
        const base = {
          issue,
          rule,
          calendar,
          ...(snoozedUntil !== undefined && { snoozedUntil }),
        };

        // A machine that wakes at random times only (and at the end).
        const fired: EscalationRecord[] = [];
        const times = [...wakes.map((w) => start + w), until].sort((a, b) => a - b);
        for (const now of times) {
          const result = evaluate({
            ...base,
            history: history.filter((e) => e.at <= now),
            fired,
            now,
          });
          for (const due of result.due) {
            expect(fired.some((r) => r.id === due.id)).toBe(false);
            expect(due.firesAt).toBeLessThanOrEqual(now);
            expect(due.dueAt).toBeLessThanOrEqual(due.firesAt);
            fired.push(toEscalationRecord(due, now, 'sparse', 'test'));
          }
          if (result.nextWakeAt !== null) expect(result.nextWakeAt).toBeGreaterThan(now);
        }

        // A machine that wakes at every change and every nextWakeAt.
        const dense = runScheduler(base, history, start, until);
        const denseIds = dense.records.map((r) => r.id);
        expect(new Set(denseIds).size).toBe(denseIds.length);
        expect(fired.map((r) => r.id).sort()).toEqual([...denseIds].sort());
        // Same levels, same due times.
        const dueTimes = (records: EscalationRecord[]) =>
          Object.fromEntries(records.map((r) => [r.id, r.dueAt]));
        expect(dueTimes(fired)).toEqual(dueTimes(dense.records));
      }),
      { numRuns: 300 },
    );
  });

  it('never wakes in the past, and nothing becomes due before the wake-up', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scenario, fraction) => {
          const { rule, calendar, start, steps, snoozeMinutes } = scenario;
          const history = timeline(start, steps);
          const issue = makeIssue({ reportedAt: start });
          const until = start + HORIZON;
          const base = {
            issue,
            rule,
            calendar,
            ...(snoozeMinutes !== undefined && { snoozedUntil: start + snoozeMinutes * MIN }),
          };
          const run = runScheduler(base, history, start, until);
          const firedBy = (time: number) => run.records.filter((r) => r.firedAt <= time);
          for (const { now, result } of run.results) {
            if (result.nextWakeAt !== null) expect(result.nextWakeAt).toBeGreaterThan(now);
            const nextChange = history.find((e) => e.at > now)?.at ?? Infinity;
            const bound = Math.min(result.nextWakeAt ?? Infinity, nextChange, until);
            if (bound - now <= 1) continue;
            for (const probe of [
              now + 1,
              now + Math.max(1, Math.floor((bound - now) * fraction)),
              bound - 1,
            ]) {
              if (probe <= now || probe >= bound) continue;
              const later = evaluate({
                ...base,
                history: history.filter((e) => e.at <= probe),
                fired: firedBy(now),
                now: probe,
              });
              expect(later.due).toEqual([]);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers the same through a reused output as through evaluate', () => {
    const call = fc.record({
      scenario: scenarioArbitrary,
      at: fc.integer({ min: 0, max: HORIZON }),
      fired: fc.array(
        fc.record({
          cycle: fc.integer({ min: 1, max: 3 }),
          level: fc.integer({ min: 1, max: 4 }),
          repeat: fc.integer({ min: 0, max: 3 }),
        }),
        { maxLength: 6 },
      ),
      versions: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(call, { minLength: 2, maxLength: 6 }), (calls) => {
        const inputs = calls.map(({ scenario, at, fired, versions }) => {
          const { rule, calendar, start, steps, snoozeMinutes } = scenario;
          const now = start + at;
          return {
            issue: makeIssue({ reportedAt: start }),
            history: timeline(start, steps).filter((e) => e.at <= now),
            // Two versions, the second saved mid-way: the freeze picks one per cycle.
            rule: versions ? [rule, { ...rule, version: 2, updatedAt: start + HORIZON / 2 }] : rule,
            fired: fired.map((f): FiredLevel => ({ ...f, ruleVersion: 1 })),
            calendar,
            now,
            ...(snoozeMinutes !== undefined && { snoozedUntil: start + snoozeMinutes * MIN }),
          };
        });
        // The answers of evaluate, taken in the opposite order: whatever one call left behind
        // would show as a difference.
        const expected = [...inputs]
          .reverse()
          .map((input) => evaluate(input))
          .reverse();
        // One output for the whole sequence, as the scheduler keeps one.
        const out: EvaluationOutput = { due: [], nextWakeAt: Infinity, sla: emptySlaFigures() };
        inputs.forEach((input, i) => {
          const answer = expected[i]!;
          out.due = [];
          expect(evaluateInto(input, out, { scopeChecked: true })).toBe(true);
          expect(out.due).toEqual(answer.due);
          expect(out.nextWakeAt === Infinity ? null : out.nextWakeAt).toBe(answer.nextWakeAt);
          expect(slaViewOf(out.sla)).toEqual(answer.sla);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('starts a clock on entering the scope as at the creation for an issue always in scope', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ rule, calendar, start, steps, snoozeMinutes }) => {
        fc.pre(rule.clock.start.on === 'created');
        const history = timeline(start, steps);
        const base = {
          issue: makeIssue({ reportedAt: start }),
          calendar,
          scopeEnteredAt: start,
          ...(snoozeMinutes !== undefined && { snoozedUntil: start + snoozeMinutes * MIN }),
        };
        const until = start + HORIZON;
        const fromCreation = runScheduler({ ...base, rule }, history, start, until);
        const onScope = runScheduler(
          { ...base, rule: { ...rule, clock: { ...rule.clock, start: { on: 'scope' } } } },
          history,
          start,
          until,
        );
        const levels = onScope.records.filter((r) => r.level > 0);
        const starts = onScope.records.filter((r) => r.level === 0);
        // A cycle that ends in the instant it begins is never current when the scheduler
        // looks, so a clock that starts on being seen in scope never starts in it.
        const unseen = unseenCycles(history);
        expect(levels.map((r) => [r.id, r.dueAt])).toEqual(
          fromCreation.records.filter((r) => !unseen.has(r.cycle)).map((r) => [r.id, r.dueAt]),
        );
        const cycles = starts.map((r) => r.cycle);
        expect(new Set(cycles).size).toBe(cycles.length);
        for (const record of starts) {
          expect(record.dueAt).toBe(
            history.filter((_, i) => i === 0 || isReopen(history, i))[record.cycle - 1]?.at,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Cycles (from 1) whose next cycle begins in the same instant. */
function unseenCycles(history: readonly StatusEntry[]): Set<number> {
  const begins = history.filter((_, i) => i === 0 || isReopen(history, i)).map((e) => e.at);
  const unseen = new Set<number>();
  for (let c = 1; c < begins.length; c++) if (begins[c] === begins[c - 1]) unseen.add(c);
  return unseen;
}

function isReopen(history: readonly StatusEntry[], i: number): boolean {
  return history[i - 1]?.category === 'done' && history[i]?.category !== 'done';
}
