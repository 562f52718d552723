import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain';
import { DomainError } from '../../../shared/validation/errors';
import {
  checkIssuePatch,
  checkNewIssue,
  emptyValues,
  issuePatch,
  refusalErrors,
  valuesOf,
} from './issue-form';

const issue: Issue = {
  id: 'i-1',
  title: 'Conveyor jam at the infeed',
  description: '',
  type: 'breakdown',
  priority: 'High',
  severity: 3,
  locationId: 'line-3',
  workflowId: 'default',
  status: 'new',
  assignee: 'ana',
  reporter: 'tina',
  reportedAt: 1_000,
  customFields: {},
  version: 4,
  updatedAt: 1_000,
  updatedBy: 'tina',
  updatedOnDevice: 'laptop-7',
};

describe('the issue form’s checks', () => {
  it('ask for a title and a location on a new issue', () => {
    expect(checkNewIssue(emptyValues())).toEqual({
      title: 'Title must not be empty.',
      locationId: 'Choose the location of the issue.',
    });
    expect(checkNewIssue({ ...emptyValues('line-3'), title: 'Jam' })).toEqual({});
  });

  it('give the core’s limits with the count', () => {
    const errors = checkNewIssue({
      ...emptyValues('line-3'),
      title: 'x'.repeat(101),
      description: 'y'.repeat(1001),
    });
    expect(errors).toEqual({
      title: 'Title must be at most 100 characters (it has 101).',
      description: 'Description must be at most 1000 characters (it has 1001).',
    });
  });

  it('count characters as people do, and trim before measuring', () => {
    expect(checkNewIssue({ ...emptyValues('l'), title: `  ${'é'.repeat(100)}  ` })).toEqual({});
    expect(checkNewIssue({ ...emptyValues('l'), title: '🔥'.repeat(100) })).toEqual({});
  });

  it('send only what changed in an edit, clearing an emptied assignee', () => {
    expect(issuePatch(issue, valuesOf(issue))).toEqual({});
    expect(issuePatch(issue, { ...valuesOf(issue), priority: 'Critical', assignee: '  ' })).toEqual(
      { priority: 'Critical', assignee: null },
    );
  });

  it('refuse an edit that empties the title or the location', () => {
    expect(checkIssuePatch(issue, { ...valuesOf(issue), title: ' ', locationId: null })).toEqual({
      title: 'Title must not be empty.',
      locationId: 'Choose the location of the issue.',
    });
  });

  it('put the core’s refusal of a save next to the field it names', () => {
    const refusal = DomainError.invalid(
      'locationId',
      'unknown-reference',
      'Choose an existing location.',
    );
    expect(refusalErrors(refusal)).toEqual({
      fields: { locationId: 'Choose an existing location.' },
    });
    expect(refusalErrors(new DomainError('conflict', 'Changed meanwhile.'))).toEqual({
      fields: {},
      general: 'Changed meanwhile.',
    });
  });
});
