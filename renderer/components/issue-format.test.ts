import { describe, expect, it } from 'vitest';
import { describeAge, formatAge, priorityColor, statusColor } from './issue-format';

describe('issue formatting', () => {
  const now = Date.UTC(2026, 10, 2, 12);

  it('writes ages compactly and in words', () => {
    const cases: [number, string, string][] = [
      [0, 'just now', 'just now'],
      [59_000, 'just now', 'just now'],
      [60_000, '1 min', '1 minute ago'],
      [3 * 3_600_000 + 5, '3 h', '3 hours ago'],
      [86_400_000, '1 d', '1 day ago'],
      [20 * 86_400_000, '2 w', '2 weeks ago'],
    ];
    for (const [age, short, words] of cases) {
      expect(formatAge(now - age, now)).toBe(short);
      expect(describeAge(now - age, now)).toBe(words);
    }
    expect(formatAge(now + 5_000, now)).toBe('just now');
  });

  it('colours priorities by urgency and statuses by category', () => {
    expect((['Lowest', 'Low', 'Medium', 'High', 'Critical'] as const).map(priorityColor)).toEqual([
      'default',
      'default',
      'info',
      'warning',
      'error',
    ]);
    expect(statusColor('done')).toBe('success');
    expect(statusColor(undefined)).toBe('default');
  });
});
