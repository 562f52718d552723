/** The issues (newest report first) and workflows of a database, kept live. */
import { useEffect, useState } from 'react';
import { combineLatest } from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import { issueRows, type IssueRow } from './issue-rows';

export type LiveIssues =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; rows: IssueRow[] };

export function useLiveIssues(db: AppDatabase): LiveIssues {
  const [live, setLive] = useState<LiveIssues>({ state: 'loading' });
  useEffect(() => {
    const subscription = combineLatest([
      db.issues.find({ sort: [{ reportedAt: 'desc' }] }).$,
      db.workflows.find().$,
    ]).subscribe({
      next: ([issues, workflows]) =>
        setLive({
          state: 'ready',
          rows: issueRows(
            issues.map((doc) => doc.toJSON()),
            workflows.map((doc) => doc.toMutableJSON()),
          ),
        }),
      error: (error: unknown) =>
        setLive({
          state: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return live;
}
