import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../validation/errors';
import { COMMAND_NAMES, COMMAND_SIGNATURES, parseCommandCall } from './command-arguments';

function refusal(name: unknown, args: unknown): DomainError {
  try {
    parseCommandCall(name, args);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('the call was accepted');
}

const issueInput = {
  title: 'Conveyor jam',
  type: 'breakdown',
  priority: 'High',
  severity: 3,
  locationId: 'line-3',
  customFields: { shift: 'night', downtimeMinutes: 25, safetyRisk: false },
};

describe('parseCommandCall', () => {
  it('knows exactly the core’s commands', () => {
    expect([...COMMAND_NAMES].sort()).toEqual([
      'acknowledgeIssue',
      'addComment',
      'createIssue',
      'createLocation',
      'saveEscalationRule',
      'saveWorkflow',
      'setEscalationRuleEnabled',
      'snoozeIssue',
      'transition',
      'updateIssue',
      'updateLocation',
    ]);
  });

  it('checks the escalation commands’ arguments, switches included', () => {
    expect(parseCommandCall('setEscalationRuleEnabled', ['rule-1', false]).args).toEqual([
      'rule-1',
      false,
    ]);
    expect(refusal('setEscalationRuleEnabled', ['rule-1', 'no']).problems).toEqual([
      {
        field: 'arguments[1]',
        reason: 'invalid-format',
        message:
          'Argument enabled of setEscalationRuleEnabled must be true or false, not a string.',
      },
    ]);
    expect(refusal('snoozeIssue', ['i-1', 1.5]).problems[0]?.field).toBe('arguments[1]');
    expect(parseCommandCall('saveEscalationRule', [{ name: 'x' }]).args).toEqual([{ name: 'x' }]);
    expect(parseCommandCall('saveEscalationRule', [{ name: 'x' }, 'rule-1', 3]).args).toHaveLength(
      3,
    );
  });

  it('accepts well-formed calls and returns them typed', () => {
    expect(parseCommandCall('createIssue', [issueInput])).toEqual({
      name: 'createIssue',
      args: [issueInput],
    });
    expect(parseCommandCall('updateIssue', ['i-1', { assignee: null }, 4]).args).toEqual([
      'i-1',
      { assignee: null },
      4,
    ]);
    expect(parseCommandCall('transition', ['i-1', 'resolve']).args).toEqual(['i-1', 'resolve']);
    expect(parseCommandCall('addComment', ['i-1', 'Belt replaced.']).args).toHaveLength(2);
  });

  it('treats a trailing undefined as an omitted optional argument', () => {
    expect(parseCommandCall('updateIssue', ['i-1', { title: 'x' }, undefined]).args).toEqual([
      'i-1',
      { title: 'x' },
    ]);
  });

  it('refuses unknown command names, including inherited property names', () => {
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'toString', '']) {
      const error = refusal(name, []);
      expect(error.code).toBe('validation-failed');
      expect(error.problems[0]?.field).toBe('command');
    }
    expect(refusal(42, []).message).toBe('There is no command of type a number.');
    expect(refusal('dropDatabase', []).message).toBe("There is no command 'dropDatabase'.");
  });

  it('refuses arguments that are not a list', () => {
    const error = refusal('createIssue', issueInput);
    expect(error.problems).toEqual([
      {
        field: 'arguments',
        reason: 'invalid-format',
        message: 'The arguments of createIssue must be sent as a list, not as an object.',
      },
    ]);
  });

  it('refuses the wrong number of arguments, naming the parameters', () => {
    expect(refusal('createIssue', []).message).toBe(
      'createIssue takes 1 argument (input), but got 0.',
    );
    expect(refusal('updateIssue', ['i-1', {}, 1, 'extra']).message).toBe(
      'updateIssue takes 2 to 3 arguments (issueId, patch, expectedVersion), but got 4.',
    );
    expect(refusal('addComment', ['i-1']).problems[0]?.reason).toBe('out-of-range');
  });

  it('refuses arguments of the wrong kind, one problem per argument', () => {
    const error = refusal('updateIssue', [7, 'title', 1.5]);
    expect(error.problems).toEqual([
      {
        field: 'arguments[0]',
        reason: 'invalid-format',
        message: 'Argument issueId of updateIssue must be text, not a number.',
      },
      {
        field: 'arguments[1]',
        reason: 'invalid-format',
        message: 'Argument patch of updateIssue must be a plain object, not a string.',
      },
      {
        field: 'arguments[2]',
        reason: 'invalid-format',
        message: 'Argument expectedVersion of updateIssue must be a whole number, not a number.',
      },
    ]);
  });

  it('refuses objects that are not plain data', () => {
    const cases: [unknown, string][] = [
      [null, 'must be a plain object, not null'],
      [[issueInput], 'must be a plain object, not a list'],
      [new Date(0), 'must be a plain object, not a Date'],
      [new Map(), 'must be a plain object, not a Map'],
      [{ ...issueInput, reportedAt: new Date(0) }, 'contains a Date'],
      [{ ...issueInput, customFields: { size: Number.NaN } }, 'contains the number NaN'],
      [{ ...issueInput, tags: [new Uint8Array(2)] }, 'contains a Uint8Array'],
      [JSON.parse('{"__proto__": {"admin": true}}'), 'contains the key __proto__'],
    ];
    for (const [input, expected] of cases) {
      expect(refusal('createIssue', [input]).message).toBe(
        `Argument input of createIssue ${expected}.`,
      );
    }
  });

  it('refuses nesting deeper than a form produces', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i += 1) deep = { deep };
    expect(refusal('createLocation', [deep]).message).toMatch(/nested deeper than 16 levels/);
  });

  it('accepts any plain JSON data inside an object argument', () => {
    // The key __proto__ is refused at any depth (tested above), so the data here has none.
    const json = fc.jsonValue({ maxDepth: 6 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), json).filter((input) => !hasProtoKey(input)),
        (input) => {
          expect(parseCommandCall('createLocation', [input]).args).toEqual([input]);
        },
      ),
    );
  });

  it('refuses an object argument as soon as it holds a non-data value anywhere', () => {
    const nonData = fc.constantFrom<unknown>(
      new Date(0),
      new Map(),
      new Set([1]),
      /x/,
      new Uint8Array(1),
      Infinity,
      () => undefined,
      Symbol('s'),
      10n,
    );
    const path = fc.array(
      fc.string({ minLength: 1, maxLength: 5 }).filter((k) => k !== '__proto__'),
      {
        minLength: 1,
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(path, nonData, (keys, bad) => {
        const input = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), bad);
        expect(() => parseCommandCall('saveWorkflow', [input])).toThrow(DomainError);
      }),
    );
  });

  it('describes every parameter of every command', () => {
    for (const name of COMMAND_NAMES) {
      for (const spec of COMMAND_SIGNATURES[name]) {
        expect(spec.name).toMatch(/^[a-z][A-Za-z]+$/);
      }
    }
  });
});

function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some(hasProtoKey);
}
