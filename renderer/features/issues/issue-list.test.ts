import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain';
import {
  OLDEST_ISSUE_QUERY,
  followIssueList,
  reportedBetweenQuery,
  type IssueList,
} from './issue-list';
import { openTestPlant, reportIssues, type TestPlant } from './issues.test-util';

const DAY = 86_400_000;

describe('the issue list', () => {
  let plant: TestPlant;
  let older: string[];
  let newer: string[];
  beforeEach(async () => {
    plant = await openTestPlant();
    older = await reportIssues(
      plant,
      Array.from({ length: 8 }, (_, i) => ({ title: `Older ${i}` })),
    );
    plant.clock.advance(3 * DAY);
    newer = await reportIssues(
      plant,
      Array.from({ length: 3 }, (_, i) => ({ title: `Newer ${i}` })),
    );
  });
  afterEach(() => plant.close());

  function follow(): { lists: IssueList[]; errors: unknown[]; stop: () => void } {
    const lists: IssueList[] = [];
    const errors: unknown[] = [];
    const stop = followIssueList(
      plant.core.db.issues,
      (list) => lists.push(list),
      (error) => errors.push(error),
      { firstWindowMs: DAY, sliceSize: 4, now: () => plant.clock.now() },
    );
    return { lists, errors, stop };
  }

  const idsOf = (list: IssueList | undefined) => list?.issues.map((issue) => issue.id) ?? [];
  const sorted = (ids: readonly string[]) => [...ids].sort();

  it('shows the newest issues first, then older ones range by range, to all of them in id order', async () => {
    const { lists, errors, stop } = follow();
    await expect.poll(() => lists.at(-1)?.complete).toBe(true);
    stop();
    expect(errors).toEqual([]);
    // The issues of the last day, before any slice.
    expect(sorted(idsOf(lists[0]))).toEqual(sorted(newer));
    expect(lists[0]!.complete).toBe(false);
    // Older issues come in below, never fewer than before.
    const sizes = lists.map((list) => list.issues.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const last = lists.at(-1)!;
    expect(idsOf(last)).toEqual(sorted([...older, ...newer]));
    expect(last.expected).toBe(11);
    for (const list of lists) expect(idsOf(list)).toEqual(sorted(idsOf(list)));
  });

  it('applies changes as they are written: a new issue, an edit, a deletion', async () => {
    const { lists, stop } = follow();
    await expect.poll(() => lists.at(-1)?.complete).toBe(true);
    const [added] = await reportIssues(plant, [{ title: 'Just now' }]);
    await expect.poll(() => idsOf(lists.at(-1))).toContain(added);
    await plant.core.commands.transition(older[0]!, 'start-progress');
    await expect
      .poll(() => lists.at(-1)?.issues.find((issue) => issue.id === older[0])?.status)
      .toBe('in-progress');
    const doc = await plant.core.db.issues.findOne(newer[1]).exec();
    await doc!.remove();
    await expect.poll(() => idsOf(lists.at(-1))).not.toContain(newer[1]);
    const last = lists.at(-1)!;
    expect(idsOf(last)).toEqual(sorted(idsOf(last)));
    expect(last.issues).toHaveLength(11);
    stop();
  });

  it('keeps a change written while the issues are being read', async () => {
    const { lists, stop } = follow();
    // Written before the first slice is read: the read must not bring back the old version.
    await plant.core.commands.transition(older[1]!, 'start-progress');
    await expect.poll(() => lists.at(-1)?.complete).toBe(true);
    const changed = lists.at(-1)!.issues.find((issue: Issue) => issue.id === older[1]);
    expect(changed?.status).toBe('in-progress');
    stop();
  });

  it('reads along the reportedAt index only the issues of each range, and one for the oldest', () => {
    const issues = plant.core.db.issues;
    for (const query of [reportedBetweenQuery(5, 10), reportedBetweenQuery(5, undefined)]) {
      const plan = issues.find(query).getPreparedQuery().queryPlan;
      expect(plan.index).toContain('reportedAt');
      expect(plan.selectorSatisfiedByIndex).toBe(true);
      expect(plan.sortSatisfiedByIndex).toBe(true);
    }
    const oldest = issues.find(OLDEST_ISSUE_QUERY).getPreparedQuery().queryPlan;
    expect(oldest.index).toContain('reportedAt');
    expect(oldest.sortSatisfiedByIndex).toBe(true);
  });
});

// A plant of its own, not one beside the plant above: two app databases at once hold more
// collections than RxDB opens in one realm.
describe('an empty issue list', () => {
  it('reads an empty collection as complete and empty', async () => {
    const empty = await openTestPlant();
    try {
      const lists: IssueList[] = [];
      const stop = followIssueList(
        empty.core.db.issues,
        (list) => lists.push(list),
        () => {},
      );
      await expect.poll(() => lists.at(-1)?.complete).toBe(true);
      expect(lists.at(-1)?.issues).toEqual([]);
      stop();
    } finally {
      await empty.close();
    }
  });
});
