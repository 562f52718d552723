/**
 * One issue on the board: title, priority, severity, location, age and, when a rule has
 * escalated it, a marker. Draggable with the mouse; with the keyboard its title opens the
 * issue, its "Move to…" button offers the legal moves, and the arrow keys go to the
 * neighbouring cards. Memoised: a card re-renders only when what it shows changes.
 */
import MoreVertIcon from '@mui/icons-material/MoreVert';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import PersonOutlinedIcon from '@mui/icons-material/PersonOutlined';
import PlaceOutlinedIcon from '@mui/icons-material/PlaceOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { memo, useId, type DragEvent, type KeyboardEvent } from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue } from '../../../shared/domain';
import { priorityColor, severityName } from '../../components/issue-format';
import { IssueSlaBadge } from '../../components/sla/SlaBadge';

/** The MIME type a dragged card carries (its issue id). */
export const ISSUE_DRAG_TYPE = 'application/x-autoescalate-issue';

export interface IssueCardProps {
  issue: Issue;
  /** Where the card's SLA badge reads from; no badge without it (done columns). */
  slaDb?: AppDatabase;
  locationName: string;
  age: string;
  ageWords: string;
  escalated: boolean;
  /** Moved here by the user, waiting for the core to confirm. */
  pending: boolean;
  column: number;
  row: number;
  onOpen: (issueId: string) => void;
  onDragStart: (issue: Issue) => void;
  onDragEnd: () => void;
  onMoveMenu: (issue: Issue, anchor: HTMLElement) => void;
}

/** Moves the focus to the card at (column, row), or the nearest one in that column. */
function focusCard(column: number, row: number): boolean {
  const cards = [
    ...document.querySelectorAll<HTMLElement>(`[data-card-column="${column}"] [data-card-open]`),
  ];
  const target = cards[Math.min(row, cards.length - 1)];
  if (!target) return false;
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
  return true;
}

function IssueCardView(props: IssueCardProps) {
  const { issue } = props;
  const titleId = useId();

  function onKeyDown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, () => boolean> = {
      ArrowDown: () => focusCard(props.column, props.row + 1),
      ArrowUp: () => props.row > 0 && focusCard(props.column, props.row - 1),
      ArrowRight: () => focusCard(props.column + 1, props.row),
      ArrowLeft: () => props.column > 0 && focusCard(props.column - 1, props.row),
    };
    const move = moves[event.key];
    if (move && move()) event.preventDefault();
  }

  function onDragStart(event: DragEvent) {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(ISSUE_DRAG_TYPE, issue.id);
    event.dataTransfer.setData('text/plain', issue.title);
    props.onDragStart(issue);
  }

  return (
    <Paper
      component="article"
      variant="outlined"
      aria-labelledby={titleId}
      aria-busy={props.pending}
      draggable
      onDragStart={onDragStart}
      onDragEnd={props.onDragEnd}
      onKeyDown={onKeyDown}
      data-issue-id={issue.id}
      sx={{
        p: 1.25,
        pr: 0.5,
        cursor: 'grab',
        opacity: props.pending ? 0.65 : 1,
        borderLeft: 4,
        borderLeftColor: props.escalated ? 'error.main' : 'divider',
        transition: 'box-shadow 120ms',
        '&:hover': { boxShadow: 2 },
        '&:focus-within': { outline: 2, outlineColor: 'primary.main', outlineOffset: 1 },
      }}
    >
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'flex-start' }}>
        <ButtonBase
          data-card-open
          onClick={() => props.onOpen(issue.id)}
          sx={{
            flex: 1,
            minWidth: 0,
            justifyContent: 'flex-start',
            textAlign: 'left',
            borderRadius: 1,
            '&:focus-visible': { textDecoration: 'underline' },
          }}
        >
          <Typography
            id={titleId}
            component="h3"
            variant="body2"
            sx={{
              fontWeight: 600,
              lineHeight: 1.35,
              display: '-webkit-box',
              WebkitLineClamp: 2,
              WebkitBoxOrient: 'vertical',
              overflow: 'hidden',
              overflowWrap: 'anywhere',
            }}
          >
            {issue.title}
          </Typography>
        </ButtonBase>
        {props.escalated && (
          <Tooltip title="Escalated: a rule fired for this issue">
            <NotificationImportantIcon
              role="img"
              aria-label="Escalated"
              fontSize="small"
              color="error"
              sx={{ mt: 0.25 }}
            />
          </Tooltip>
        )}
        <IconButton
          size="small"
          aria-label={`Move "${issue.title}" to…`}
          aria-haspopup="menu"
          onClick={(event) => props.onMoveMenu(issue, event.currentTarget)}
          sx={{ mt: -0.5 }}
        >
          <MoreVertIcon fontSize="small" />
        </IconButton>
      </Stack>
      <Stack direction="row" spacing={0.75} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip
          size="small"
          label={issue.priority}
          color={priorityColor(issue.priority)}
          variant={issue.priority === 'Critical' ? 'filled' : 'outlined'}
          aria-label={`Priority ${issue.priority}`}
        />
        <Typography
          variant="caption"
          color="text.secondary"
          aria-label={`Severity ${issue.severity}, ${severityName(issue.severity)}`}
        >
          S{issue.severity} · {severityName(issue.severity)}
        </Typography>
        {props.slaDb && <IssueSlaBadge db={props.slaDb} issueId={issue.id} />}
      </Stack>
      <Stack spacing={0.25} sx={{ mt: 0.75, color: 'text.secondary', pr: 0.75 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
          <PlaceOutlinedIcon sx={{ fontSize: 14 }} aria-hidden="true" />
          <Typography
            variant="caption"
            sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            title={props.locationName}
          >
            <Box component="span" sx={visuallyHidden}>
              Location:{' '}
            </Box>
            {props.locationName}
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
          <ScheduleIcon sx={{ fontSize: 14 }} aria-hidden="true" />
          <Typography variant="caption" sx={{ whiteSpace: 'nowrap' }}>
            <Box component="span" sx={visuallyHidden}>
              Reported {props.ageWords}
            </Box>
            <span aria-hidden="true">{props.age}</span>
          </Typography>
          {issue.assignee && (
            <>
              <PersonOutlinedIcon sx={{ fontSize: 14, ml: 1 }} aria-hidden="true" />
              <Typography
                variant="caption"
                sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              >
                <Box component="span" sx={visuallyHidden}>
                  Assigned to{' '}
                </Box>
                {issue.assignee}
              </Typography>
            </>
          )}
        </Box>
      </Stack>
    </Paper>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function sameCard(a: IssueCardProps, b: IssueCardProps): boolean {
  return (
    a.issue.id === b.issue.id &&
    a.slaDb === b.slaDb &&
    a.issue.version === b.issue.version &&
    a.issue.updatedAt === b.issue.updatedAt &&
    a.issue.status === b.issue.status &&
    a.locationName === b.locationName &&
    a.age === b.age &&
    a.escalated === b.escalated &&
    a.pending === b.pending &&
    a.column === b.column &&
    a.row === b.row &&
    a.onOpen === b.onOpen &&
    a.onDragStart === b.onDragStart &&
    a.onDragEnd === b.onDragEnd &&
    a.onMoveMenu === b.onMoveMenu
  );
}

export const IssueCard = memo(IssueCardView, sameCard);
