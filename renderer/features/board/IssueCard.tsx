/**
 * One issue on the board: title, priority, severity, location, age and, when a rule has
 * escalated it, a marker. Draggable with the mouse; with the keyboard its title opens the
 * issue, its "Move to…" button offers the legal moves, and the arrow keys go to the
 * neighbouring cards. Memoised: a card re-renders only when what it shows changes.
 *
 * A card is plain elements with class names, its icons too (plain-icon.tsx); its look comes
 * from one set of rules on the column's list (issueCardStyles), not from a styled component
 * per part: a card moved on the board must show within a frame, and a board holds two hundred
 * of them.
 */
import MoreVertIcon from '@mui/icons-material/MoreVert';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import PersonOutlinedIcon from '@mui/icons-material/PersonOutlined';
import PlaceOutlinedIcon from '@mui/icons-material/PlaceOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { alpha, type Theme } from '@mui/material/styles';
import { createContext, memo, use, useId, type DragEvent, type KeyboardEvent } from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue } from '../../../shared/domain';
import { useIssueEscalated } from '../../app/live-data';
import type { PeopleDirectory } from '../../app/people';
import { describeAge, formatAge, priorityColor, severityName } from '../../components/issue-format';
import { plainIcon, plainIconStyles } from '../../components/plain-icon';
import { IssueSlaBadge } from '../../components/sla/SlaBadge';
import type { LocationIndex } from '../locations/location-tree';

/**
 * Whether the board shows every column's first data: until it does, cards leave their
 * escalation marker and SLA badge unread and columns render only the cards that fit in view,
 * so that a start reads and renders those first. On by default (a card shown anywhere else).
 */
export const BoardShownContext = createContext(true);

// The cards' icons, plain svg elements made once (see plain-icon.tsx).
const ESCALATED_ICON = plainIcon(NotificationImportantIcon);
const MENU_ICON = plainIcon(MoreVertIcon);
const LOCATION_ICON = plainIcon(PlaceOutlinedIcon, 'issue-card__icon');
const AGE_ICON = plainIcon(ScheduleIcon, 'issue-card__icon');
const ASSIGNEE_ICON = plainIcon(PersonOutlinedIcon, 'issue-card__icon issue-card__icon--gap');

/** The MIME type a dragged card carries (its issue id). */
export const ISSUE_DRAG_TYPE = 'application/x-autoescalate-issue';

export interface IssueCardProps {
  issue: Issue;
  /** Where the card's escalation marker and SLA badge read from. */
  db: AppDatabase;
  /** Whether the card shows an SLA badge (not in done columns). */
  withSla: boolean;
  /** Names the card's location. */
  locations: LocationIndex;
  /** Names the card's assignee. */
  people: PeopleDirectory;
  /** The time its age is counted to. */
  now: number;
  /** Moved here by the user, waiting for the core to confirm. */
  pending: boolean;
  /** The card's column, for the arrow keys (its row is read from the page when a key is pressed). */
  column: number;
  onOpen: (issueId: string) => void;
  onDragStart: (issue: Issue) => void;
  onDragEnd: () => void;
  onMoveMenu: (issue: Issue, anchor: HTMLElement) => void;
}

/** The cards' title buttons of a column, top to bottom. */
function cardsOf(column: number): HTMLElement[] {
  return [
    ...document.querySelectorAll<HTMLElement>(`[data-card-column="${column}"] [data-card-open]`),
  ];
}

/** Moves the focus to the card at (column, row), or the nearest one in that column. */
function focusCard(column: number, row: number): boolean {
  const cards = cardsOf(column);
  const target = cards[Math.min(row, cards.length - 1)];
  if (!target) return false;
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
  return true;
}

function IssueCardView(props: IssueCardProps) {
  const { issue } = props;
  const titleId = useId();
  // Markers and badges are read once the board's columns are: the cards come first.
  const extrasPaused = !use(BoardShownContext);
  const escalated = useIssueEscalated(props.db, issue.id, extrasPaused);
  const locationName = props.locations.pathName(issue.locationId);
  const critical = issue.priority === 'Critical';

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // The row is looked up rather than passed in: a card moved in above would otherwise
    // make every card below it render again.
    const card = event.currentTarget;
    const row = Math.max(
      0,
      cardsOf(props.column).findIndex((open) => card.contains(open)),
    );
    const moves: Record<string, () => boolean> = {
      ArrowDown: () => focusCard(props.column, row + 1),
      ArrowUp: () => row > 0 && focusCard(props.column, row - 1),
      ArrowRight: () => focusCard(props.column + 1, row),
      ArrowLeft: () => props.column > 0 && focusCard(props.column - 1, row),
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
    <article
      className={
        'issue-card' +
        (escalated ? ' issue-card--escalated' : '') +
        (props.pending ? ' issue-card--pending' : '')
      }
      aria-labelledby={titleId}
      aria-busy={props.pending}
      draggable
      onDragStart={onDragStart}
      onDragEnd={props.onDragEnd}
      onKeyDown={onKeyDown}
      data-issue-id={issue.id}
    >
      <div className="issue-card__head">
        <button
          type="button"
          className="issue-card__open"
          data-card-open
          onClick={() => props.onOpen(issue.id)}
        >
          <h3 id={titleId} className="issue-card__title">
            {issue.title}
          </h3>
        </button>
        {escalated && (
          <span
            className="issue-card__escalated"
            role="img"
            aria-label="Escalated"
            title="Escalated: a rule fired for this issue"
          >
            {ESCALATED_ICON}
          </span>
        )}
        <button
          type="button"
          className="issue-card__menu"
          aria-label={`Move "${issue.title}" to…`}
          aria-haspopup="menu"
          onClick={(event) => props.onMoveMenu(issue, event.currentTarget)}
        >
          {MENU_ICON}
        </button>
      </div>
      <div className="issue-card__facts">
        <span
          className={`issue-card__pill issue-card__pill--${critical ? 'filled' : 'outlined'} issue-card__pill--${priorityColor(issue.priority)}`}
          aria-label={`Priority ${issue.priority}`}
        >
          {issue.priority}
        </span>
        <span
          className="issue-card__caption issue-card__severity"
          aria-label={`Severity ${issue.severity}, ${severityName(issue.severity)}`}
        >
          S{issue.severity} · {severityName(issue.severity)}
        </span>
        {props.withSla && <IssueSlaBadge db={props.db} issueId={issue.id} paused={extrasPaused} />}
      </div>
      <div className="issue-card__meta">
        <div className="issue-card__line">
          {LOCATION_ICON}
          <span className="issue-card__caption issue-card__text" title={locationName}>
            <span className="issue-card__hidden">Location: </span>
            {locationName}
          </span>
        </div>
        <div className="issue-card__line">
          {AGE_ICON}
          <span className="issue-card__caption issue-card__nowrap">
            <span className="issue-card__hidden">
              Reported {describeAge(issue.reportedAt, props.now)}
            </span>
            <span aria-hidden="true">{formatAge(issue.reportedAt, props.now)}</span>
          </span>
          {issue.assignee && (
            <>
              {ASSIGNEE_ICON}
              <span className="issue-card__caption issue-card__text">
                <span className="issue-card__hidden">Assigned to </span>
                {props.people.nameOf(issue.assignee)}
              </span>
            </>
          )}
        </div>
      </div>
    </article>
  );
}

function assigneeName({ issue, people }: IssueCardProps): string | undefined {
  return issue.assignee && people.nameOf(issue.assignee);
}

function sameCard(a: IssueCardProps, b: IssueCardProps): boolean {
  return (
    a.issue.id === b.issue.id &&
    a.db === b.db &&
    a.withSla === b.withSla &&
    a.issue.version === b.issue.version &&
    a.issue.updatedAt === b.issue.updatedAt &&
    a.issue.status === b.issue.status &&
    a.locations === b.locations &&
    // New people re-render only the cards whose assignee now reads differently.
    (a.people === b.people || assigneeName(a) === assigneeName(b)) &&
    // A new time re-renders only the cards whose age reads differently.
    (a.now === b.now ||
      formatAge(a.issue.reportedAt, a.now) === formatAge(b.issue.reportedAt, b.now)) &&
    a.pending === b.pending &&
    a.column === b.column &&
    a.onOpen === b.onOpen &&
    a.onDragStart === b.onDragStart &&
    a.onDragEnd === b.onDragEnd &&
    a.onMoveMenu === b.onMoveMenu
  );
}

export const IssueCard = memo(IssueCardView, sameCard);

const PILL_COLORS = ['info', 'warning', 'error'] as const;

/** A typography variant's font, without the rest of its style. */
function font(variant: Theme['typography']['body2']) {
  return {
    fontFamily: variant.fontFamily ?? 'inherit',
    fontSize: variant.fontSize ?? 'inherit',
    fontWeight: variant.fontWeight ?? 'inherit',
    lineHeight: variant.lineHeight ?? 'inherit',
    letterSpacing: variant.letterSpacing ?? 'inherit',
  };
}

/**
 * The look of the cards below the element it is applied to (a column's list): an outlined
 * paper with a coloured left edge, the title as a button, the priority as a small chip.
 * Lengths are strings: in `sx`, bare numbers for gaps, margins and radii are multiples of
 * the theme's units.
 */
export function issueCardStyles(theme: Theme) {
  const pills: Record<string, object> = {};
  for (const color of PILL_COLORS) {
    const palette = theme.palette[color];
    pills[`& .issue-card__pill--filled.issue-card__pill--${color}`] = {
      backgroundColor: palette.main,
      color: palette.contrastText,
    };
    pills[`& .issue-card__pill--outlined.issue-card__pill--${color}`] = {
      borderColor: alpha(palette.main, 0.7),
      color: palette.main,
    };
  }
  const light = theme.palette.mode === 'light';
  return {
    ...plainIconStyles,
    '& .issue-card': {
      position: 'relative',
      padding: '10px 4px 10px 10px',
      borderRadius: `${theme.shape.borderRadius}px`,
      border: `1px solid ${theme.palette.divider}`,
      borderLeft: `4px solid ${theme.palette.divider}`,
      backgroundColor: theme.palette.background.paper,
      color: theme.palette.text.primary,
      cursor: 'grab',
      transition: 'box-shadow 120ms',
      '&:hover': { boxShadow: theme.shadows[2] },
      '&:focus-within': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
    },
    '& .issue-card--escalated': { borderLeftColor: theme.palette.error.main },
    '& .issue-card--pending': { opacity: 0.65 },
    '& .issue-card__head': { display: 'flex', alignItems: 'flex-start', gap: '4px' },
    '& .issue-card__open': {
      flex: 1,
      minWidth: 0,
      display: 'flex',
      justifyContent: 'flex-start',
      textAlign: 'left',
      margin: 0,
      padding: 0,
      border: 0,
      borderRadius: `${theme.shape.borderRadius}px`,
      background: 'none',
      color: 'inherit',
      font: 'inherit',
      cursor: 'pointer',
      outline: 0,
      '&:focus-visible': { textDecoration: 'underline' },
    },
    '& .issue-card__title': {
      ...font(theme.typography.body2),
      margin: 0,
      fontWeight: 600,
      lineHeight: 1.35,
      display: '-webkit-box',
      WebkitLineClamp: 2,
      WebkitBoxOrient: 'vertical' as const,
      overflow: 'hidden',
      overflowWrap: 'anywhere',
    },
    '& .issue-card__escalated': {
      display: 'inline-flex',
      fontSize: theme.typography.pxToRem(20),
      color: theme.palette.error.main,
    },
    '& .issue-card__menu': {
      display: 'inline-flex',
      alignItems: 'center',
      justifyContent: 'center',
      flexShrink: 0,
      padding: '5px',
      border: 0,
      borderRadius: '50%',
      background: 'none',
      color: theme.palette.action.active,
      fontSize: theme.typography.pxToRem(20),
      cursor: 'pointer',
      '&:hover': { backgroundColor: theme.palette.action.hover },
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
        backgroundColor: theme.palette.action.focus,
      },
    },
    '& .issue-card__facts': {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: '6px',
      marginTop: '8px',
    },
    '& .issue-card__pill': {
      display: 'inline-flex',
      alignItems: 'center',
      boxSizing: 'border-box',
      height: 24,
      maxWidth: '100%',
      padding: '0 8px',
      borderRadius: '16px',
      border: '1px solid transparent',
      fontFamily: theme.typography.fontFamily ?? 'inherit',
      fontSize: theme.typography.pxToRem(13),
      lineHeight: 1.5,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    },
    '& .issue-card__pill--outlined': { padding: '0 7px' },
    '& .issue-card__pill--outlined.issue-card__pill--default': {
      borderColor: light ? theme.palette.grey[400] : theme.palette.grey[700],
      color: theme.palette.text.primary,
    },
    '& .issue-card__pill--filled.issue-card__pill--default': {
      backgroundColor: theme.palette.action.selected,
      color: theme.palette.text.primary,
    },
    ...pills,
    '& .issue-card__caption': {
      ...font(theme.typography.caption),
      color: theme.palette.text.secondary,
    },
    '& .issue-card__severity': { color: theme.palette.text.primary },
    '& .issue-card__meta': {
      display: 'flex',
      flexDirection: 'column',
      gap: '2px',
      marginTop: '6px',
      paddingRight: '6px',
      color: theme.palette.text.secondary,
    },
    '& .issue-card__line': { display: 'flex', alignItems: 'center', gap: '4px', minWidth: 0 },
    '& .issue-card__icon': { fontSize: 14, flexShrink: 0 },
    '& .issue-card__icon--gap': { marginLeft: '8px' },
    '& .issue-card__text': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
    '& .issue-card__nowrap': { whiteSpace: 'nowrap' },
    '& .issue-card__hidden': {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  };
}
