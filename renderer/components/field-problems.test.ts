import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/validation/errors';
import { messageOf, refusalOf } from './field-problems';

describe('refusals', () => {
  it('put each problem next to its field and the rest in a general message', () => {
    const error = DomainError.validationFailed([
      { field: 'title', reason: 'required', message: 'Title must not be empty.' },
      { field: 'title', reason: 'too-long', message: 'second title problem' },
      { field: 'customFields.line', reason: 'too-long', message: 'Line is too long.' },
      { field: 'workflowId', reason: 'unknown-reference', message: 'No such workflow.' },
    ]);
    expect(refusalOf(error, ['title', 'customFields'])).toEqual({
      fields: { title: 'Title must not be empty.', customFields: 'Line is too long.' },
      general: 'No such workflow.',
    });
  });

  it('show a refusal without field problems, or any other failure, as a general message', () => {
    expect(refusalOf(new DomainError('conflict', 'Changed meanwhile.'), ['title'])).toEqual({
      fields: {},
      general: 'Changed meanwhile.',
    });
    expect(refusalOf(new Error('disk full'), ['title']).general).toBe('disk full');
    expect(refusalOf(new DomainError('forbidden', 'No.').toJSON(), []).general).toBe('No.');
    expect(messageOf(new DomainError('forbidden', 'Not for you.'))).toBe('Not for you.');
    expect(messageOf('odd')).toBe('odd');
  });
});
