import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError, type FieldProblem } from './errors';

const problems: FieldProblem[] = [
  {
    field: 'title',
    reason: 'too-long',
    message: 'Title must be at most 100 characters (it has 112).',
  },
  { field: 'severity', reason: 'out-of-range', message: 'Severity must be from 1 to 5 (it is 9).' },
];

describe('DomainError', () => {
  it('is an Error with a code, a message and problems', () => {
    const error = DomainError.validationFailed(problems);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('validation-failed');
    expect(error.message).toBe(
      'Title must be at most 100 characters (it has 112). Severity must be from 1 to 5 (it is 9).',
    );
    expect(error.problems).toEqual(problems);
  });

  it('makes a one-field validation error', () => {
    const error = DomainError.invalid('locationId', 'unknown-reference', 'Choose a location.');
    expect(error.code).toBe('validation-failed');
    expect(error.message).toBe('Choose a location.');
    expect(error.problems).toEqual([
      { field: 'locationId', reason: 'unknown-reference', message: 'Choose a location.' },
    ]);
  });

  it('survives structured cloning as its JSON form', () => {
    const error = DomainError.validationFailed(problems);
    const cloned = structuredClone(error.toJSON());
    const back = DomainError.fromJSON(cloned);
    expect(back).toBeInstanceOf(DomainError);
    expect(back?.code).toBe('validation-failed');
    expect(back?.message).toBe(error.message);
    expect(back?.problems).toEqual(problems);
  });

  it('survives a JSON round trip through JSON.stringify', () => {
    const error = new DomainError('forbidden', 'Only supervisors and admins may close issues.');
    const back = DomainError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(back?.toJSON()).toEqual(error.toJSON());
    expect(back?.problems).toEqual([]);
  });

  it('does not share its problem list with the caller', () => {
    const list = [...problems];
    const error = DomainError.validationFailed(list);
    list.pop();
    error.toJSON().problems.pop();
    expect(error.problems).toHaveLength(2);
  });

  it('refuses to rebuild anything that is not its JSON form', () => {
    const good = new DomainError('not-found', 'Issue "x" does not exist.').toJSON();
    for (const bad of [
      null,
      undefined,
      'DomainError',
      42,
      new Error('plain'),
      structuredClone(new DomainError('not-found', 'lost in cloning')),
      { ...good, name: 'Error' },
      { ...good, code: 'teapot' },
      { ...good, message: 7 },
      { ...good, problems: 'none' },
      { ...good, problems: [{ field: 'title', reason: 'too-wide', message: 'x' }] },
      { ...good, problems: [{ field: 1, reason: 'required', message: 'x' }] },
      { ...good, problems: [null] },
    ]) {
      expect(DomainError.fromJSON(bad)).toBeNull();
    }
  });

  it('accepts its JSON form without problems and returns an instance unchanged', () => {
    const error = DomainError.fromJSON({ name: 'DomainError', code: 'conflict', message: 'm' });
    expect(error?.code).toBe('conflict');
    expect(error?.problems).toEqual([]);
    const instance = new DomainError('conflict', 'm');
    expect(DomainError.fromJSON(instance)).toBe(instance);
  });
});

describe('isDomainError', () => {
  it('recognises DomainErrors, optionally by code', () => {
    const error = new DomainError('forbidden', 'no');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'forbidden')).toBe(true);
    expect(isDomainError(error, 'conflict')).toBe(false);
    expect(isDomainError(new Error('no'))).toBe(false);
    expect(isDomainError(error.toJSON())).toBe(false);
  });
});
