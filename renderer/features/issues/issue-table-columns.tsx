/**
 * The issue table's TanStack Table model: its features (state only: sorting, filters, search,
 * column visibility and order; the rows are filtered and sorted by issue-view.ts on plain
 * arrays) and one column per column spec, with how each cell looks.
 */
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import {
  columnFilteringFeature,
  columnOrderingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { ALWAYS_VISIBLE } from './column-prefs';
import { ISSUE_COLUMNS, type IssueColumnId, type IssueColumnSpec } from './issue-columns';
import {
  ISSUE_TYPE_LABELS,
  formatDateTime,
  priorityColor,
  statusColor,
  type IssueRow,
} from './issue-rows';

export const issueTableFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnMeta: {} as { spec: IssueColumnSpec },
});
export type IssueTableFeatures = typeof issueTableFeatures;

const ellipsis = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  minWidth: 0,
} as const;

function Muted({ children }: { children: ReactNode }) {
  return (
    <Box component="span" sx={{ ...ellipsis, color: 'text.secondary' }}>
      {children}
    </Box>
  );
}

function escalationTitle(row: IssueRow): string {
  const mark = row.escalation;
  if (!mark) return '';
  const times = mark.count === 1 ? 'once' : `${mark.count} times`;
  return (
    `Escalated ${times}; latest: ${mark.latestRuleName}, level ${mark.latestLevel}, ` +
    formatDateTime(mark.latestFiredAt)
  );
}

export function renderIssueCell(id: IssueColumnId, row: IssueRow): ReactNode {
  switch (id) {
    case 'title':
      return (
        <Box component="span" title={row.title} sx={{ ...ellipsis, fontWeight: 500 }}>
          {row.title}
        </Box>
      );
    case 'status':
      return (
        <Chip
          size="small"
          label={row.statusName}
          color={statusColor(row.statusCategory)}
          sx={{ maxWidth: '100%' }}
        />
      );
    case 'priority':
      return (
        <Chip
          size="small"
          variant="outlined"
          label={row.priority}
          color={priorityColor(row.priority)}
        />
      );
    case 'severity':
      return <span>{row.severity}</span>;
    case 'type':
      return <span>{ISSUE_TYPE_LABELS[row.type]}</span>;
    case 'location':
      return (
        <Box component="span" title={row.locationPath} sx={ellipsis}>
          {row.locationPath}
        </Box>
      );
    case 'assignee':
      return row.assignee === '' ? (
        <Muted>Unassigned</Muted>
      ) : (
        <Box component="span" sx={ellipsis}>
          {row.assignee}
        </Box>
      );
    case 'reporter':
      return (
        <Box component="span" sx={ellipsis}>
          {row.reporter}
        </Box>
      );
    case 'reportedAt':
      return <Muted>{formatDateTime(row.reportedAt)}</Muted>;
    case 'updatedAt':
      return <Muted>{formatDateTime(row.updatedAt)}</Muted>;
    case 'escalated':
      return row.escalation ? (
        <Chip
          size="small"
          color="error"
          variant="outlined"
          icon={<NotificationImportantIcon />}
          label="Escalated"
          title={escalationTitle(row)}
          aria-label={escalationTitle(row)}
        />
      ) : null;
    case 'id':
      return (
        <Box
          component="span"
          title={row.id}
          sx={{ ...ellipsis, fontFamily: 'monospace', fontSize: 12, color: 'text.secondary' }}
        >
          {row.id}
        </Box>
      );
  }
}

const helper = createColumnHelper<IssueTableFeatures, IssueRow>();

/** One table column per spec; stable, so the table's column model is built once. */
export const issueTableColumns = helper.columns(
  ISSUE_COLUMNS.map((spec) =>
    helper.accessor((row: IssueRow) => spec.text(row), {
      id: spec.id,
      header: spec.label,
      cell: (context) => renderIssueCell(spec.id, context.row.original),
      meta: { spec },
      sortDescFirst: spec.sortDescFirst,
      enableHiding: !ALWAYS_VISIBLE.has(spec.id),
    }),
  ),
);
