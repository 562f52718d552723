import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES, type Issue, type Location } from '../../../shared/domain';
import { compileQuery } from '../../../shared/query';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { issueColumn } from './issue-columns';
import {
  IssueRowCache,
  createRowContext,
  escalationMarks,
  searchTextOf,
  type IssueRow,
} from './issue-rows';
import { byId, filterByColumns, searchRows, sortRows } from './issue-view';
import { testIssue } from './issues.test-util';

const locations: Location[] = [
  { id: 'plant-a', name: 'Plant A', kind: 'site', updatedAt: 0 },
  { id: 'press', name: 'Press shop', kind: 'area', parentId: 'plant-a', updatedAt: 0 },
  { id: 'line-3', name: 'Line 3', kind: 'line', parentId: 'press', updatedAt: 0 },
  { id: 'assembly', name: 'Assembly', kind: 'area', parentId: 'plant-a', updatedAt: 0 },
  { id: 'plant-b', name: 'Plant B', kind: 'site', updatedAt: 0 },
];
const context = createRowContext([DEFAULT_WORKFLOW], locations);
const NOW = Date.UTC(2026, 10, 2, 12, 0);
const DAY = 24 * 3_600_000;

function rowsOf(issues: Issue[], escalated: string[] = []): IssueRow[] {
  const marks = escalationMarks(
    escalated.map((issueId) => ({ issueId, ruleName: 'Rule', level: 1, firedAt: 1 })),
  );
  return new IssueRowCache(context).rows(issues, marks);
}

const ids = (rows: readonly IssueRow[]) => rows.map((row) => row.id);

const sample = rowsOf(
  [
    testIssue({ id: 'a', title: 'Hydraulic leak', priority: 'High', locationId: 'line-3' }),
    testIssue({
      id: 'b',
      title: 'Guard door open',
      priority: 'Critical',
      status: 'in-progress',
      locationId: 'assembly',
      assignee: 'bob',
      reportedAt: NOW - 2 * DAY,
    }),
    testIssue({
      id: 'c',
      title: 'hose worn',
      priority: 'Low',
      status: 'closed',
      locationId: 'plant-b',
      reportedAt: NOW - 40 * DAY,
    }),
    testIssue({
      id: 'd',
      title: 'Noise',
      priority: 'Lowest',
      locationId: 'press',
      reportedAt: NOW,
    }),
  ],
  ['b'],
);

describe('column filters', () => {
  it('pass everything when no filter is active, returning the same array', () => {
    expect(filterByColumns(sample, [], context, NOW)).toBe(sample);
    expect(filterByColumns(sample, [{ id: 'title', value: '  ' }], context, NOW)).toBe(sample);
    expect(filterByColumns(sample, [{ id: 'status', value: [] }], context, NOW)).toBe(sample);
  });

  it('match text case-insensitively, values by choice, and locations with their subtree', () => {
    const filter = (id: string, value: unknown) =>
      ids(filterByColumns(sample, [{ id, value }], context, NOW));
    expect(filter('title', 'HOSE')).toEqual(['c']);
    expect(filter('title', 'leak (')).toEqual([]);
    expect(filter('title', ' open ')).toEqual(['b']);
    expect(filter('priority', ['Critical', 'Lowest'])).toEqual(['b', 'd']);
    expect(filter('status', ['New'])).toEqual(['a', 'd']);
    expect(filter('location', ['press'])).toEqual(['a', 'd']);
    expect(filter('location', ['plant-a'])).toEqual(['a', 'b', 'd']);
    expect(filter('assignee', 'bo')).toEqual(['b']);
    expect(filter('escalated', 'yes')).toEqual(['b']);
    expect(filter('escalated', 'no')).toEqual(['a', 'c', 'd']);
    expect(filter('reportedAt', 'day')).toEqual(['d']);
    expect(filter('reportedAt', 'week')).toEqual(['b', 'd']);
    expect(filter('reportedAt', 'older')).toEqual(['a', 'c']);
  });

  it('combine filters with AND', () => {
    const rows = filterByColumns(
      sample,
      [
        { id: 'location', value: ['plant-a'] },
        { id: 'priority', value: ['High', 'Critical', 'Low'] },
      ],
      context,
      NOW,
    );
    expect(ids(rows)).toEqual(['a', 'b']);
  });
});

describe('search', () => {
  it('finds every word anywhere in the row’s text', () => {
    expect(ids(searchRows(sample, 'plant'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(searchRows(sample, 'press shop'))).toEqual(['a', 'd']);
    expect(ids(searchRows(sample, 'guard BOB'))).toEqual(['b']);
    expect(ids(searchRows(sample, 'cartons'))).toEqual(['a', 'b', 'c', 'd']);
    expect(searchRows(sample, '   ')).toBe(sample);
  });

  it('keeps the order of the rows it is given, searching the texts kept for all rows', () => {
    const reversed = [...sample].reverse();
    expect(ids(searchRows(reversed, 'press shop', sample))).toEqual(['d', 'a']);
    expect(ids(searchRows(reversed.slice(1), 'plant', sample))).toEqual(['c', 'b', 'a']);
  });

  it('finds what looking in each row’s text finds, and never across two rows', () => {
    const word = fc.stringMatching(/^[a-e]{1,3}$/);
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-e ]{0,12}$/), { maxLength: 30 }),
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (titles, words, subset) => {
          const universe = rowsOf(
            titles.map((title, i) =>
              testIssue({ id: `i${String(i).padStart(3, '0')}`, title, description: '' }),
            ),
          );
          const rows = subset ? universe.filter((_, i) => i % 3 !== 0).reverse() : universe;
          const expected = rows.filter((row) => {
            const text = searchTextOf(row);
            return words.every((w) => text.includes(w));
          });
          expect(ids(searchRows(rows, words.join(' '), universe))).toEqual(ids(expected));
        },
      ),
    );
  });
});

describe('sorting', () => {
  it('sorts by the columns in order, newest report first by default', () => {
    expect(ids(sortRows(sample, []))).toEqual(['d', 'b', 'c', 'a']);
    expect(ids(sortRows(sample, [{ id: 'priority', desc: true }]))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(sortRows(sample, [{ id: 'status', desc: false }]))).toEqual(['a', 'd', 'b', 'c']);
    expect(ids(sortRows(sample, [{ id: 'location', desc: false }]))).toEqual(['b', 'd', 'a', 'c']);
    expect(ids(sortRows(sample, [{ id: 'title', desc: false }]))).toEqual(['b', 'c', 'a', 'd']);
    expect(
      ids(
        sortRows(sample, [
          { id: 'status', desc: false },
          { id: 'priority', desc: false },
        ]),
      ),
    ).toEqual(['d', 'a', 'b', 'c']);
  });

  it('puts unassigned issues after assigned ones', () => {
    expect(ids(sortRows(sample, [{ id: 'assignee', desc: false }]))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('breaks ties by the order of its input, which the table keeps in id order', () => {
    const unordered = [sample[2]!, sample[0]!, sample[3]!, sample[1]!];
    expect(ids(byId(unordered))).toEqual(['a', 'b', 'c', 'd']);
    expect(byId(sample)).toBe(sample);
    expect(ids(sortRows(byId(unordered), [{ id: 'type', desc: false }]))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('uses the query’s order when the table has none', () => {
    const query = compileQuery('ORDER BY priority ASC', {
      now: NOW,
      statuses: DEFAULT_WORKFLOW.statuses,
      locations,
    });
    expect(ids(sortRows(sample, [], query.compare))).toEqual(['d', 'c', 'a', 'b']);
    expect(ids(sortRows(sample, [{ id: 'title', desc: true }], query.compare))).toEqual([
      'd',
      'a',
      'c',
      'b',
    ]);
  });

  const arbitraryRows = fc
    .uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[a-z]{1,4}$/),
        priority: fc.constantFrom(...PRIORITIES),
        status: fc.constantFrom('new', 'in-progress', 'resolved', 'closed', 'on-hold', 'parked'),
        title: fc.string({ maxLength: 6 }),
        // Small whole numbers and timestamps (with fractions) are ranked differently.
        reportedAt: fc.oneof(
          fc.integer({ min: 0, max: 50 }),
          fc.double({ min: 1.7e12, max: 1.7e12 + 100, noNaN: true }),
        ),
        locationId: fc.constantFrom(...locations.map((l) => l.id), 'gone', 'moved'),
      }),
      { maxLength: 40, selector: (r) => r.id },
    )
    .map((records) => byId(rowsOf(records.map((record) => testIssue(record)))));
  const arbitrarySorting = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('title', 'status', 'priority', 'location', 'reportedAt', 'assignee'),
      desc: fc.boolean(),
    }),
    { maxLength: 3, selector: (s) => s.id },
  );

  it('returns a permutation ordered by the sort keys, ties broken by id', () => {
    fc.assert(
      fc.property(arbitraryRows, arbitrarySorting, (rows, sorting) => {
        const sorted = sortRows(rows, sorting);
        expect([...ids(sorted)].sort()).toEqual([...ids(rows)].sort());
        const keys = sorting.length > 0 ? sorting : [{ id: 'reportedAt', desc: true }];
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          let order = 0;
          for (const key of keys) {
            const column = issueColumn(key.id)!;
            for (const sortKey of [column.sortKey, column.thenBy ?? (() => '')]) {
              const x = sortKey(a);
              const y = sortKey(b);
              order = x < y ? -1 : x > y ? 1 : 0;
              if (key.desc) order = -order;
              if (order !== 0) break;
            }
            if (order !== 0) break;
          }
          expect(order === -1 || (order === 0 && a.id < b.id)).toBe(true);
        }
      }),
    );
  });

  it('orders priority, status and location exactly as the query language does', () => {
    const queryContext = { now: NOW, statuses: DEFAULT_WORKFLOW.statuses, locations };
    fc.assert(
      fc.property(
        arbitraryRows,
        fc.constantFrom('priority', 'status', 'location'),
        fc.boolean(),
        (rows, field, desc) => {
          const query = compileQuery(`ORDER BY ${field} ${desc ? 'DESC' : 'ASC'}`, queryContext);
          expect(ids(sortRows(rows, [{ id: field, desc }]))).toEqual(
            ids(sortRows(rows, [], query.compare)),
          );
        },
      ),
    );
  });
});
