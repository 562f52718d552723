import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './routes';

describe('routes', () => {
  it('read the view, the open issue and the board’s location from the hash', () => {
    expect(parseRoute('#/board?location=l-1&issue=i%2F2')).toEqual({
      view: 'board',
      locationId: 'l-1',
      issueId: 'i/2',
    });
    expect(parseRoute('#/locations')).toEqual({ view: 'locations' });
  });

  it('start on the board for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ view: 'board' });
    expect(parseRoute('#/nowhere?issue=')).toEqual({ view: 'board' });
  });

  it('write back what they read', () => {
    for (const hash of ['#/issues?issue=abc', '#/board?location=l+1', '#/locations']) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
});
