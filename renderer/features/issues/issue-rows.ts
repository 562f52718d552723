/** What the issue list shows of each issue, derived from the issues and their workflows. */
import type { Issue, Priority, StatusCategory, Workflow } from '../../../shared/domain';
import { priorityRank } from '../../../shared/domain';

export interface IssueRow {
  id: string;
  title: string;
  statusName: string;
  statusCategory: StatusCategory | undefined;
  priority: Priority;
  reportedAt: number;
}

export type ChipColor = 'default' | 'info' | 'success' | 'warning' | 'error';

export function issueRows(issues: readonly Issue[], workflows: readonly Workflow[]): IssueRow[] {
  const statuses = new Map<string, { name: string; category: StatusCategory }>();
  for (const workflow of workflows) {
    for (const status of workflow.statuses) statuses.set(`${workflow.id}/${status.id}`, status);
  }
  return issues.map((issue) => {
    const status = statuses.get(`${issue.workflowId}/${issue.status}`);
    return {
      id: issue.id,
      title: issue.title,
      // A status the local workflow does not know yet (a newer workflow is still syncing).
      statusName: status?.name ?? issue.status,
      statusCategory: status?.category,
      priority: issue.priority,
      reportedAt: issue.reportedAt,
    };
  });
}

export function statusColor(category: StatusCategory | undefined): ChipColor {
  switch (category) {
    case 'todo':
      return 'default';
    case 'in-progress':
      return 'info';
    case 'done':
      return 'success';
    case undefined:
      return 'default';
  }
}

export function priorityColor(priority: Priority): ChipColor {
  const rank = priorityRank(priority);
  if (rank >= priorityRank('Critical')) return 'error';
  if (rank >= priorityRank('High')) return 'warning';
  if (rank >= priorityRank('Medium')) return 'info';
  return 'default';
}

const reportedFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatReportedAt(time: number): string {
  return reportedFormat.format(time);
}
