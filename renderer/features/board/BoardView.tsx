/**
 * The Kanban board: a column per status of the default workflow, cards that move along the
 * workflow's legal transitions by drag and drop or by the "Move to…" menu, optimistically
 * (the card moves at once and snaps back if the core refuses), filtered by a location
 * subtree. Everything shown is live: changes made elsewhere appear as they happen.
 *
 * A drop must show within a frame, so a move renders only what it changes: the pending moves
 * are kept per column (a move replaces the lists of its two columns only), every callback
 * handed down is stable, and the header, the menu and the dialog are memoised.
 */
import AddIcon from '@mui/icons-material/Add';
import ViewKanbanOutlinedIcon from '@mui/icons-material/ViewKanbanOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { map } from 'rxjs';
import type { Issue } from '../../../shared/domain';
import { afterFirstScreen, announceFirstScreen } from '../../app/first-screen';
import { useLive } from '../../app/live';
import { useNotify } from '../../app/notifications';
import { useReferenceData, workflowOf } from '../../app/reference-data';
import { useSession } from '../../app/session';
import { messageOf } from '../../components/field-problems';
import { LocationPicker } from '../../components/LocationPicker';
import { EmptyState, ErrorState } from '../../components/StateViews';
import { deferredComponent } from '../../components/deferred';
import { useNow } from '../../components/use-now';
import { planMove, type MovePlan } from './board-logic';
import { BoardCardStyles, BoardColumn, type DropHint } from './BoardColumn';
import { BoardShownContext } from './IssueCard';
import { NO_MOVES, withMove, withoutMove, type PendingByColumn } from './pending-moves';
import type { LocationIndex } from '../locations/location-tree';

export interface BoardViewProps {
  /** Show only this location and everything below it. */
  locationId: string | undefined;
  onLocationChange: (locationId: string | undefined) => void;
  onOpenIssue: (issueId: string) => void;
  onCreateIssue: () => void;
  onGoToLocations: () => void;
}

type Move = Extract<MovePlan, { kind: 'move' }>;

const ACCEPT: DropHint = { kind: 'accept' };
const NO_HINTS: ReadonlyMap<string, DropHint> = new Map();

export function BoardView(props: BoardViewProps) {
  const { db, actor, commands, bridge } = useSession();
  const reference = useReferenceData();
  const notify = useNotify();
  const now = useNow();
  const workflow = reference.defaultWorkflow;
  const { locations } = reference;

  const [dragging, setDragging] = useState<Issue | null>(null);
  // The drop handler reads the dragged card here, so that it stays the same function.
  const draggingRef = useRef<Issue | null>(null);
  const [pending, setPending] = useState<PendingByColumn>(() => new Map());
  const [asking, setAsking] = useState<{ issue: Issue; plan: Move } | null>(null);
  const [menu, setMenu] = useState<{ issue: Issue; anchor: HTMLElement } | null>(null);

  // The shell's callbacks change with the route; the cards get stable ones that call them.
  const latest = useRef(props);
  latest.current = props;
  const openIssue = useCallback((issueId: string) => latest.current.onOpenIssue(issueId), []);
  const changeLocation = useCallback(
    (locationId: string | null) => latest.current.onLocationChange(locationId ?? undefined),
    [],
  );

  const locationIds = useMemo(
    () => (props.locationId === undefined ? undefined : locations.subtreeIds(props.locationId)),
    [locations, props.locationId],
  );
  // One issue read, not all of them counted (IndexedDB counts by walking its index).
  const anyIssue = useLive(() => db.issues.findOne().$.pipe(map((doc) => doc !== null)), [db]);

  // Once every column shows its first data, the platform may start what waited for it. The
  // cards' markers and badges are read after that too, and the cards out of view rendered
  // (BoardShownContext).
  const loadedColumns = useRef(new Set<string>());
  const [columnsLoaded, setColumnsLoaded] = useState(false);
  const onColumnLoaded = useCallback(
    (statusId: string) => {
      loadedColumns.current.add(statusId);
      if (workflow.statuses.every((status) => loadedColumns.current.has(status.id))) {
        setColumnsLoaded(true);
        announceFirstScreen(bridge);
      }
    },
    [bridge, workflow],
  );

  useEffect(() => {
    void afterFirstScreen(PRELOAD_LATEST_MS).then(() =>
      Promise.all([MoveMenu.preload(), CommentDialog.preload()]),
    );
  }, []);

  // The location filter joins the header in the frame after the columns show their data (a
  // transition, which input interrupts): its Autocomplete is the costliest part of the header,
  // rendered twice as it mounts, and the first screen is the cards.
  const [filterShown, setFilterShown] = useState(false);
  useEffect(() => {
    if (!columnsLoaded || filterShown) return;
    const frame = requestAnimationFrame(() => startTransition(() => setFilterShown(true)));
    return () => cancelAnimationFrame(frame);
  }, [columnsLoaded, filterShown]);

  const settle = useCallback((issueId: string) => {
    setPending((current) => withoutMove(current, issueId));
  }, []);

  const take = useCallback(
    async (issue: Issue, plan: Move, resolutionComment?: string) => {
      await commands.transition(
        issue.id,
        plan.transition.id,
        resolutionComment === undefined ? undefined : { resolutionComment },
      );
      notify(`"${issue.title}" moved to ${plan.target.name}.`, 'success');
    },
    [commands, notify],
  );

  const move = useCallback(
    (issue: Issue, toStatus: string) => {
      const plan = planMove(workflowOf(reference, issue.workflowId), issue, toStatus, actor);
      if (plan.kind === 'stay') return;
      if (plan.kind === 'refused') {
        notify(`"${issue.title}" was not moved. ${plan.message}`, 'warning');
        return;
      }
      setPending((current) => withMove(current, { issue, from: issue.status, to: toStatus }));
      if (plan.needsComment) {
        setAsking({ issue, plan });
        return;
      }
      take(issue, plan).catch((error: unknown) => {
        settle(issue.id);
        notify(`"${issue.title}" was not moved. ${messageOf(error)}`, 'error');
      });
    },
    [reference, actor, notify, take, settle],
  );

  const onDropIssue = useCallback(
    (issueId: string, toStatus: string) => {
      const dragged = draggingRef.current;
      draggingRef.current = null;
      // The card moves at once; the drop zones' outlines go in the render after.
      startTransition(() => setDragging(null));
      if (dragged?.id === issueId) {
        move(dragged, toStatus);
        return;
      }
      // Dragged from another window: read the issue as it is now.
      db.issues
        .findOne(issueId)
        .exec()
        .then((doc) => {
          if (doc) move(doc.toMutableJSON(), toStatus);
        })
        .catch((error: unknown) => notify(messageOf(error), 'error'));
    },
    [db, move, notify],
  );

  const onDragStart = useCallback((issue: Issue) => {
    draggingRef.current = issue;
    setDragging(issue);
  }, []);
  const onDragEnd = useCallback(() => {
    draggingRef.current = null;
    startTransition(() => setDragging(null));
  }, []);
  const onMoveMenu = useCallback(
    (issue: Issue, anchor: HTMLElement) => setMenu({ issue, anchor }),
    [],
  );
  const closeMenu = useCallback(() => setMenu(null), []);

  const cancelComment = useCallback(() => {
    if (asking) settle(asking.issue.id);
    setAsking(null);
  }, [asking, settle]);
  const submitComment = useCallback(
    async (comment: string) => {
      if (!asking) return;
      await take(asking.issue, asking.plan, comment);
      setAsking(null);
    },
    [asking, take],
  );

  const hints = useMemo(() => {
    if (!dragging) return NO_HINTS;
    const result = new Map<string, DropHint>();
    const issueWorkflow = workflowOf(reference, dragging.workflowId);
    for (const status of workflow.statuses) {
      const plan = planMove(issueWorkflow, dragging, status.id, actor);
      result.set(
        status.id,
        plan.kind === 'move'
          ? ACCEPT
          : plan.kind === 'refused'
            ? { kind: 'refuse', message: plan.message }
            : undefined,
      );
    }
    return result;
  }, [dragging, reference, workflow, actor]);

  if (reference.failure !== undefined) {
    return <ErrorState title="The board could not be shown" message={reference.failure} />;
  }

  const noLocations = reference.loaded && locations.flat.length === 0;
  const noIssues = anyIssue.state === 'ready' && !anyIssue.value;

  return (
    <Stack spacing={2} sx={{ height: '100%', minHeight: 0 }}>
      <BoardHeader
        workflowName={workflow.name}
        filterShown={filterShown}
        locations={locations}
        locationId={props.locationId ?? null}
        onLocationChange={changeLocation}
      />

      {noIssues && (
        <EmptyState
          icon={<ViewKanbanOutlinedIcon />}
          title={noLocations ? 'Set up your plant first' : 'No issues yet'}
          action={
            noLocations ? (
              <Button variant="contained" onClick={props.onGoToLocations}>
                Add a site
              </Button>
            ) : (
              <Button variant="contained" startIcon={<AddIcon />} onClick={props.onCreateIssue}>
                Report an issue
              </Button>
            )
          }
        >
          {noLocations
            ? 'Every issue is reported at a location. Add your sites, their areas and lines, then report the first issue.'
            : 'Issues reported on this device, or synced from your team, appear here as soon as they are saved. Press C to report one.'}
        </EmptyState>
      )}

      <Box
        role="region"
        aria-label={`${workflow.name} workflow board`}
        sx={{
          flex: 1,
          minHeight: 0,
          display: 'flex',
          gap: 1.5,
          overflowX: 'auto',
          pb: 1,
        }}
      >
        <BoardCardStyles />
        <BoardShownContext value={columnsLoaded}>
          {workflow.statuses.map((status, column) => (
            <BoardColumn
              key={status.id}
              db={db}
              status={status}
              column={column}
              locationIds={locationIds}
              locations={locations}
              people={reference.people}
              now={now}
              moves={pending.get(status.id) ?? NO_MOVES}
              dropHint={hints.get(status.id)}
              onSettled={settle}
              onLoaded={onColumnLoaded}
              onDropIssue={onDropIssue}
              onOpen={openIssue}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onMoveMenu={onMoveMenu}
            />
          ))}
        </BoardShownContext>
      </Box>

      <StableMoveToMenu
        active={menu !== null}
        anchor={menu?.anchor ?? null}
        issue={menu?.issue ?? null}
        workflow={menu ? workflowOf(reference, menu.issue.workflowId) : workflow}
        actor={actor}
        onClose={closeMenu}
        onMove={move}
      />

      <StableCommentDialog
        active={asking !== null}
        open={asking !== null}
        issueTitle={asking?.issue.title ?? ''}
        transitionName={asking?.plan.transition.name ?? ''}
        targetName={asking?.plan.target.name ?? ''}
        onCancel={cancelComment}
        onSubmit={submitComment}
      />
    </Stack>
  );
}

// The menu and the dialog load when first opened, or once the first screen is shown.
const MoveMenu = deferredComponent(() =>
  import('./MoveToMenu').then((module) => module.MoveToMenu),
);
const CommentDialog = deferredComponent(() =>
  import('../../components/TransitionCommentDialog').then(
    (module) => module.TransitionCommentDialog,
  ),
);
/** The latest the menu's and the dialog's code wait for the first screen. */
const PRELOAD_LATEST_MS = 10_000;
const StableMoveToMenu = memo(MoveMenu.Deferred);
const StableCommentDialog = memo(CommentDialog.Deferred);

interface BoardHeaderProps {
  workflowName: string;
  /** The location filter is shown (its place is kept until then). */
  filterShown: boolean;
  locations: LocationIndex;
  locationId: string | null;
  onLocationChange: (locationId: string | null) => void;
}

/** The height of the small location field, kept for it until it shows. */
const FILTER_HEIGHT_PX = 40;

/** The title and the location filter: the same on every move, so rendered only when they change. */
const BoardHeader = memo(function BoardHeader(props: BoardHeaderProps) {
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}
    >
      <Box>
        <Typography variant="h1">Board</Typography>
        <Typography variant="body2" color="text.secondary">
          {props.workflowName} workflow · drag a card, or use its “Move to…” menu
        </Typography>
      </Box>
      <Box sx={{ width: { xs: '100%', sm: 360 }, minHeight: FILTER_HEIGHT_PX }}>
        {props.filterShown && (
          <LocationPicker
            index={props.locations}
            value={props.locationId}
            onChange={props.onLocationChange}
            label="Location"
            emptyText="All locations"
            size="small"
            ariaLabel="Show issues at location"
          />
        )}
      </Box>
    </Stack>
  );
});
