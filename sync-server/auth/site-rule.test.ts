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

  it('takes an issue’s site from its location, and a comment’s, event’s or escalation’s from its issue', () => {
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
    expect(siteReference('escalations', { id: 'i:r:1:1', issueId: 'i' })).toEqual({
      parent: 'issues',
      parentId: 'i',
    });
    expect(() => siteReference('issues', { id: 'i' })).toThrow(/locationId/);
  });

  it('shares workflows and escalation rules with every site', () => {
    expect(siteReference('workflows', { id: 'w' })).toEqual({ site: null });
    expect(siteReference('escalation_rules', { key: 'r@1', id: 'r' })).toEqual({ site: null });
  });

  it('lets issues move between sites with their comments, events and escalations, not locations', () => {
    expect(collectionsFollowingSite('issues').sort()).toEqual([
      'comments',
      'escalations',
      'issue_events',
    ]);
    expect(canChangeSite('issues')).toBe(true);
    expect(canChangeSite('locations')).toBe(false);
  });
});
