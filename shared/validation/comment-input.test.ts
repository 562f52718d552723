import { describe, expect, it } from 'vitest';
import {
  validateCommentBody,
  validateResolutionComment,
  validateTransitionInput,
} from './comment-input';
import { isDomainError, type FieldProblem } from './errors';

function problemsOf(run: () => unknown): FieldProblem[] {
  try {
    run();
  } catch (error) {
    if (isDomainError(error, 'validation-failed')) return error.problems;
    throw error;
  }
  throw new Error('expected a validation-failed DomainError, got none');
}

describe('validateCommentBody', () => {
  it('trims the body', () => {
    expect(validateCommentBody('  Replaced the belt.\n')).toBe('Replaced the belt.');
    expect(validateCommentBody('x'.repeat(5000))).toHaveLength(5000);
  });

  it.each([
    ['missing', undefined, 'required'],
    ['blank', ' \n\t ', 'required'],
    ['not text', 12, 'invalid-format'],
    ['null', null, 'invalid-format'],
    ['too long', 'x'.repeat(5001), 'too-long'],
  ])('refuses a %s body', (_name, body, reason) => {
    expect(problemsOf(() => validateCommentBody(body))).toEqual([
      expect.objectContaining({ field: 'body', reason }),
    ]);
  });
});

describe('validateResolutionComment', () => {
  it('trims, and treats absent or blank text as no comment', () => {
    expect(validateResolutionComment(' Belt replaced. ')).toBe('Belt replaced.');
    expect(validateResolutionComment(undefined)).toBeUndefined();
    expect(validateResolutionComment('   ')).toBeUndefined();
    expect(validateResolutionComment('x'.repeat(1000))).toHaveLength(1000);
  });

  it('requires text when asked to', () => {
    for (const value of [undefined, '', '  ']) {
      expect(problemsOf(() => validateResolutionComment(value, { required: true }))).toEqual([
        expect.objectContaining({ field: 'resolutionComment', reason: 'required' }),
      ]);
    }
  });

  it.each([
    ['too long', 'x'.repeat(1001), 'too-long'],
    ['not text', 5, 'invalid-format'],
    ['null', null, 'invalid-format'],
  ])('refuses a comment that is %s', (_name, value, reason) => {
    expect(problemsOf(() => validateResolutionComment(value))).toEqual([
      expect.objectContaining({ field: 'resolutionComment', reason }),
    ]);
  });
});

describe('validateTransitionInput', () => {
  it('returns a clean input', () => {
    expect(validateTransitionInput(undefined)).toEqual({});
    expect(validateTransitionInput({})).toEqual({});
    expect(validateTransitionInput({ resolutionComment: ' ok ' })).toEqual({
      resolutionComment: 'ok',
    });
    expect(validateTransitionInput({ resolutionComment: ' ' })).toEqual({});
  });

  it('collects every problem', () => {
    const problems = problemsOf(() =>
      validateTransitionInput({ resolutionComment: 'x'.repeat(1001), status: 'done' }),
    );
    expect(problems.map((p) => [p.field, p.reason])).toEqual([
      ['status', 'not-allowed'],
      ['resolutionComment', 'too-long'],
    ]);
  });

  it('refuses input that is not an object', () => {
    expect(problemsOf(() => validateTransitionInput('done'))).toEqual([
      expect.objectContaining({ field: '', reason: 'invalid-format' }),
    ]);
  });
});
