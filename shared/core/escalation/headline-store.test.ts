/**
 * The headline store against plain objects: what it gives back is what it was given, and it
 * calls a headline changed exactly when `sameIssueSla` says the two differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOCK_STATES, type EscalationRule, type SlaView } from '../../escalation';
import { makeRule } from '../../escalation/engine.test-util';
import { HeadlineStore, type HeadlineRule } from './headline-store';
import { sameIssueSla, type IssueSla } from './issue-sla';

const instant = fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: null });
const small = fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: null });
const view: fc.Arbitrary<SlaView> = fc.record({
  state: fc.constantFrom(...CLOCK_STATES),
  cycle: fc.integer({ min: 1, max: 3 }),
  ruleVersion: fc.integer({ min: 1, max: 3 }),
  startedAt: instant,
  stoppedAt: instant,
  paused: fc.boolean(),
  withinCalendarHours: fc.boolean(),
  elapsedMinutes: fc.integer({ min: 0, max: 1_000_000 }),
  nextLevel: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
  nextRepeat: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  nextLevelAt: instant,
  remainingToNextMinutes: small,
  breachAt: instant,
  remainingToBreachMinutes: small,
  breached: fc.boolean(),
});

function ruleOf(id: string, versions: number): HeadlineRule {
  const all: EscalationRule[] = Array.from({ length: versions }, (_, i) =>
    makeRule({ id, version: i + 1, name: `${id} v${i + 1}` }),
  );
  return { id, versions: all, newest: all[all.length - 1]! };
}
const rules = [ruleOf('a', 2), ruleOf('b', 1)];

const headline = fc.option(
  fc.record({
    rule: fc.constantFrom(...rules),
    sla: view,
    overdue: fc.boolean(),
    escalated: fc.boolean(),
    snoozedUntil: instant,
    activeRules: fc.integer({ min: 0, max: 5 }),
    evaluatedAt: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  }),
  { nil: null },
);

describe('the headline store', () => {
  it('gives back what it was given, and calls a change what sameIssueSla calls one', () => {
    fc.assert(
      fc.property(fc.array(headline, { minLength: 1, maxLength: 12 }), (sequence) => {
        const store = new HeadlineStore();
        store.allocate();
        const slot = store.allocate();
        let before: IssueSla | null = null;
        for (const next of sequence) {
          let expected: IssueSla | null = null;
          let changed: boolean;
          if (next === null) changed = store.clear(slot);
          else {
            const version = next.rule.versions.find((v) => v.version === next.sla.ruleVersion);
            expected = {
              issueId: 'i1',
              ruleId: next.rule.id,
              ruleName: (version ?? next.rule.newest).name,
              sla: next.sla,
              overdue: next.overdue,
              escalated: next.escalated,
              snoozedUntil: next.snoozedUntil,
              activeRules: next.activeRules,
              evaluatedAt: next.evaluatedAt,
            };
            changed = store.set(
              slot,
              next.rule,
              next.sla,
              next.overdue,
              next.escalated,
              next.snoozedUntil,
              next.activeRules,
              next.evaluatedAt,
            );
          }
          expect(changed).toBe(!sameIssueSla(before, expected));
          expect(store.get(slot, 'i1')).toEqual(expected);
          expect(store.has(slot)).toBe(expected !== null);
          expect(store.breachAt(slot)).toBe(expected?.sla.breachAt ?? null);
          expect(store.get(0, 'other')).toBeNull();
          before = expected;
        }
      }),
    );
  });

  it('grows past its first capacity', () => {
    const store = new HeadlineStore();
    let slot = 0;
    for (let i = 0; i < 3000; i++) slot = store.allocate();
    const sla = { ...fc.sample(view, { numRuns: 1, seed: 3 })[0]!, breachAt: 42 };
    store.set(slot, rules[1]!, sla, false, false, null, 1, 7);
    expect(store.get(slot, 'last')?.sla).toEqual(sla);
  });
});
