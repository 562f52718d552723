/**
 * The escalation scheduler in Node on the real core (RxDB memory storage, schemas validated,
 * dev-mode checks on) with a fake clock and fake timers: wake-ups at the right instants,
 * incremental reaction to changes, no double firing across restarts, catch-up after a
 * suspend, snooze and acknowledge from an alert, and levels fired by another device.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import type { Actor, Issue, Location, NewIssueInput } from '../../domain';
import {
  DEFAULT_ESCALATION_RULES,
  isClockStart,
  toEscalationRecord,
  type EscalationRecord,
  type EscalationRuleDraft,
} from '../../escalation';
import { DomainError } from '../../validation/errors';
import { fakeClock, type FakeClock } from '../../../test-support/fake-clock';
import { memoryStorageKind, type TestStorage } from '../../../test-support/storages';
import { createAppCore, type AppCore } from '../app-core';
import { createNoticePlanner, type AlertBatch } from './alerts';
import { fakeTimers, type FakeTimers } from './fake-timers.test-util';
import { escalationEventId } from './fire-levels';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);
// A supervisor: she sets locations and rules up as well as working on issues.
const tina: Actor = { userId: 'tina', role: 'supervisor', deviceId: 'laptop-7' };

let store: TestStorage;
let clock: FakeClock;
let timers: FakeTimers;
let core: AppCore;
let line3: Location;
let batches: AlertBatch[];
let ids = 0;

async function open(actor: Actor = tina, storage = store.storage): Promise<AppCore> {
  const opened = await createAppCore({
    storage,
    databaseName: store.databaseName,
    actor,
    clock,
    timers,
    newId: () => `${actor.userId}-${String(++ids).padStart(4, '0')}`,
    escalation: { maxSleepMs: 30 * DAY },
  });
  opened.escalation.alerts$.subscribe((batch) => batches.push(batch));
  return opened;
}

const settle = (): Promise<void> => core.escalation.whenIdle();

async function startScheduler(): Promise<void> {
  await core.escalation.start();
  await settle();
}

function input(overrides: Partial<NewIssueInput> = {}): NewIssueInput {
  return {
    title: 'Hydraulic leak under press 2',
    type: 'breakdown',
    priority: 'Critical',
    severity: 4,
    locationId: line3.id,
    ...overrides,
  };
}

/** The escalation documents, in the order they were written; `starts` for clock starts. */
async function allRecords(issueId?: string): Promise<EscalationRecord[]> {
  const docs = await core.db.escalations
    .find(issueId === undefined ? {} : { selector: { issueId } })
    .exec();
  return docs
    .map((d) => d.toMutableJSON())
    .sort((a, b) => a.firedAt - b.firedAt || (a.id < b.id ? -1 : 1));
}

/** The fired levels (the records of clock starts left out). */
async function records(issueId?: string): Promise<EscalationRecord[]> {
  return (await allRecords(issueId)).filter((record) => !isClockStart(record));
}

/** The recorded clock starts: rule id → when its clock started. */
async function starts(issueId?: string): Promise<Record<string, number>> {
  const started = (await allRecords(issueId)).filter(isClockStart);
  return Object.fromEntries(started.map((record) => [record.ruleId, record.dueAt]));
}

async function recordIds(issueId?: string): Promise<string[]> {
  return (await records(issueId)).map((r) => r.id);
}

async function issueOf(issueId: string): Promise<Issue> {
  const doc = await core.db.issues.findOne(issueId).exec();
  if (!doc) throw new Error(`no issue ${issueId}`);
  return doc.toMutableJSON();
}

const allAlerts = () => batches.flatMap((b) => b.alerts);

beforeEach(async () => {
  store = memoryStorageKind.create();
  clock = fakeClock(T0);
  timers = fakeTimers(clock);
  batches = [];
  core = await open();
  const site = await core.commands.createLocation({
    name: 'Plant A',
    kind: 'site',
    timeZone: 'Europe/Berlin',
  });
  const area = await core.commands.createLocation({
    name: 'Packaging',
    kind: 'area',
    parentId: site.id,
  });
  line3 = await core.commands.createLocation({ name: 'Line 3', kind: 'line', parentId: area.id });
});

afterEach(async () => {
  await core.close();
  store.dispose();
});

describe('the default escalation rules', () => {
  it('are seeded once, with fixed content, so that devices agree', async () => {
    const stored = await core.db.escalation_rules.find().exec();
    expect(stored.map((d) => d.key).sort()).toEqual(
      DEFAULT_ESCALATION_RULES.map((r) => `${r.id}@1`).sort(),
    );
    for (const rule of DEFAULT_ESCALATION_RULES) {
      const doc = stored.find((d) => d.id === rule.id)!;
      const { key: _key, ...content } = doc.toMutableJSON();
      expect(content).toEqual(rule);
    }
    await core.commands.setEscalationRuleEnabled('high-unacknowledged', false);
    await core.close();
    core = await open();
    const again = await core.db.escalation_rules.find().exec();
    expect(again).toHaveLength(DEFAULT_ESCALATION_RULES.length + 1);
  });
});

describe('the escalation scheduler', () => {
  it('sleeps until the next level and fires it at its time, not before', async () => {
    const issue = await core.commands.createIssue(input());
    await startScheduler();
    expect(core.escalation.stats().fullEvaluations).toBe(1);
    expect(timers.pending()).toEqual([T0 + 15 * MIN]);

    await timers.runUntil(T0 + 15 * MIN - 1, settle);
    expect(await recordIds()).toEqual([]);

    await timers.runUntil(T0 + 15 * MIN, settle);
    const fired = await records(issue.id);
    expect(fired.map((r) => r.id)).toEqual([`${issue.id}:critical-unacknowledged:1:1`]);
    expect(fired[0]).toMatchObject({
      dueAt: T0 + 15 * MIN,
      firedAt: T0 + 15 * MIN,
      late: false,
      ruleVersion: 1,
      firedBy: 'tina',
      deviceId: 'laptop-7',
    });
    expect(timers.pending()).toEqual([T0 + 30 * MIN]);
    expect(allAlerts()).toMatchObject([
      {
        escalationId: `${issue.id}:critical-unacknowledged:1:1`,
        issueId: issue.id,
        late: false,
        stale: false,
        firedHere: true,
        message:
          'Critical issue "Hydraulic leak under press 2" has not been acknowledged for 15 minutes.',
        recipients: { userIds: [], roles: ['supervisor'] },
      },
    ]);

    await timers.runUntil(T0 + 30 * MIN, settle);
    expect(await recordIds(issue.id)).toEqual([
      `${issue.id}:critical-unacknowledged:1:1`,
      `${issue.id}:critical-unacknowledged:1:2`,
    ]);
    expect(core.escalation.stats().wakeUps).toBe(2);
  });

  it('applies local actions through the command path and names the escalation in the history', async () => {
    const issue = await core.commands.createIssue(input({ priority: 'High', assignee: 'omar' }));
    await startScheduler();
    await timers.runUntil(T0 + 60 * MIN, settle);
    const level1 = `${issue.id}:high-unacknowledged:1:1`;
    expect(await recordIds(issue.id)).toEqual([level1]);
    const comments = await core.db.comments.find({ selector: { issueId: issue.id } }).exec();
    expect(comments.map((c) => c.body)).toEqual([
      'Escalated to the supervisors: not acknowledged within 60 minutes.',
    ]);
    const event = await core.db.issue_events.findOne(escalationEventId(level1)).exec();
    expect(event?.toJSON()).toMatchObject({ kind: 'escalated', note: level1, changes: [] });

    await timers.runUntil(T0 + 120 * MIN, settle);
    const level2 = `${issue.id}:high-unacknowledged:1:2`;
    const raised = await issueOf(issue.id);
    expect(raised).toMatchObject({ priority: 'Critical', version: 2, updatedBy: 'tina' });
    const raise = await core.db.issue_events.findOne(escalationEventId(level2)).exec();
    expect(raise?.toJSON()).toMatchObject({
      kind: 'escalated',
      note: level2,
      changes: [{ field: 'priority', from: 'High', to: 'Critical' }],
    });
    // Now Critical: the critical rule's clock starts at the raise, not at the creation, so
    // nothing of its ladder fires at once; the start is recorded for every device.
    const raisedAt = T0 + 120 * MIN;
    expect((await records(issue.id)).map((r) => r.ruleId)).not.toContain('critical-unacknowledged');
    expect(await starts(issue.id)).toEqual({
      'high-unacknowledged': T0,
      'critical-unacknowledged': raisedAt,
    });
    expect(core.escalation.slaOf(issue.id)).toMatchObject({
      ruleId: 'critical-unacknowledged',
      sla: {
        state: 'running',
        startedAt: raisedAt,
        nextLevel: 1,
        nextLevelAt: raisedAt + 15 * MIN,
      },
    });
    expect(allAlerts().map((a) => a.escalationId)).toEqual([level1, level2]);

    await timers.runUntil(raisedAt + 15 * MIN - 1, settle);
    expect((await records(issue.id)).map((r) => r.ruleId)).not.toContain('critical-unacknowledged');
    await timers.runUntil(raisedAt + 30 * MIN, settle);
    const critical = (await records(issue.id)).filter(
      (r) => r.ruleId === 'critical-unacknowledged',
    );
    expect(critical.map((r) => [r.level, r.repeat, r.dueAt, r.firedAt, r.late])).toEqual([
      [1, 0, raisedAt + 15 * MIN, raisedAt + 15 * MIN, false],
      [2, 0, raisedAt + 30 * MIN, raisedAt + 30 * MIN, false],
    ]);
    const bodies = (await core.db.comments.find({ selector: { issueId: issue.id } }).exec()).map(
      (c) => c.body,
    );
    expect(bodies).toEqual([
      'Escalated to the supervisors: not acknowledged within 60 minutes.',
      'Raised to Critical: not acknowledged within 2 hours.',
      'Escalated to the supervisors: not acknowledged within 15 minutes.',
      'Escalated to the admins: not acknowledged within 30 minutes.',
    ]);
    // The clock start is no escalation: no history entry, no alert.
    const startId = `${issue.id}:critical-unacknowledged:1:0`;
    expect(await core.db.issue_events.findOne(escalationEventId(startId)).exec()).toBeNull();
    expect(allAlerts().map((a) => a.escalationId)).not.toContain(startId);
    // External actions stay in the record for the server; local ones are not run twice.
    expect((await issueOf(issue.id)).version).toBe(2);
  });

  it('reacts to a changed issue or rule by evaluating only what it can affect', async () => {
    const priorities = ['Critical', 'High', 'Medium', 'Low', 'Lowest'] as const;
    const created: Issue[] = [];
    for (let i = 0; i < 25; i++) {
      created.push(
        await core.commands.createIssue(
          input({ title: `Issue ${i}`, priority: priorities[i % 5]! }),
        ),
      );
    }
    await startScheduler();
    const cold = core.escalation.stats();
    expect(cold.fullEvaluations).toBe(1);
    expect(cold.issueEvaluations).toBe(25);
    // Critical and High issues meet two rules, the others one (the working-day rule).
    expect(cold.evaluations).toBe(5 * 2 + 5 * 2 + 15 * 1);

    const target = created[3]!; // Low
    await core.commands.updateIssue(target.id, { title: 'Belt slipping on line 3' });
    await settle();
    let now = core.escalation.stats();
    expect(now.fullEvaluations).toBe(1);
    expect(now.issueEvaluations - cold.issueEvaluations).toBe(1);
    expect(now.evaluations - cold.evaluations).toBe(1);

    await core.commands.updateIssue(target.id, { priority: 'Critical' });
    await settle();
    const afterRaise = core.escalation.stats();
    expect(afterRaise.issueEvaluations - now.issueEvaluations).toBe(1);
    expect(afterRaise.evaluations - now.evaluations).toBe(2);
    now = afterRaise;

    // A rule for Lowest issues only: the five Lowest issues are evaluated again, no others.
    const lowest: EscalationRuleDraft = {
      name: 'Lowest issues: a weekly look',
      description: '',
      enabled: true,
      scope: { priorities: ['Lowest'], types: [], locationIds: [], statuses: [] },
      clock: {
        start: { on: 'created' },
        stop: [{ on: 'resolved' }],
        pauseStatuses: [],
        calendar: '24x7',
      },
      levels: [{ delayMinutes: 7 * 24 * 60, from: 'clock-start', actions: [] }],
    };
    const rule = await core.commands.saveEscalationRule(lowest);
    await settle();
    const afterRule = core.escalation.stats();
    expect(afterRule.issueEvaluations - now.issueEvaluations).toBe(5);
    expect(afterRule.evaluations - now.evaluations).toBe(5 * 2);
    expect(afterRule.fullEvaluations).toBe(1);

    await core.commands.setEscalationRuleEnabled(rule.id, false);
    await settle();
    expect(core.escalation.stats().issueEvaluations - afterRule.issueEvaluations).toBe(5);
  });

  it('evaluates everything at start in slices, letting other work in between', async () => {
    await core.close();
    core = await createAppCore({
      storage: store.reopen(),
      databaseName: store.databaseName,
      actor: tina,
      clock,
      timers,
      newId: () => `tina-${String(++ids).padStart(4, '0')}`,
      escalation: { maxSleepMs: 30 * DAY, evaluationSlice: 3 },
    });
    // Medium issues: only the working-day rule, whose clock starts at the creation (a clock
    // that starts on entering the scope would have its start recorded in the first slice).
    for (let i = 0; i < 10; i++) {
      await core.commands.createIssue(input({ title: `Issue ${i}`, priority: 'Medium' }));
    }
    await core.escalation.start();
    // After the first slice the scheduler waits for a turn of the event loop (a zero timer).
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timers.pending()).toEqual([T0]);
    expect(core.escalation.stats()).toMatchObject({ fullEvaluations: 1, issueEvaluations: 3 });
    await timers.runDue(settle);
    expect(core.escalation.stats()).toMatchObject({ fullEvaluations: 1, issueEvaluations: 10 });
    expect(timers.pending()).toEqual([T0 + 8 * HOUR]);
    await timers.runUntil(T0 + 8 * HOUR, settle);
    expect(await records()).toHaveLength(10);
  });

  it('reads into its model in slices at start, keeping what changed meanwhile', async () => {
    await core.close();
    core = await createAppCore({
      storage: store.reopen(),
      databaseName: store.databaseName,
      actor: tina,
      clock,
      timers,
      newId: () => `tina-${String(++ids).padStart(4, '0')}`,
      escalation: { maxSleepMs: 30 * DAY, loadSlice: 2 },
    });
    core.escalation.alerts$.subscribe((batch) => batches.push(batch));
    for (let i = 0; i < 5; i++) await core.commands.createIssue(input({ title: `Issue ${i}` }));
    let started = false;
    void core.escalation.start().then(() => (started = true));
    // The first slice is in; the next one waits for a turn of the event loop (a zero timer).
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toBe(false);
    expect(core.escalation.stats().issues).toBe(2);
    expect(timers.pending()).toEqual([T0]);
    // Reported while the scheduler is still reading.
    const late = await core.commands.createIssue(input({ title: 'Reported during the start' }));
    while (!started) {
      await timers.runDue();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await settle();
    expect(core.escalation.stats().issues).toBe(6);
    await timers.runUntil(T0 + 15 * MIN, settle);
    expect(await records()).toHaveLength(6);
    expect(await recordIds(late.id)).toEqual([`${late.id}:critical-unacknowledged:1:1`]);
  });

  it('fires nothing twice across a restart, and goes on where it stopped', async () => {
    const issue = await core.commands.createIssue(input());
    await startScheduler();
    await timers.runUntil(T0 + 20 * MIN, settle);
    expect(await recordIds()).toEqual([`${issue.id}:critical-unacknowledged:1:1`]);
    const comments = await core.db.comments.count().exec();

    await core.close();
    core = await open(tina, store.reopen());
    batches = [];
    await startScheduler();
    expect(core.escalation.stats().fired).toBe(0);
    expect(await recordIds()).toHaveLength(1);
    expect(await core.db.comments.count().exec()).toBe(comments);
    expect(batches).toEqual([]);

    await timers.runUntil(T0 + 30 * MIN, settle);
    await core.escalation.stop();
    await core.escalation.start();
    await settle();
    await timers.runUntil(T0 + 40 * MIN, settle);
    expect(await recordIds()).toEqual([
      `${issue.id}:critical-unacknowledged:1:1`,
      `${issue.id}:critical-unacknowledged:1:2`,
    ]);
    expect(allAlerts().map((a) => a.level)).toEqual([2]);
  });

  it('catches up after a 3-day suspend: each missed level fires once, marked late', async () => {
    const issue = await core.commands.createIssue(input());
    await startScheduler();
    timers.jump(3 * DAY);
    expect(await recordIds()).toEqual([]);
    await timers.runDue(settle);

    const fired = await records(issue.id);
    const expected = [
      'critical-unacknowledged:1:1',
      'critical-unacknowledged:1:2',
      'critical-unacknowledged:1:2.1',
      'critical-unacknowledged:1:2.2',
      'critical-unacknowledged:1:2.3',
      'critical-unacknowledged:1:2.4',
      'unresolved-working-day:1:1',
      'unresolved-working-day:1:2',
    ].map((suffix) => `${issue.id}:${suffix}`);
    expect(fired.map((r) => r.id).sort()).toEqual(expected.sort());
    expect(fired.every((r) => r.late && r.firedAt === T0 + 3 * DAY)).toBe(true);
    expect(allAlerts()).toHaveLength(8);
    expect(allAlerts().every((a) => a.late && !a.stale)).toBe(true);

    // One notice for the issue, not eight.
    const notices = createNoticePlanner().plan(batches[0]!);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'issue', issueId: issue.id, late: true });

    core.escalation.wake();
    await settle();
    await timers.runUntil(T0 + 4 * DAY, settle);
    expect(await recordIds(issue.id)).toHaveLength(8);
  });

  it('catches up after being off: levels missed while closed fire late on the next start', async () => {
    const issue = await core.commands.createIssue(input({ priority: 'Medium' }));
    await core.commands.acknowledgeIssue(issue.id);
    await core.close();
    clock.advance(3 * DAY);
    core = await open(tina, store.reopen());
    await startScheduler();
    const fired = await records(issue.id);
    expect(fired.map((r) => [r.id, r.late])).toEqual([
      [`${issue.id}:unresolved-working-day:1:1`, true],
      [`${issue.id}:unresolved-working-day:1:2`, true],
    ]);
    // The working-day rule raised the priority one step, once; the issue being acknowledged,
    // the High rule's clock had stopped and nothing more followed.
    expect((await issueOf(issue.id)).priority).toBe('High');
    await timers.runUntil(clock.now() + DAY, settle);
    expect(await recordIds()).toHaveLength(2);
  });

  it('defers the next level when an alert is snoozed, and stops when it is acknowledged', async () => {
    const issue = await core.commands.createIssue(input());
    await startScheduler();
    await timers.runUntil(T0 + 15 * MIN, settle);
    const [alert] = allAlerts();
    expect(alert?.issueId).toBe(issue.id);

    const snooze = await core.commands.snoozeIssue(alert!.issueId, clock.now() + HOUR);
    expect(snooze).toEqual({ issueId: issue.id, until: T0 + 75 * MIN });
    await settle();
    expect(core.escalation.slaOf(issue.id)?.snoozedUntil).toBe(T0 + 75 * MIN);
    await timers.runUntil(T0 + 75 * MIN - 1, settle);
    expect(await recordIds(issue.id)).toHaveLength(1);
    await timers.runUntil(T0 + 75 * MIN, settle);
    // Level 2 and its first reminder came due during the snooze; both fire when it ends.
    const deferred = (await records(issue.id)).slice(1);
    expect(deferred.map((r) => [r.level, r.repeat, r.dueAt, r.firedAt, r.late])).toEqual([
      [2, 0, T0 + 30 * MIN, T0 + 75 * MIN, false],
      [2, 1, T0 + 60 * MIN, T0 + 75 * MIN, false],
    ]);
    expect(core.escalation.summary()).toMatchObject({ overdue: 1, escalated: 1 });

    const acknowledged = await core.commands.acknowledgeIssue(issue.id);
    expect(acknowledged).toMatchObject({ status: 'in-progress', acknowledgedAt: T0 + 75 * MIN });
    await settle();
    expect(core.escalation.summary()).toMatchObject({ overdue: 0, escalated: 0, urgent: [] });
    await timers.runUntil(T0 + 6 * HOUR, settle);
    expect(
      (await records(issue.id)).filter((r) => r.ruleId === 'critical-unacknowledged'),
    ).toHaveLength(3);
  });

  it('summarises overdue and escalated issues for the tray, most urgent first', async () => {
    const first = await core.commands.createIssue(input({ title: 'Press 2 leaking' }));
    clock.advance(5 * MIN);
    const second = await core.commands.createIssue(input({ title: 'Guard rail broken' }));
    await core.commands.createIssue(input({ title: 'Label printer', priority: 'Low' }));
    await startScheduler();
    const counts: [number, number][] = [];
    core.escalation.summary$.subscribe((s) => counts.push([s.overdue, s.escalated]));
    await timers.runUntil(T0 + 20 * MIN, settle);
    expect(core.escalation.summary()).toMatchObject({
      overdue: 0,
      escalated: 2,
      urgent: [
        { issueId: first.id, escalated: true, overdue: false, breachAt: T0 + 30 * MIN },
        { issueId: second.id, escalated: true, overdue: false, breachAt: T0 + 35 * MIN },
      ],
    });
    await timers.runUntil(T0 + 31 * MIN, settle);
    expect(core.escalation.summary()).toMatchObject({
      overdue: 1,
      escalated: 2,
      urgent: [
        { issueId: first.id, overdue: true },
        { issueId: second.id, overdue: false },
      ],
    });
    expect(counts).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
  });

  it('tells which SLA headlines changed: all after the start, then the changed issue', async () => {
    const first = await core.commands.createIssue(input());
    await core.commands.createIssue(input({ title: 'Guard rail broken' }));
    const changes: { all: boolean; ids: string[] }[] = [];
    core.escalation.sla$.subscribe((c) => changes.push({ all: c.all, ids: [...c.changed.keys()] }));
    await startScheduler();
    expect(changes).toEqual([{ all: true, ids: [] }]);
    expect(core.escalation.slaOf(first.id)?.sla).toMatchObject({ state: 'running', nextLevel: 1 });
    await core.commands.acknowledgeIssue(first.id);
    await settle();
    expect(changes.slice(1)).toEqual([{ all: false, ids: [first.id] }]);
    // The critical rule's clock stopped; the working-day rule's runs on and leads now.
    expect(core.escalation.slaOf(first.id)?.ruleId).toBe('unresolved-working-day');
  });

  it('announces a level another device fired, and does not fire it again', async () => {
    const issue = await core.commands.createIssue(input());
    await startScheduler();
    clock.set(T0 + 15 * MIN);
    const fromPeer = toEscalationRecord(
      {
        id: `${issue.id}:critical-unacknowledged:1:1`,
        issueId: issue.id,
        ruleId: 'critical-unacknowledged',
        ruleVersion: 1,
        cycle: 1,
        level: 1,
        repeat: 0,
        dueAt: T0 + 15 * MIN,
        late: false,
        lateByMs: 0,
        rule: { name: 'Critical issue not acknowledged in 15 minutes' },
        actions: DEFAULT_ESCALATION_RULES[0]!.levels[0]!.actions,
      },
      T0 + 15 * MIN,
      'sam',
      'desk-1',
    );
    await core.db.escalations.insert(fromPeer);
    await settle();
    await timers.runUntil(T0 + 16 * MIN, settle);
    expect(await recordIds()).toEqual([fromPeer.id]);
    expect(core.escalation.stats().fired).toBe(0);
    expect(allAlerts()).toMatchObject([
      { escalationId: fromPeer.id, firedHere: false, stale: false, late: false },
    ]);
    // Its local actions were the other device's to run.
    expect(await core.db.comments.count().exec()).toBe(0);
  });

  it('marks a level stale when the clock stopped before it could fire', async () => {
    const issue = await core.commands.createIssue(input({ priority: 'Medium' }));
    await startScheduler();
    await core.escalation.stop();
    clock.set(T0 + 9 * HOUR);
    await core.commands.transition(issue.id, 'resolve', { resolutionComment: 'Fixed.' });
    await core.escalation.start();
    await settle();
    const fired = await records(issue.id);
    expect(fired.map((r) => r.id)).toEqual([`${issue.id}:unresolved-working-day:1:1`]);
    expect(allAlerts()).toMatchObject([{ stale: true, late: true }]);
    expect(createNoticePlanner().plan(batches[0]!)).toEqual([]);
    // A stale level is recorded only: no comment, no raised priority.
    expect(await core.db.comments.count().exec()).toBe(0);
  });
});

describe('acknowledging and snoozing', () => {
  async function expectRefusal(
    promise: Promise<unknown>,
    code: DomainError['code'],
  ): Promise<DomainError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }

  it('takes the transition into progress once, and refuses clearly otherwise', async () => {
    const issue = await core.commands.createIssue(input());
    const events = await core.db.issue_events.count().exec();
    const acknowledged = await core.commands.acknowledgeIssue(issue.id);
    expect(acknowledged).toMatchObject({ status: 'in-progress', assignee: 'tina' });
    const again = await expectRefusal(
      core.commands.acknowledgeIssue(issue.id),
      'illegal-transition',
    );
    expect(again.message).toBe(
      '"Hydraulic leak under press 2" is already acknowledged: it is "In Progress".',
    );
    await core.commands.transition(issue.id, 'resolve', { resolutionComment: 'Sealed.' });
    const resolved = await expectRefusal(
      core.commands.acknowledgeIssue(issue.id),
      'illegal-transition',
    );
    expect(resolved.message).toContain('reopen it');
    await expectRefusal(core.commands.acknowledgeIssue('missing'), 'not-found');
    expect(await core.db.issue_events.count().exec()).toBe(events + 2);
  });

  it('refuses when the workflow has no way into progress, or not for this role', async () => {
    const { DEFAULT_WORKFLOW } = await import('../../workflow');
    const flow = structuredClone(DEFAULT_WORKFLOW);
    const start = flow.transitions.find((t) => t.id === 'start-progress')!;
    start.roles = ['admin'];
    await core.commands.saveWorkflow({ ...flow });
    const issue = await core.commands.createIssue(input());
    const forbidden = await expectRefusal(core.commands.acknowledgeIssue(issue.id), 'forbidden');
    expect(forbidden.message).toContain('admins only');

    // In progress only after triage now: nothing leads there from New.
    flow.statuses.push({ id: 'triaged', name: 'Triaged', category: 'todo' });
    flow.transitions.push({
      id: 'triage',
      name: 'Triage',
      from: ['new'],
      to: 'triaged',
      roles: [],
      validators: [],
      postFunctions: [],
    });
    start.from = ['triaged'];
    await core.commands.saveWorkflow({ ...flow });
    const none = await expectRefusal(
      core.commands.acknowledgeIssue(issue.id),
      'illegal-transition',
    );
    expect(none.message).toContain('has no transition from "New" to an in-progress status');
    expect((await issueOf(issue.id)).status).toBe('new');
  });

  it('records a snooze in the issue history and refuses one in the past or too long', async () => {
    const issue = await core.commands.createIssue(input());
    await core.commands.snoozeIssue(issue.id, T0 + HOUR);
    await core.commands.snoozeIssue(issue.id, T0 + 2 * HOUR);
    const snoozes = await core.db.issue_events
      .find({ selector: { issueId: issue.id, kind: 'escalated' }, sort: [{ at: 'asc' }] })
      .exec();
    expect(snoozes.map((e) => e.changes)).toEqual([
      [{ field: 'snoozedUntil', from: null, to: T0 + HOUR }],
      [{ field: 'snoozedUntil', from: T0 + HOUR, to: T0 + 2 * HOUR }],
    ]);
    await expectRefusal(core.commands.snoozeIssue(issue.id, T0), 'validation-failed');
    await expectRefusal(core.commands.snoozeIssue(issue.id, T0 + 8 * DAY), 'validation-failed');
    await expectRefusal(core.commands.snoozeIssue(issue.id, 1.5), 'validation-failed');
    await expectRefusal(core.commands.snoozeIssue('missing', T0 + HOUR), 'not-found');
  });
});

describe('saving escalation rules', () => {
  const draft: EscalationRuleDraft = {
    name: 'Safety issues on line 3',
    description: 'Supervisors hear of safety issues on line 3 within 10 minutes.',
    enabled: true,
    scope: { priorities: [], types: ['safety'], locationIds: [], statuses: [] },
    clock: {
      start: { on: 'created' },
      stop: [{ on: 'acknowledged' }],
      pauseStatuses: [],
      calendar: '24x7',
    },
    levels: [
      {
        delayMinutes: 10,
        from: 'clock-start',
        actions: [{ type: 'notify', recipients: [{ kind: 'role', role: 'supervisor' }] }],
      },
    ],
  };

  it('saves new rules and each edit as the next version', async () => {
    const first = await core.commands.saveEscalationRule({
      ...draft,
      scope: { ...draft.scope, locationIds: [line3.id] },
    });
    expect(first).toMatchObject({ version: 1, updatedAt: T0, updatedBy: 'tina' });
    clock.advance(MIN);
    const second = await core.commands.saveEscalationRule(
      { ...draft, name: 'Safety, line 3' },
      first.id,
      1,
    );
    expect(second).toMatchObject({
      id: first.id,
      version: 2,
      name: 'Safety, line 3',
      updatedAt: T0 + MIN,
    });
    const stale = await core.commands
      .saveEscalationRule(draft, first.id, 1)
      .catch((e: unknown) => e as DomainError);
    expect(stale).toMatchObject({ code: 'conflict' });
    const off = await core.commands.setEscalationRuleEnabled(first.id, false);
    expect(off).toMatchObject({ version: 3, enabled: false });
    expect(await core.commands.setEscalationRuleEnabled(first.id, false)).toEqual(off);
    expect(await core.db.escalation_rules.find({ selector: { id: first.id } }).exec()).toHaveLength(
      3,
    );
  });

  it('refuses an invalid rule with every problem under its field', async () => {
    const error = await core.commands
      .saveEscalationRule({
        ...draft,
        name: '',
        scope: { ...draft.scope, statuses: ['parked'], query: 'priority = ' },
        levels: [],
      })
      .catch((e: unknown) => e as DomainError);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).problems.map((p) => p.field).sort()).toEqual([
      'levels',
      'name',
      'scope.query',
      'scope.statuses[0]',
    ]);
    await expect(core.commands.saveEscalationRule(draft, 'no-such-rule')).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
