/**
 * One column of the board: a workflow status with its count, its most recently updated
 * cards (more on request) and the drop zone. While a card is dragged the column says
 * whether it would accept it.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useMemo, useState, type DragEvent } from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import type { Issue, WorkflowStatus } from '../../../shared/domain';
import { useLive } from '../../app/live';
import { useEscalatedIssueIds } from '../../app/live-data';
import { describeAge, formatAge, formatCount, statusColor } from '../../components/issue-format';
import type { LocationIndex } from '../locations/location-tree';
import { columnContent } from './column-query';
import { ISSUE_DRAG_TYPE, IssueCard } from './IssueCard';

export const PAGE_SIZE = 50;

/** A move the user made that the core has not confirmed yet. */
export interface PendingMove {
  issue: Issue;
  from: string;
  to: string;
}

/** What the column would do with the card being dragged. */
export type DropHint = { kind: 'accept' } | { kind: 'refuse'; message: string } | undefined;

export interface BoardColumnProps {
  db: AppDatabase;
  status: WorkflowStatus;
  column: number;
  locationIds: readonly string[] | undefined;
  locations: LocationIndex;
  now: number;
  pending: ReadonlyMap<string, PendingMove>;
  dropHint: DropHint;
  onSettled: (issueId: string) => void;
  onDropIssue: (issueId: string, toStatus: string) => void;
  onOpen: (issueId: string) => void;
  onDragStart: (issue: Issue) => void;
  onDragEnd: () => void;
  onMoveMenu: (issue: Issue, anchor: HTMLElement) => void;
}

export function BoardColumn(props: BoardColumnProps) {
  const { db, status, pending, onSettled } = props;
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [over, setOver] = useState(false);
  const headingId = useId();
  const locationKey = props.locationIds?.join('\n');
  const live = useLive(
    () => columnContent(db, status.id, props.locationIds, limit),
    // locationKey stands for props.locationIds by content.
    [db, status.id, locationKey, limit],
  );
  const content = live.state === 'ready' ? live.value : undefined;

  // A pending move is settled once the live data shows where the issue really is.
  useEffect(() => {
    if (!content) return;
    for (const issue of content.issues) {
      const move = pending.get(issue.id);
      if (!move) continue;
      if (issue.status === move.to || issue.version > move.issue.version) onSettled(issue.id);
    }
  }, [content, pending, onSettled]);

  // Cards moved here are shown at once, and cards moved away are gone at once, until the
  // live data confirms the move (or the move is refused and they snap back).
  const { cards, arriving, leaving } = useMemo(() => {
    if (!content) return { cards: [], arriving: 0, leaving: 0 };
    const incoming = [...pending.values()]
      .filter(
        (move) => move.to === status.id && !content.issues.some((i) => i.id === move.issue.id),
      )
      .map((move) => ({ ...move.issue, status: status.id }));
    const staying = content.issues.filter((issue) => {
      const move = pending.get(issue.id);
      return !move || move.to === status.id;
    });
    return {
      cards: [...incoming, ...staying],
      arriving: incoming.length,
      leaving: content.issues.length - staying.length,
    };
  }, [content, pending, status.id]);

  const escalated = useEscalatedIssueIds(
    db,
    useMemo(() => cards.map((card) => card.id), [cards]),
  );

  const total = content ? content.total + arriving - leaving : undefined;
  const hidden = content ? content.total - content.issues.length : 0;
  const hint = props.dropHint;

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
      {hint?.kind === 'refuse' && (
        <Typography variant="caption" color="text.secondary" sx={{ px: 1.5, pb: 1 }}>
          {hint.message}
        </Typography>
      )}
      <Box
        data-card-column={props.column}
        sx={{ flex: 1, minHeight: 80, overflowY: 'auto', px: 1, pb: 1 }}
      >
        {live.state === 'loading' && (
          <Stack spacing={1} aria-busy="true" aria-label={`Loading ${status.name}`}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} variant="rounded" height={92} />
            ))}
          </Stack>
        )}
        {live.state === 'failed' && (
          <Alert severity="error" variant="outlined">
            This column could not be loaded: {live.message}
          </Alert>
        )}
        {content && cards.length === 0 && (
          <Typography
            color="text.secondary"
            variant="body2"
            sx={{ textAlign: 'center', py: 3, px: 1 }}
          >
            {props.locationIds
              ? `No ${status.name} issues at this location`
              : `No ${status.name} issues`}
          </Typography>
        )}
        <Stack component="ul" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {cards.map((issue, row) => (
            <li key={issue.id}>
              <IssueCard
                issue={issue}
                {...(status.category !== 'done' && { slaDb: db })}
                locationName={props.locations.pathName(issue.locationId)}
                age={formatAge(issue.reportedAt, props.now)}
                ageWords={describeAge(issue.reportedAt, props.now)}
                escalated={escalated.has(issue.id)}
                pending={pending.has(issue.id)}
                column={props.column}
                row={row}
                onOpen={props.onOpen}
                onDragStart={props.onDragStart}
                onDragEnd={props.onDragEnd}
                onMoveMenu={props.onMoveMenu}
              />
            </li>
          ))}
        </Stack>
        {hidden > 0 && (
          <Box sx={{ textAlign: 'center', pt: 1 }}>
            <Typography variant="caption" color="text.secondary" component="p">
              Showing the {formatCount(content?.issues.length ?? 0)} most recently updated of{' '}
              {formatCount(content?.total ?? 0)}
            </Typography>
            <Button size="small" onClick={() => setLimit((n) => n + PAGE_SIZE)}>
              Show {formatCount(Math.min(PAGE_SIZE, hidden))} more
            </Button>
          </Box>
        )}
      </Box>
    </Box>
  );
}
