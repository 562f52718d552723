/**
 * The issue list as the first shell mounted it (`<IssueList db={db} />`), kept until the shell
 * mounts IssuesTableView itself: opening an issue goes to its route, `#/issues?issue=<id>`.
 */
import type { AppDatabase } from '../../../shared/core/database';
import { IssuesTableView } from './IssuesTableView';

function openIssueRoute(id: string): void {
  globalThis.location.hash = `#/issues?issue=${encodeURIComponent(id)}`;
}

export function IssueList({ db }: { db: AppDatabase }) {
  return <IssuesTableView db={db} onOpenIssue={openIssueRoute} />;
}
