/**
 * One column of the board: a workflow status with its count, its most recently updated
 * cards (more on request) and the drop zone. While a card is dragged the column says
 * whether it would accept it.
 *
 * Memoised, as its parts and its cards are: a move renders again only the two columns it
 * concerns (they alone receive new pending moves), and in them only their counts and the card
 * that moved; the end of a drag renders only the drop zones. Every prop the board passes is
 * stable between moves.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import GlobalStyles from '@mui/material/GlobalStyles';
import Typography from '@mui/material/Typography';
import type { Theme } from '@mui/material/styles';
import {
  memo,
  startTransition,
  use,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useState,
  type DragEvent,
} from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue, WorkflowStatus } from '../../../shared/domain';
import { useLive, type Live } from '../../app/live';
import { formatCount, statusColor } from '../../components/issue-format';
import type { PeopleDirectory } from '../../app/people';
import type { LocationIndex } from '../locations/location-tree';
import { BOARD_PAGE_SIZE, sharedColumnContent } from './column-query';
import { BoardShownContext, ISSUE_DRAG_TYPE, IssueCard, issueCardStyles } from './IssueCard';
import type { PendingMove } from './pending-moves';

export const PAGE_SIZE = BOARD_PAGE_SIZE;

/** No card is shorter than this (a one-line title, no assignee), gap included. */
const SHORTEST_CARD_PX = 96;

/**
 * What a column's list has above it at the least, on any screen: the app bar (48), the page's
 * padding (12), the board's title or location filter (40), the space below them (16) and the
 * column's header (40).
 */
const ABOVE_LIST_PX = 150;

/**
 * How many cards can be in view in a column on a screen this tall: the column's list is
 * shorter than the window by ABOVE_LIST_PX at least, and no card is shorter than
 * SHORTEST_CARD_PX.
 */
export function cardsInView(viewportHeight: number): number {
  return Math.max(4, Math.ceil((viewportHeight - ABOVE_LIST_PX) / SHORTEST_CARD_PX));
}

function viewportHeight(): number {
  const height = (globalThis as { innerHeight?: unknown }).innerHeight;
  return typeof height === 'number' && height > 0 ? height : 1080;
}

/** What the column would do with the card being dragged. */
export type DropHint = { kind: 'accept' } | { kind: 'refuse'; message: string } | undefined;

export interface BoardColumnProps {
  db: AppDatabase;
  status: WorkflowStatus;
  column: number;
  locationIds: readonly string[] | undefined;
  locations: LocationIndex;
  people: PeopleDirectory;
  now: number;
  /** The pending moves out of and into this column (NO_MOVES when there are none). */
  moves: readonly PendingMove[];
  dropHint: DropHint;
  onSettled: (issueId: string) => void;
  /** The column has shown its first data (or why it has none). */
  onLoaded: (statusId: string) => void;
  onDropIssue: (issueId: string, toStatus: string) => void;
  onOpen: (issueId: string) => void;
  onDragStart: (issue: Issue) => void;
  onDragEnd: () => void;
  onMoveMenu: (issue: Issue, anchor: HTMLElement) => void;
}

function BoardColumnView(props: BoardColumnProps) {
  const { db, status, moves, onSettled } = props;
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [over, setOver] = useState(false);
  const headingId = useId();
  const locationKey = props.locationIds?.join('\n');
  const live = useLive(
    () => sharedColumnContent(db, status.id, props.locationIds, limit),
    // locationKey stands for props.locationIds by content.
    [db, status.id, locationKey, limit],
  );
  const content = live.state === 'ready' ? live.value : undefined;
  const loaded = live.state !== 'loading';
  const { onLoaded } = props;
  useEffect(() => {
    if (loaded) onLoaded(status.id);
  }, [loaded, onLoaded, status.id]);

  // A pending move is settled once the live data shows where the issue really is: in the
  // column it was moved to, or changed by someone else meanwhile.
  useEffect(() => {
    if (!content || moves.length === 0) return;
    const shown = new Map(content.issues.map((issue) => [issue.id, issue]));
    for (const move of moves) {
      const issue = shown.get(move.issue.id);
      if (!issue) continue;
      if (issue.status === move.to || issue.version > move.issue.version) onSettled(issue.id);
    }
  }, [content, moves, onSettled]);

  // Cards moved here are shown at once, and cards moved away are gone at once, until the
  // live data confirms the move (or the move is refused and they snap back).
  const { cards, arriving, leaving, pendingIds } = useMemo(() => {
    if (!content) return NO_CARDS;
    if (moves.length === 0) {
      return { cards: content.issues, arriving: 0, leaving: 0, pendingIds: NO_IDS };
    }
    const shown = new Set(content.issues.map((issue) => issue.id));
    const incoming = moves
      .filter((move) => move.to === status.id && !shown.has(move.issue.id))
      .map((move) => ({ ...move.issue, status: status.id }));
    const away = new Set(
      moves.filter((move) => move.to !== status.id).map((move) => move.issue.id),
    );
    const staying = content.issues.filter((issue) => !away.has(issue.id));
    return {
      cards: [...incoming, ...staying],
      arriving: incoming.length,
      leaving: content.issues.length - staying.length,
      pendingIds: new Set(moves.map((move) => move.issue.id)),
    };
  }, [content, moves, status.id]);

  const total = content ? content.total + arriving - leaving : undefined;
  const hint = props.dropHint;
  const showMore = useCallback(() => setLimit((n) => n + PAGE_SIZE), []);

  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes(ISSUE_DRAG_TYPE)) return;
    // Every column takes the drop, so that a refused one can say why (a drop effect of
    // 'none' would make the browser swallow the drop silently).
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (!over) setOver(true);
  }

  function onDrop(event: DragEvent) {
    setOver(false);
    const issueId = event.dataTransfer.getData(ISSUE_DRAG_TYPE);
    if (issueId === '') return;
    event.preventDefault();
    props.onDropIssue(issueId, status.id);
  }

  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      data-status={status.id}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
      sx={(theme) => ({
        flex: '1 0 272px',
        maxWidth: 400,
        minHeight: 0,
        display: 'flex',
        flexDirection: 'column',
        borderRadius: 2,
        bgcolor: theme.palette.mode === 'light' ? '#e9edf1' : 'rgba(255,255,255,0.04)',
        outline: hint ? 2 : 0,
        outlineStyle: 'dashed',
        outlineColor:
          hint?.kind === 'accept'
            ? theme.palette.primary.main
            : hint?.kind === 'refuse'
              ? theme.palette.action.disabled
              : 'transparent',
        outlineOffset: -2,
        ...(over && hint?.kind === 'accept' && { bgcolor: theme.palette.action.selected }),
        ...(hint?.kind === 'refuse' && { opacity: 0.6 }),
      })}
    >
      <ColumnHeader headingId={headingId} status={status} total={total} />
      {hint?.kind === 'refuse' && (
        <Typography variant="caption" color="text.secondary" sx={{ px: 1.5, pb: 1 }}>
          {hint.message}
        </Typography>
      )}
      <ColumnCards
        db={db}
        status={status}
        column={props.column}
        state={live.state}
        failure={live.state === 'failed' ? live.message : undefined}
        filtered={props.locationIds !== undefined}
        cards={cards}
        pendingIds={pendingIds}
        shown={content?.issues.length ?? 0}
        total={content?.total ?? 0}
        locations={props.locations}
        people={props.people}
        now={props.now}
        onMore={showMore}
        onOpen={props.onOpen}
        onDragStart={props.onDragStart}
        onDragEnd={props.onDragEnd}
        onMoveMenu={props.onMoveMenu}
      />
    </Box>
  );
}

interface ColumnHeaderProps {
  headingId: string;
  status: WorkflowStatus;
  /** Undefined while counting. */
  total: number | undefined;
}

/** The status's name and count: rendered again only when the count changes. */
const ColumnHeader = memo(function ColumnHeader({ headingId, status, total }: ColumnHeaderProps) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', px: 1.5, pt: 1.25, pb: 1 }}>
      <Box
        aria-hidden="true"
        sx={{
          width: 10,
          height: 10,
          borderRadius: '50%',
          bgcolor: (theme) => {
            const color = statusColor(status.category);
            return color === 'default' ? theme.palette.text.disabled : theme.palette[color].main;
          },
        }}
      />
      <Typography id={headingId} variant="h3" component="h2" sx={{ flex: 1 }}>
        {status.name}
      </Typography>
      <Chip
        size="small"
        label={total === undefined ? '…' : formatCount(total)}
        aria-label={total === undefined ? 'Counting issues' : `${formatCount(total)} issues`}
      />
    </Stack>
  );
});

interface ColumnCardsProps {
  db: AppDatabase;
  status: WorkflowStatus;
  column: number;
  state: Live<unknown>['state'];
  failure: string | undefined;
  /** The board shows only some locations. */
  filtered: boolean;
  cards: readonly Issue[];
  pendingIds: ReadonlySet<string>;
  /** How many of the column's issues the live data holds, and how many there are. */
  shown: number;
  total: number;
  locations: LocationIndex;
  people: PeopleDirectory;
  now: number;
  onMore: () => void;
  onOpen: (issueId: string) => void;
  onDragStart: (issue: Issue) => void;
  onDragEnd: () => void;
  onMoveMenu: (issue: Issue, anchor: HTMLElement) => void;
}

/**
 * The cards and the "show more" button. Not rendered again while a card is dragged over the
 * board (only the drop zones change then), nor for a move elsewhere.
 *
 * Until the board shows every column's first data, only the cards that can be in view are
 * rendered: a start renders the fifty cards of four columns otherwise, most of them out of
 * view, before the board shows. The rest follow in the frame after (a transition, which
 * input interrupts), and from then on every card is rendered, for the arrow keys, scrolling
 * and drops alike.
 */
const ColumnCards = memo(function ColumnCards(props: ColumnCardsProps) {
  const { status, cards } = props;
  const hidden = props.total - props.shown;
  const boardShown = use(BoardShownContext);
  const [allRendered, setAllRendered] = useState(false);
  const inView = cardsInView(viewportHeight());
  const more = cards.length > inView;
  useEffect(() => {
    if (allRendered || !boardShown || !more) return;
    const frame = requestAnimationFrame(() => startTransition(() => setAllRendered(true)));
    return () => cancelAnimationFrame(frame);
  }, [allRendered, boardShown, more]);
  const rendered = allRendered || !more ? cards : cards.slice(0, inView);
  return (
    <Box data-card-column={props.column} sx={cardsSx}>
      {props.state === 'loading' && (
        <Stack spacing={1} aria-busy="true" aria-label={`Loading ${status.name}`}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} variant="rounded" height={92} />
          ))}
        </Stack>
      )}
      {props.failure !== undefined && (
        <Alert severity="error" variant="outlined">
          This column could not be loaded: {props.failure}
        </Alert>
      )}
      {props.state === 'ready' && cards.length === 0 && (
        <Typography
          color="text.secondary"
          variant="body2"
          sx={{ textAlign: 'center', py: 3, px: 1 }}
        >
          {props.filtered
            ? `No ${status.name} issues at this location`
            : `No ${status.name} issues`}
        </Typography>
      )}
      <ul className="issue-card-list">
        {rendered.map((issue) => (
          <li key={issue.id}>
            <IssueCard
              issue={issue}
              db={props.db}
              withSla={status.category !== 'done'}
              locations={props.locations}
              people={props.people}
              now={props.now}
              pending={props.pendingIds.has(issue.id)}
              column={props.column}
              onOpen={props.onOpen}
              onDragStart={props.onDragStart}
              onDragEnd={props.onDragEnd}
              onMoveMenu={props.onMoveMenu}
            />
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <Box sx={{ textAlign: 'center', pt: 1 }}>
          <Typography variant="caption" color="text.secondary" component="p">
            Showing the {formatCount(props.shown)} most recently updated of{' '}
            {formatCount(props.total)}
          </Typography>
          <Button size="small" onClick={props.onMore}>
            Show {formatCount(Math.min(PAGE_SIZE, hidden))} more
          </Button>
        </Box>
      )}
    </Box>
  );
});

const cardsSx = { flex: 1, minHeight: 80, overflowY: 'auto', px: 1, pb: 1 } as const;

/**
 * The look of the cards' lists and of every card in them (see IssueCard), added to the page
 * once for the board rather than computed again whenever a list renders.
 */
const cardListStyles = (theme: Theme) => ({
  '.issue-card-list': {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    ...issueCardStyles(theme),
  },
});

export const BoardCardStyles = memo(function BoardCardStyles() {
  return <GlobalStyles styles={cardListStyles} />;
});

const NO_IDS: ReadonlySet<string> = new Set();
const NO_CARDS = { cards: [] as readonly Issue[], arriving: 0, leaving: 0, pendingIds: NO_IDS };

export const BoardColumn = memo(BoardColumnView);
