import { describe, expect, it } from 'vitest';
import {
  COLUMN_PREFS_KEY,
  defaultColumnPrefs,
  moveColumn,
  parseColumnPrefs,
  readColumnPrefs,
  visibleColumnIds,
  writeColumnPrefs,
} from './column-prefs';
import { ISSUE_COLUMN_IDS } from './issue-columns';
import { memoryStorage } from './issues.test-util';

describe('column preferences', () => {
  it('default to every column in its place, some of them hidden', () => {
    const prefs = defaultColumnPrefs();
    expect(prefs.order).toEqual([...ISSUE_COLUMN_IDS]);
    expect(visibleColumnIds(prefs)).toEqual([
      'title',
      'status',
      'priority',
      'location',
      'assignee',
      'reportedAt',
      'escalated',
    ]);
  });

  it('survive a round trip through storage', () => {
    const storage = memoryStorage();
    const prefs = defaultColumnPrefs();
    prefs.order = moveColumn(prefs.order, 'assignee', -5);
    prefs.visibility.severity = true;
    prefs.visibility.location = false;
    expect(writeColumnPrefs(storage, prefs)).toBe(true);
    expect(storage.data.has(COLUMN_PREFS_KEY)).toBe(true);
    expect(readColumnPrefs(storage)).toEqual(prefs);
  });

  it('read damaged or foreign settings as defaults, dropping what they do not know', () => {
    const storage = memoryStorage();
    storage.setItem(COLUMN_PREFS_KEY, '{not json');
    expect(readColumnPrefs(storage)).toEqual(defaultColumnPrefs());
    const parsed = parseColumnPrefs({
      order: ['escalated', 'sla', 'title', 'title', 42],
      visibility: { title: false, sla: true, severity: 'yes', type: true },
    });
    // Unknown and repeated columns go; missing ones come back after their default neighbours.
    expect(parsed.order.slice(0, 3)).toEqual(['escalated', 'title', 'status']);
    expect([...parsed.order].sort()).toEqual([...ISSUE_COLUMN_IDS].sort());
    // The title cannot be hidden; values of the wrong type are ignored.
    expect(parsed.visibility.title).toBe(true);
    expect(parsed.visibility.severity).toBe(false);
    expect(parsed.visibility.type).toBe(true);
  });

  it('report a storage that refuses to store', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(writeColumnPrefs(refusing, defaultColumnPrefs())).toBe(false);
    expect(writeColumnPrefs(undefined, defaultColumnPrefs())).toBe(false);
  });

  it('move a column within the ends of the order', () => {
    expect(moveColumn(['title', 'status', 'priority'], 'priority', -1)).toEqual([
      'title',
      'priority',
      'status',
    ]);
    expect(moveColumn(['title', 'status'], 'title', -3)).toEqual(['title', 'status']);
    expect(moveColumn(['title', 'status'], 'title', 9)).toEqual(['status', 'title']);
  });
});
