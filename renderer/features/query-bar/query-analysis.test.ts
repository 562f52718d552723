import { describe, expect, it } from 'vitest';
import type { Location } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { openTestPlant, reportIssues, testIssue } from '../issues/issues.test-util';
import { analyseQuery, applySuggestion, errorExcerpt } from './query-analysis';

const locations: Location[] = [
  { id: 'plant-a', name: 'Plant A', kind: 'site', updatedAt: 0 },
  { id: 'line-3', name: 'Line 3', kind: 'line', parentId: 'plant-a', updatedAt: 0 },
  { id: 'plant-b', name: 'Plant B', kind: 'site', updatedAt: 0 },
];
const world = { statuses: DEFAULT_WORKFLOW.statuses, locations };
const NOW = Date.UTC(2026, 10, 2, 12, 0);

describe('analysing the query bar’s text', () => {
  it('treats blank text as no query', () => {
    expect(analyseQuery('   ', world, NOW)).toEqual({ kind: 'empty' });
  });

  it('selects issues by the compiled query', () => {
    const result = analyseQuery('priority >= High AND location = "Plant A"', world, NOW);
    if (result.kind !== 'applied') throw new Error(`not applied: ${JSON.stringify(result)}`);
    expect(result.query.ordered).toBe(false);
    expect(result.query.matches(testIssue({ priority: 'Critical', locationId: 'line-3' }))).toBe(
      true,
    );
    expect(result.query.matches(testIssue({ priority: 'Medium', locationId: 'line-3' }))).toBe(
      false,
    );
    expect(result.query.matches(testIssue({ priority: 'High', locationId: 'plant-b' }))).toBe(
      false,
    );
  });

  it('evaluates relative dates from the given now', () => {
    const result = analyseQuery('reportedAt > -1h', world, NOW);
    if (result.kind !== 'applied') throw new Error('not applied');
    expect(result.query.matches(testIssue({ reportedAt: NOW - 30 * 60_000 }))).toBe(true);
    expect(result.query.matches(testIssue({ reportedAt: NOW - 2 * 3_600_000 }))).toBe(false);
  });

  it('knows when the query orders the issues itself', () => {
    const result = analyseQuery('ORDER BY priority DESC', world, NOW);
    expect(result.kind === 'applied' && result.query.ordered).toBe(true);
  });

  it('reports parse and compile errors with the offending text’s offsets', () => {
    const unknown = analyseQuery('status = Nw', world, NOW);
    expect(unknown).toMatchObject({ kind: 'error', error: { code: 'unknown-value', start: 9 } });
    expect(unknown.kind === 'error' && unknown.error.end).toBe(11);
    expect(unknown.kind === 'error' && unknown.error.message).toContain("did you mean 'New'");
    expect(analyseQuery('priority >=', world, NOW)).toMatchObject({
      kind: 'error',
      error: { start: 11, end: 11 },
    });
    expect(analyseQuery('colour = red', world, NOW)).toMatchObject({
      kind: 'error',
      error: { code: 'unknown-field', start: 0, end: 6 },
    });
  });
});

describe('accepting a suggestion', () => {
  it('replaces the typed part and leaves the cursor after a space', () => {
    expect(applySuggestion('pri', { insert: 'priority', start: 0, end: 3 })).toEqual({
      text: 'priority ',
      cursor: 9,
    });
    expect(applySuggestion('status IN ', { insert: '(', start: 10, end: 10 })).toEqual({
      text: 'status IN (',
      cursor: 11,
    });
    expect(applySuggestion('sta = New', { insert: 'status', start: 0, end: 3 })).toEqual({
      text: 'status = New',
      cursor: 7,
    });
  });
});

describe('the excerpt around an error', () => {
  it('shows the token with a little of the text around it', () => {
    expect(errorExcerpt('status = Nw AND priority = High', { start: 9, end: 11 }, 6)).toEqual({
      before: '…tus = ',
      token: 'Nw',
      after: ' AND p…',
    });
    expect(errorExcerpt('priority >=', { start: 11, end: 11 })).toEqual({
      before: 'priority >=',
      token: '',
      after: '',
    });
  });
});

describe('an applied query on a real database', () => {
  it('selects and orders exactly what RxDB returns for the compiled Mango query', async () => {
    const plant = await openTestPlant();
    try {
      await reportIssues(plant, [
        { title: 'Hydraulic leak', priority: 'High', assignee: 'bob' },
        { title: 'hydraulic hose', priority: 'Low', locationId: plant.at.plantB },
        { title: 'Guard door', priority: 'Critical', locationId: plant.at.assembly, severity: 5 },
        { title: 'Noise', priority: 'Lowest', type: 'quality', customFields: { downtime: 45 } },
      ]);
      const db = plant.core.db;
      const context = {
        statuses: (await db.workflows.find().exec()).flatMap((w) => w.toMutableJSON().statuses),
        locations: (await db.locations.find().exec()).map((l) => l.toMutableJSON()),
      };
      const issues = (await db.issues.find().exec()).map((doc) => doc.toMutableJSON());
      for (const text of [
        'title ~ hydraulic',
        'location = "Plant A" AND priority >= High',
        'assignee != bob ORDER BY reportedAt DESC',
        'NOT (severity IN (3, 4)) OR cf.downtime > 30',
        'type = quality OR title = "guard door" ORDER BY title',
      ]) {
        const result = analyseQuery(text, context, plant.clock.now());
        if (result.kind !== 'applied') throw new Error(`${text}: ${JSON.stringify(result)}`);
        const { compiled, matches } = result.query;
        const fromDb = (await db.issues.find(compiled.mango).exec()).map((doc) => doc.id);
        const inMemory = issues
          .filter(matches)
          .sort(compiled.compare)
          .map((issue) => issue.id);
        expect(inMemory, text).toEqual(fromDb);
        expect(fromDb.length, text).toBeGreaterThan(0);
        expect(fromDb.length, text).toBeLessThan(issues.length);
      }
    } finally {
      await plant.close();
    }
  });
});
