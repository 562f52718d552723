/**
 * The escalation scheduler of the app core. Started and stopped apart from the core (in the
 * web edition only the leader tab runs it): `start()` loads the database into the model once,
 * evaluates everything once, and from then on reacts to each change of an issue, its history,
 * a rule, a location or a workflow by evaluating only what the change can affect. Between
 * changes it sleeps on one timer set to the earliest wake-up in the queue (at most
 * `maxSleepMs`, so a machine that slept through its timer catches up soon after it wakes even
 * without being told).
 *
 * A wake-up evaluates the issues whose time has come, fires what is due (see fire-levels.ts)
 * and announces it: `alerts$` (the fired levels, marked late or stale), `summary$` (overdue
 * and escalated counts and the most urgent issues, for a tray) and `sla$` (the issues whose
 * SLA headline changed). Levels fired by other devices, received by sync, are announced too.
 * Nothing fires twice: the model knows every record, and the records' ids are deterministic.
 */
import type { MangoQuery, RxCollection, RxDocumentData } from 'rxdb';
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import type { Actor, Issue } from '../../domain';
import { isClockStart, type DueLevel, type EscalationRecord } from '../../escalation';
import type { Clock } from '../app-core';
import type { AppDatabase } from '../database';
import { toAlert, type AlertBatch, type EscalationAlert } from './alerts';
import {
  EscalationModel,
  type EscalationModelStats,
  type EscalationSummary,
  type SlaChanges,
} from './escalation-model';
import type { FireOutcome } from './fire-levels';
import type { IssueSla } from './issue-sla';
import type { Timers, TimerHandle } from './timers';

/** The longest the scheduler sleeps without looking at its queue. */
export const DEFAULT_MAX_SLEEP_MS = 5 * 60_000;
export const DEFAULT_EVALUATION_SLICE = 10_000;

export interface EscalationServiceOptions {
  lateAfterMs?: number;
  maxSleepMs?: number;
  /** How many urgent issues the summary names. Default 5. */
  urgentLimit?: number;
  /**
   * A full evaluation (the start) goes over this many issues at a time, letting other work
   * (IPC, rendering) in between. Default 10,000.
   */
  evaluationSlice?: number;
  /**
   * The start puts what it read into the model this many documents at a time, with a turn
   * of the event loop (a zero timer) in between: in a page, the scheduler then never holds
   * the main thread for long. Default: all at once.
   */
  loadSlice?: number;
}

export interface EscalationLog {
  (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void;
}

export interface EscalationServiceDeps {
  db: AppDatabase;
  /** Who acts now: alerts say whether they are meant for them. */
  actor(): Actor;
  clock: Clock;
  timers: Timers;
  fire(levels: readonly DueLevel[], now: number): Promise<FireOutcome[]>;
  log?: EscalationLog;
  options?: EscalationServiceOptions;
}

export interface EscalationStats extends EscalationModelStats {
  /** Levels this device recorded since the scheduler started. */
  fired: number;
  /** Wake-ups of the timer. */
  wakeUps: number;
  issues: number;
  rules: number;
  /** When the scheduler will next look at its queue (null: it sleeps until a change). */
  timerAt: number | null;
  /** The earliest wake-up in the queue. */
  nextWakeAt: number | null;
}

export interface EscalationService {
  /** Loads, evaluates everything once, then keeps up with changes. Safe to call twice. */
  start(): Promise<void>;
  /** Stops reacting and sleeping, after the wake-up in progress. Safe to call twice. */
  stop(): Promise<void>;
  readonly running: boolean;
  /** The levels fired at each wake-up (this device's and, once received, other devices'). */
  readonly alerts$: Observable<AlertBatch>;
  /** Counts for the tray; emits when they (or the most urgent issues) change. */
  readonly summary$: Observable<EscalationSummary>;
  /** The issues whose SLA headline changed (after a full evaluation: all of them). */
  readonly sla$: Observable<SlaChanges>;
  summary(): EscalationSummary;
  slaOf(issueId: string): IssueSla | null;
  /** The machine woke from sleep (or the clock jumped): look at the queue now. */
  wake(): void;
  /** Resolves once every change seen so far is evaluated and what was due has fired. */
  whenIdle(): Promise<void>;
  stats(): EscalationStats;
}

function emptySummary(at: number): EscalationSummary {
  return { overdue: 0, escalated: 0, attention: 0, urgent: [], at };
}

function sameSummary(a: EscalationSummary, b: EscalationSummary): boolean {
  return (
    a.overdue === b.overdue &&
    a.escalated === b.escalated &&
    a.attention === b.attention &&
    a.urgent.length === b.urgent.length &&
    a.urgent.every((x, i) => {
      const y = b.urgent[i];
      return (
        y !== undefined &&
        x.issueId === y.issueId &&
        x.title === y.title &&
        x.priority === y.priority &&
        x.overdue === y.overdue &&
        x.escalated === y.escalated &&
        x.breachAt === y.breachAt &&
        x.nextLevelAt === y.nextLevelAt &&
        x.snoozedUntil === y.snoozedUntil
      );
    })
  );
}

/**
 * Every document a query finds, as stored: read from the collection's storage directly, so
 * that a cold start over 100,000 issues builds no RxDocument objects it would throw away.
 * The documents are shared with the storage: they are read, never changed.
 */
async function readAll<T>(
  collection: RxCollection<T>,
  query: MangoQuery<T> = {},
): Promise<RxDocumentData<T>[]> {
  const prepared = collection.find(query).getPreparedQuery();
  const result = await collection.storageInstance.query(prepared);
  return result.documents;
}

/** What the streams of the database say, applied to the model in order. */
type Change = () => void;

export function createEscalationService(deps: EscalationServiceDeps): EscalationService {
  const { db, clock, timers } = deps;
  const options = deps.options ?? {};
  const maxSleepMs = options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  const urgentLimit = options.urgentLimit ?? 5;
  const evaluationSlice = options.evaluationSlice ?? DEFAULT_EVALUATION_SLICE;
  const loadSlice = options.loadSlice ?? Infinity;
  const log: EscalationLog = deps.log ?? (() => undefined);

  const alerts$ = new Subject<AlertBatch>();
  const summary$ = new BehaviorSubject<EscalationSummary>(emptySummary(clock.now()));
  const sla$ = new Subject<SlaChanges>();

  let model: EscalationModel | null = null;
  let running = false;
  let starting: Promise<void> | null = null;
  let subscriptions: Subscription[] = [];
  /** Changes seen while loading, applied after the loaded state. */
  let buffered: Change[] | null = null;
  /** Escalation ids announced in this run (this device's and received ones). */
  const announced = new Set<string>();
  /** Escalation ids this device is writing or has written in this run. */
  const firing = new Set<string>();
  /** Levels other devices fired, received by sync, announced at the next wake-up. */
  let received: EscalationRecord[] = [];
  let timer: { handle: TimerHandle } | null = null;
  let timerAt: number | null = null;
  let pumpQueued = false;
  let chain: Promise<void> = Promise.resolve();
  let fired = 0;
  let wakeUps = 0;

  function onQueryProblem(query: string, message: string): void {
    log('warn', 'An escalation rule scope query cannot be used; it matches no issue', {
      query,
      reason: message,
    });
  }

  function apply(change: Change): void {
    if (!running) return;
    if (buffered !== null) {
      buffered.push(change);
      return;
    }
    change();
    queuePump();
  }

  function subscribe(): void {
    subscriptions = [
      db.issues.$.subscribe((event) =>
        apply(() => {
          if (event.operation === 'DELETE' || event.documentData._deleted) {
            model?.removeIssue(event.documentId);
          } else model?.upsertIssue(event.documentData);
        }),
      ),
      db.issue_events.$.subscribe((event) => {
        if (event.operation !== 'INSERT') return;
        apply(() => void model?.addIssueEvent(event.documentData));
      }),
      db.escalations.$.subscribe((event) => {
        // An update is the server's copy of a record this device also wrote (append-only
        // collections keep the server's state): the model takes its clock start and version.
        if (event.operation === 'UPDATE') apply(() => model?.addFired(event.documentData));
        if (event.operation !== 'INSERT') return;
        apply(() => receive(event.documentData));
      }),
      db.escalation_rules.$.subscribe((event) => {
        if (event.operation === 'DELETE') return;
        apply(() => model?.addRuleVersion(event.documentData));
      }),
      db.locations.$.subscribe((event) =>
        apply(() => {
          if (event.operation === 'DELETE') model?.removeLocation(event.documentId);
          else model?.upsertLocation(event.documentData);
        }),
      ),
      db.workflows.$.subscribe((event) => {
        if (event.operation === 'DELETE') return;
        apply(() => model?.upsertWorkflow(event.documentData));
      }),
    ];
  }

  /** A record that arrived by the database's stream: this device's, or another's by sync. */
  function receive(record: EscalationRecord): void {
    if (model === null) return;
    const known = model.isFired(record.issueId, record.ruleId, record.id);
    // This device's own record: its evaluation has accounted for it already.
    model.addFired(record, !known && !firing.has(record.id));
    if (isClockStart(record)) return;
    if (firing.has(record.id) || announced.has(record.id) || buffered !== null) return;
    announced.add(record.id);
    received.push(record);
  }

  /** Alerts for levels other devices fired, judged against the issue as it is now. */
  function receivedAlerts(current: EscalationModel, now: number): EscalationAlert[] {
    const records = received;
    received = [];
    const alerts: EscalationAlert[] = [];
    for (const record of records) {
      const issue = current.issue(record.issueId);
      if (issue === undefined) continue;
      const view = current.ruleView(record.issueId, record.ruleId, now);
      const stale =
        view === null ||
        view.cycle !== record.cycle ||
        !(view.state === 'running' || view.state === 'paused');
      alerts.push(toAlert({ record, issue, stale, firedHere: false, actor: deps.actor() }));
    }
    return alerts;
  }

  async function load(target: EscalationModel): Promise<void> {
    const [issues, events, records, rules, locations, workflows] = await Promise.all([
      readAll(db.issues),
      // Creations and comments never change a status or a snooze: leave them out.
      readAll(db.issue_events, { selector: { kind: { $nin: ['created', 'commented'] } } }),
      readAll(db.escalations),
      readAll(db.escalation_rules),
      readAll(db.locations),
      readAll(db.workflows),
    ]);
    for (const workflow of workflows) target.upsertWorkflow(workflow);
    for (const location of locations) target.upsertLocation(location);
    for (const rule of rules) target.addRuleVersion(rule);
    await inSlices(issues, (issue) => target.upsertIssue(issue));
    await inSlices(events, (event) => void target.addIssueEvent(event));
    await inSlices(records, (record) => {
      target.addFired(record, false);
      announced.add(record.id);
    });
  }

  /** `each` over the items, `loadSlice` at a time, a turn of the event loop in between. */
  async function inSlices<T>(items: readonly T[], each: (item: T) => void): Promise<void> {
    for (let from = 0; from < items.length; from += loadSlice) {
      if (from > 0) await new Promise<void>((resolve) => timers.setTimeout(resolve, 0));
      const end = Math.min(items.length, from + loadSlice);
      for (let i = from; i < end; i++) each(items[i] as T);
    }
  }

  function queuePump(): void {
    if (!running || pumpQueued) return;
    pumpQueued = true;
    chain = chain.then(pump, pump);
  }

  async function pump(): Promise<void> {
    pumpQueued = false;
    const current = model;
    if (!running || current === null) return;
    try {
      const now = clock.now();
      const due = current.process(now, evaluationSlice);
      const alerts = receivedAlerts(current, now);
      if (due.length > 0) alerts.push(...(await fireDue(current, due, now)));
      if (!running) return;
      if (current.evaluatingAll) {
        // The rest of the full evaluation after a turn of the event loop.
        disarm();
        timer = {
          handle: timers.setTimeout(() => {
            timer = null;
            queuePump();
          }, 0),
        };
      } else arm(current);
      if (alerts.length > 0) alerts$.next({ at: now, alerts });
      if (current.evaluatingAll) return;
      const changes = current.takeSlaChanges();
      if (changes.all || changes.changed.size > 0) sla$.next(changes);
      const summary = current.summary(now, urgentLimit);
      if (!sameSummary(summary, summary$.value)) summary$.next(summary);
    } catch (error) {
      log('error', 'The escalation scheduler failed to process a wake-up', {
        reason: error instanceof Error ? error.message : String(error),
      });
      if (running) arm(current);
    }
  }

  async function fireDue(
    current: EscalationModel,
    due: readonly DueLevel[],
    now: number,
  ): Promise<EscalationAlert[]> {
    const pending = due.filter((level) => !current.isFired(level.issueId, level.ruleId, level.id));
    // Their own change events may arrive while the writes are under way: not foreign levels.
    for (const level of pending) firing.add(level.id);
    const issuesBefore = new Map<string, Issue>();
    for (const level of pending) {
      const issue = current.issue(level.issueId);
      if (issue !== undefined) issuesBefore.set(level.issueId, issue);
    }
    let outcomes: FireOutcome[];
    try {
      outcomes = await deps.fire(pending, now);
    } catch (error) {
      log('error', 'Due escalation levels could not be fired; they are retried later', {
        levels: pending.map((level) => level.id),
        reason: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
    const alerts: EscalationAlert[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind === 'failed') continue;
      if (outcome.kind === 'already-fired') {
        if (outcome.record !== null) current.addFired(outcome.record);
        continue;
      }
      current.addFired(outcome.record, false);
      // A clock start is recorded like a level, but it is no escalation: nobody is told.
      if (isClockStart(outcome.level)) continue;
      fired++;
      if (announced.has(outcome.record.id)) continue;
      announced.add(outcome.record.id);
      const issue = current.issue(outcome.level.issueId) ?? issuesBefore.get(outcome.level.issueId);
      if (issue === undefined) continue;
      alerts.push(
        toAlert({
          record: outcome.record,
          issue,
          stale: outcome.level.stale,
          firedHere: true,
          actor: deps.actor(),
        }),
      );
    }
    const late = outcomes.filter((o) => o.kind === 'fired' && o.level.late).length;
    if (alerts.length > 0) {
      log('info', 'Escalation levels fired', { count: alerts.length, late });
    }
    return alerts;
  }

  function disarm(): void {
    if (timer !== null) timers.clearTimeout(timer.handle);
    timer = null;
    timerAt = null;
  }

  function arm(current: EscalationModel): void {
    disarm();
    const now = clock.now();
    const next = current.nextWakeAt();
    const at = Math.min(next, now + maxSleepMs);
    timerAt = at;
    timer = {
      handle: timers.setTimeout(
        () => {
          timer = null;
          timerAt = null;
          wakeUps++;
          queuePump();
        },
        Math.max(0, at - now),
      ),
    };
  }

  async function start(): Promise<void> {
    if (running) return starting ?? undefined;
    running = true;
    const target = new EscalationModel({
      ...(options.lateAfterMs !== undefined && { lateAfterMs: options.lateAfterMs }),
      onQueryProblem,
    });
    model = target;
    buffered = [];
    announced.clear();
    firing.clear();
    received = [];
    fired = 0;
    wakeUps = 0;
    subscribe();
    starting = (async () => {
      try {
        await load(target);
      } catch (error) {
        await stopNow();
        throw error;
      }
      if (model !== target) return;
      const changes = buffered ?? [];
      buffered = null;
      for (const change of changes) change();
      target.markAllDirty();
      log('info', 'The escalation scheduler started', {
        issues: target.issueCount,
        rules: target.ruleCount,
      });
      queuePump();
    })();
    return starting;
  }

  async function stopNow(): Promise<void> {
    running = false;
    for (const subscription of subscriptions) subscription.unsubscribe();
    subscriptions = [];
    disarm();
    buffered = null;
    await chain;
    model = null;
    starting = null;
  }

  return {
    start,
    async stop() {
      if (!running) return;
      await starting?.catch(() => undefined);
      await stopNow();
    },
    get running() {
      return running;
    },
    alerts$: alerts$.asObservable(),
    summary$: summary$.asObservable(),
    sla$: sla$.asObservable(),
    summary: () => summary$.value,
    slaOf: (issueId) => model?.slaOf(issueId) ?? null,
    wake() {
      if (running && buffered === null) queuePump();
    },
    async whenIdle() {
      await starting;
      // Writes answer before their change events are delivered: let those arrive too.
      for (let settled = 0; settled < 3;) {
        const before = chain;
        await before;
        await new Promise<void>((resolve) => void Promise.resolve().then(resolve));
        if (chain === before && !pumpQueued && !(model?.hasDirty ?? false)) settled++;
        else settled = 0;
        if (model?.hasDirty && !pumpQueued) queuePump();
      }
    },
    stats() {
      const stats = model?.stats ?? { evaluations: 0, issueEvaluations: 0, fullEvaluations: 0 };
      const next = model?.nextWakeAt() ?? Infinity;
      return {
        ...stats,
        fired,
        wakeUps,
        issues: model?.issueCount ?? 0,
        rules: model?.ruleCount ?? 0,
        timerAt,
        nextWakeAt: Number.isFinite(next) ? next : null,
      };
    },
  };
}
