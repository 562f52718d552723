// @vitest-environment happy-dom
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../shared/core/app-core';
import type { EscalationRecord } from '../../shared/escalation/records';
import { openTestCore } from './app-providers.test-util';
import { useEscalations, useIssueEscalated } from './live-data';

let core: AppCore | undefined;

afterEach(async () => {
  cleanup();
  await core?.close();
  core = undefined;
});

function record(issueId: string, level: number): EscalationRecord {
  return {
    id: `${issueId}:rule-1:1:${level}`,
    issueId,
    ruleId: 'rule-1',
    ruleVersion: 1,
    ruleName: 'Critical issue not acknowledged in 15 minutes',
    cycle: 1,
    level,
    repeat: 0,
    dueAt: 1000 * level,
    firedAt: 1000 * level,
    late: false,
    lateByMs: 0,
    actions: [],
    firedBy: 'tina',
    deviceId: 'laptop-7',
  };
}

describe('live escalations', () => {
  it('leave clock starts (level 0) out: they are no escalations', async () => {
    core = await openTestCore();
    const { db } = core;
    await db.escalations.bulkInsert([record('a', 0), record('a', 1), record('b', 0)]);
    const levels = renderHook(() => useEscalations(db, 'a'));
    await waitFor(() => expect(levels.result.current.state).toBe('ready'));
    const live = levels.result.current;
    expect(live.state === 'ready' ? live.value.map((r) => r.id) : null).toEqual(['a:rule-1:1:1']);
    // b's marker asks first; once a's (asked after it) is on, b's has its answer too: off.
    const b = renderHook(() => useIssueEscalated(db, 'b'));
    const a = renderHook(() => useIssueEscalated(db, 'a'));
    await waitFor(() => expect(a.result.current).toBe(true));
    expect(b.result.current).toBe(false);
    await db.escalations.insert(record('b', 1));
    await waitFor(() => expect(b.result.current).toBe(true));
  });
});
