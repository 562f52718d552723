import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escalationActionKey, escalationId, firedFor, parseEscalationId } from './records';

describe('escalation ids', () => {
  it('name the first pass plainly and a repeat with a suffix', () => {
    expect(escalationId('i1', 'r1', 1, 2)).toBe('i1:r1:1:2');
    expect(escalationId('i1', 'r1', 3, 2, 4)).toBe('i1:r1:3:2.4');
    expect(escalationActionKey('i1:r1:1:2', 0)).toBe('i1:r1:1:2#0');
  });

  it('read back what they wrote', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/);
    fc.assert(
      fc.property(
        id,
        id,
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        (issueId, ruleId, cycle, level, repeat) => {
          expect(parseEscalationId(escalationId(issueId, ruleId, cycle, level, repeat))).toEqual({
            issueId,
            ruleId,
            cycle,
            level,
            repeat,
          });
        },
      ),
    );
    expect(parseEscalationId('i1:r1:0:1')).toBeNull();
    expect(parseEscalationId('i1:r1:1:1.0')).toBeNull();
    expect(parseEscalationId('nonsense')).toBeNull();
  });

  it('name the clock start of a cycle as level 0, which has no repeats', () => {
    expect(escalationId('i1', 'r1', 2, 0)).toBe('i1:r1:2:0');
    expect(parseEscalationId('i1:r1:2:0')).toEqual({
      issueId: 'i1',
      ruleId: 'r1',
      cycle: 2,
      level: 0,
      repeat: 0,
    });
    expect(parseEscalationId('i1:r1:2:0.1')).toBeNull();
    expect(parseEscalationId('i1:r1:2:00')).toBeNull();
  });

  it('pick the records of one issue and rule', () => {
    const record = (issueId: string, ruleId: string) => ({
      issueId,
      ruleId,
      cycle: 1,
      level: 1,
      repeat: 0,
      ruleVersion: 1,
    });
    expect(firedFor([record('a', 'x'), record('a', 'y'), record('b', 'x')], 'a', 'x')).toEqual([
      record('a', 'x'),
    ]);
  });
});
