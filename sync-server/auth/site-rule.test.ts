import { describe, expect, it } from 'vitest';
import { canChangeSite, collectionsFollowingSite, siteReference } from './site-rule';

describe('the site rule', () => {
  it('makes a root location its own site and others follow their parent', () => {
    expect(siteReference('locations', { id: 'plant', kind: 'site' })).toEqual({ site: 'plant' });
    expect(siteReference('locations', { id: 'hall', parentId: 'plant' })).toEqual({
      parent: 'locations',
      parentId: 'plant',
    });
  });

  it('takes an issue’s site from its location and a comment’s or event’s from its issue', () => {
    expect(siteReference('issues', { id: 'i', locationId: 'line' })).toEqual({
      parent: 'locations',
      parentId: 'line',
    });
    expect(siteReference('comments', { id: 'c', issueId: 'i' })).toEqual({
      parent: 'issues',
      parentId: 'i',
    });
    expect(siteReference('issue_events', { id: 'e', issueId: 'i' })).toEqual({
      parent: 'issues',
      parentId: 'i',
    });
    expect(() => siteReference('issues', { id: 'i' })).toThrow(/locationId/);
  });

  it('shares workflows with every site', () => {
    expect(siteReference('workflows', { id: 'w' })).toEqual({ site: null });
  });

  it('lets issues move between sites with their comments and events, not locations', () => {
    expect(collectionsFollowingSite('issues').sort()).toEqual(['comments', 'issue_events']);
    expect(canChangeSite('issues')).toBe(true);
    expect(canChangeSite('locations')).toBe(false);
  });
});
