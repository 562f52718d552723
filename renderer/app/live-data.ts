/** The live reads the screens share: workflows, locations, one issue and what hangs off it. */
import { map } from 'rxjs';
import type { AppDatabase } from '../../shared/core/database';
import type { Issue, IssueComment, IssueEvent, Location, Workflow } from '../../shared/domain';
import type { EscalationRecord } from '../../shared/escalation/records';
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

/** Which of the given issues have fired escalations; `ids` is compared by content. */
export function useEscalatedIssueIds(db: AppDatabase, ids: readonly string[]): ReadonlySet<string> {
  const key = [...ids].sort().join('\n');
  const live = useLive(
    () =>
      db.escalations
        .find({
          selector: { issueId: { $in: key === '' ? [] : key.split('\n') }, level: { $gt: 0 } },
        })
        .$.pipe(map((docs) => new Set(docs.map((d) => d.issueId)))),
    [db, key],
  );
  return live.state === 'ready' ? live.value : EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
