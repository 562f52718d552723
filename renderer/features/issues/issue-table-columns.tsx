/**
 * The issue table's TanStack Table model: its features (state only: sorting, filters, search,
 * column visibility and order; the rows are filtered and sorted by issue-view.ts on plain
 * arrays) and one column per column spec, with how each cell looks.
 */
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import { alpha, type Theme } from '@mui/material/styles';
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
  type ChipColor,
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

/**
 * Cells are plain elements with class names; their look comes from one set of rules on the
 * table body (ISSUE_CELL_STYLES), not from a styled component per cell: a screen of rows
 * then renders in a fraction of the time, and scrolling adds no styles to the page.
 */
function pillClass(color: ChipColor, variant: 'filled' | 'outlined'): string {
  return `issue-pill issue-pill--${variant} issue-pill--${color}`;
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
        <span className="issue-text issue-title" title={row.title}>
          {row.title}
        </span>
      );
    case 'status':
      return (
        <span className={pillClass(statusColor(row.statusCategory), 'filled')}>
          {row.statusName}
        </span>
      );
    case 'priority':
      return (
        <span className={pillClass(priorityColor(row.priority), 'outlined')}>{row.priority}</span>
      );
    case 'severity':
      return <span className="issue-text">{row.severity}</span>;
    case 'type':
      return <span className="issue-text">{ISSUE_TYPE_LABELS[row.type]}</span>;
    case 'location':
      return (
        <span className="issue-text" title={row.locationPath}>
          {row.locationPath}
        </span>
      );
    case 'assignee':
      return row.assignee === '' ? (
        <span className="issue-text issue-muted">Unassigned</span>
      ) : (
        <span className="issue-text">{row.assignee}</span>
      );
    case 'reporter':
      return <span className="issue-text">{row.reporter}</span>;
    case 'reportedAt':
      return <span className="issue-text issue-muted">{formatDateTime(row.reportedAt)}</span>;
    case 'updatedAt':
      return <span className="issue-text issue-muted">{formatDateTime(row.updatedAt)}</span>;
    case 'escalated':
      return row.escalation ? (
        <span
          className={pillClass('error', 'outlined')}
          title={escalationTitle(row)}
          aria-label={escalationTitle(row)}
        >
          <NotificationImportantIcon aria-hidden fontSize="inherit" className="issue-pill-icon" />
          Escalated
        </span>
      ) : null;
    case 'id':
      return (
        <span className="issue-text issue-id" title={row.id}>
          {row.id}
        </span>
      );
  }
}

const PILL_COLORS = ['info', 'success', 'warning', 'error'] as const;

/**
 * The look of the body's rows, cells and pills (see renderIssueCell). Lengths are strings:
 * in `sx`, bare numbers for gaps, margins and radii are multiples of the theme's units.
 */
export function issueCellStyles(theme: Theme) {
  const pills: Record<string, object> = {};
  for (const color of PILL_COLORS) {
    const palette = theme.palette[color];
    pills[`& .issue-pill--filled.issue-pill--${color}`] = {
      backgroundColor: palette.main,
      color: palette.contrastText,
    };
    pills[`& .issue-pill--outlined.issue-pill--${color}`] = {
      borderColor: alpha(palette.main, 0.7),
      color: theme.palette.mode === 'dark' ? palette.light : palette.dark,
    };
  }
  return {
    '& .issue-text': {
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      minWidth: 0,
    },
    '& .issue-title': { fontWeight: 500 },
    '& .issue-muted': { color: theme.palette.text.secondary },
    '& .issue-id': { fontFamily: 'monospace', fontSize: 12, color: theme.palette.text.secondary },
    '& .issue-pill': {
      display: 'inline-flex',
      alignItems: 'center',
      gap: '4px',
      height: 24,
      maxWidth: '100%',
      padding: '0 8px',
      borderRadius: '12px',
      fontSize: '0.8125rem',
      lineHeight: '22px',
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      border: '1px solid transparent',
    },
    '& .issue-pill--filled.issue-pill--default': {
      backgroundColor: theme.palette.action.selected,
      color: theme.palette.text.primary,
    },
    '& .issue-pill--outlined.issue-pill--default': {
      borderColor: theme.palette.divider,
      color: theme.palette.text.primary,
    },
    '& .issue-pill-icon': { fontSize: 15, flexShrink: 0, marginLeft: '-2px' },
    ...pills,
  };
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
