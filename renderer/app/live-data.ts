/** The live reads the screens share: workflows, locations, one issue and what hangs off it. */
import { useEffect, useState } from 'react';
import type { RxDocument, RxQuery } from 'rxdb';
import { map, type Subscription } from 'rxjs';
import type { AppDatabase } from '../../shared/core/database';
import type { Issue, IssueComment, IssueEvent, Location, Workflow } from '../../shared/domain';
import { isClockStart, type EscalationRecord } from '../../shared/escalation/records';
import { useLive, type Live } from './live';

export function useWorkflows(db: AppDatabase): Live<Workflow[]> {
  return useLive(
    () => db.workflows.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [db],
  );
}

export function useLocations(db: AppDatabase): Live<Location[]> {
  return useLive(
    () => db.locations.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [db],
  );
}

export function useIssue(db: AppDatabase, issueId: string): Live<Issue | null> {
  return useLive(
    () => db.issues.findOne(issueId).$.pipe(map((doc) => (doc ? doc.toMutableJSON() : null))),
    [db, issueId],
  );
}

export function useComments(db: AppDatabase, issueId: string): Live<IssueComment[]> {
  return useLive(
    () =>
      db.comments
        .find({ selector: { issueId }, sort: [{ createdAt: 'asc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [db, issueId],
  );
}

export function useIssueEvents(db: AppDatabase, issueId: string): Live<IssueEvent[]> {
  return useLive(
    () =>
      db.issue_events
        .find({ selector: { issueId }, sort: [{ at: 'asc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [db, issueId],
  );
}

/** The issue's fired levels; the records of clock starts (level 0) are no escalations. */
export function useEscalations(db: AppDatabase, issueId: string): Live<EscalationRecord[]> {
  return useLive(
    () =>
      db.escalations
        .find({ selector: { issueId, level: { $gt: 0 } }, sort: [{ firedAt: 'asc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [db, issueId],
  );
}

/**
 * The escalation records of one issue, unsorted. Every screen asks for them with this very
 * query, so RxDB's query cache runs it once for all of them (a card's SLA badge and its
 * escalation marker).
 */
export function issueEscalations(
  db: AppDatabase,
  issueId: string,
): RxQuery<EscalationRecord, RxDocument<EscalationRecord>[]> {
  return db.escalations.find({ selector: { issueId } });
}

/** What each issue's escalation marker last showed, per database. */
const knownEscalated = new WeakMap<AppDatabase, Map<string, boolean>>();

/**
 * Whether a rule has fired for the issue, live. One indexed query per issue (shared with its
 * SLA badge): a `$in` over many ids spread across the index (random UUIDs) would read nearly
 * every escalation. A card shown again, such as one moved to another column, starts from
 * what its marker last showed, so it does not blink while its query runs.
 */
export function useIssueEscalated(db: AppDatabase, issueId: string, paused = false): boolean {
  let known = knownEscalated.get(db);
  if (!known) {
    known = new Map();
    knownEscalated.set(db, known);
  }
  const memory = known;
  const [escalated, setEscalated] = useState(() => memory.get(issueId) ?? false);
  useEffect(() => {
    if (paused) return;
    let subscription: Subscription | undefined;
    // In a task of its own, as the SLA badge's queries (see useLive's `deferred`).
    const timer = setTimeout(() => {
      subscription = issueEscalations(db, issueId).$.subscribe({
        next: (docs) => {
          // Clock starts (level 0) are records, not escalations.
          const value = docs.some((doc) => !isClockStart(doc));
          memory.set(issueId, value);
          setEscalated(value);
        },
        // A marker that cannot be read is left off; the card itself still shows.
        error: () => undefined,
      });
    }, 0);
    return () => {
      clearTimeout(timer);
      subscription?.unsubscribe();
    };
  }, [db, issueId, memory, paused]);
  return escalated;
}
