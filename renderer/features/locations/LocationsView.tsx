/**
 * The plant's locations: the site → area → line tree, searchable, with the selected
 * location's details, adding and editing (name, time zone), and a way to see its issues on
 * the board (the location and everything below it).
 */
import AddIcon from '@mui/icons-material/Add';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import FactoryOutlinedIcon from '@mui/icons-material/FactoryOutlined';
import ViewKanbanOutlinedIcon from '@mui/icons-material/ViewKanbanOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { CHILD_KIND, type Location } from '../../../shared/domain';
import { useLive } from '../../app/live';
import { useNotify } from '../../app/notifications';
import { useReferenceData } from '../../app/reference-data';
import { useSession } from '../../app/session';
import { formatCount } from '../../components/issue-format';
import { canSetUp, SetupAction } from '../../components/SetupAction';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { liveCountOfAny } from '../board/column-query';
import { LocationDialog, type LocationDialogMode } from './LocationDialog';
import { kindName, searchLocations, type LocationIndex } from './location-tree';
import { LocationTree } from './LocationTree';

export interface LocationsViewProps {
  onShowOnBoard: (locationId: string) => void;
}

export function LocationsView({ onShowOnBoard }: LocationsViewProps) {
  const reference = useReferenceData();
  const notify = useNotify();
  const { actor } = useSession();
  const allowed = canSetUp(actor);
  const index = reference.locations;
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<LocationDialogMode | null>(null);

  const visibleIds = useMemo(() => {
    if (search.trim() === '') return undefined;
    const ids = new Set<string>();
    for (const node of searchLocations(index, search)) {
      let current: Location | undefined = node.location;
      while (current && !ids.has(current.id)) {
        ids.add(current.id);
        current = current.parentId === undefined ? undefined : index.byId.get(current.parentId);
      }
    }
    return ids;
  }, [index, search]);

  const selected = selectedId === undefined ? undefined : index.byId.get(selectedId);

  if (reference.failure !== undefined) {
    return <ErrorState title="The locations could not be shown" message={reference.failure} />;
  }
  if (!reference.loaded) return <LoadingState label="Reading the locations…" />;

  const dialogView = dialog && allowed && (
    <LocationDialog
      mode={dialog}
      index={index}
      onClose={() => setDialog(null)}
      onSaved={(location) => {
        setDialog(null);
        setSelectedId(location.id);
        notify(
          dialog.kind === 'edit' ? `${location.name} saved.` : `${location.name} added.`,
          'success',
        );
      }}
    />
  );

  /** Adding a site: for supervisors and admins; shown disabled, with the reason, to others. */
  const addSite = (variant: 'contained' | 'outlined') => (
    <SetupAction allowed={allowed}>
      <Button
        variant={variant}
        startIcon={<AddIcon />}
        onClick={() => setDialog({ kind: 'create' })}
      >
        Add a site
      </Button>
    </SetupAction>
  );

  if (index.flat.length === 0) {
    return (
      <Stack spacing={2}>
        <Typography variant="h1">Locations</Typography>
        <EmptyState
          icon={<FactoryOutlinedIcon />}
          title="No locations yet"
          action={addSite('contained')}
        >
          Issues are reported at a site, an area of a site or a line of an area.{' '}
          {allowed
            ? 'Start with your first site, for example the plant’s name.'
            : 'A supervisor or an admin sets them up.'}
        </EmptyState>
        {dialogView}
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Box>
          <Typography variant="h1">Locations</Typography>
          <Typography variant="body2" color="text.secondary">
            {formatCount(index.flat.length)} locations: sites, their areas and lines
          </Typography>
        </Box>
        {addSite('outlined')}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Paper variant="outlined" sx={{ flex: '1 1 360px', p: 1.5, width: '100%' }}>
          <TextField
            size="small"
            fullWidth
            label="Search locations"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            sx={{ mb: 1 }}
          />
          {visibleIds?.size === 0 ? (
            <Typography color="text.secondary" variant="body2" sx={{ p: 1 }}>
              No location matches “{search.trim()}”.
            </Typography>
          ) : (
            <LocationTree
              index={index}
              {...(visibleIds && { visibleIds })}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          )}
        </Paper>
        <Paper variant="outlined" sx={{ flex: '1 1 360px', p: 2, width: '100%' }}>
          {selected ? (
            <LocationDetails
              location={selected}
              index={index}
              allowed={allowed}
              onEdit={() => setDialog({ kind: 'edit', location: selected })}
              onAddChild={() => setDialog({ kind: 'create', parent: selected })}
              onShowOnBoard={() => onShowOnBoard(selected.id)}
            />
          ) : (
            <Typography color="text.secondary">
              Select a location to see its details, add an area or a line to it, or see its issues
              on the board.
            </Typography>
          )}
        </Paper>
      </Stack>
      {dialogView}
    </Stack>
  );
}

function LocationDetails({
  location,
  index,
  allowed,
  onEdit,
  onAddChild,
  onShowOnBoard,
}: {
  location: Location;
  index: LocationIndex;
  /** Whether the actor may change locations (see SetupAction). */
  allowed: boolean;
  onEdit: () => void;
  onAddChild: () => void;
  onShowOnBoard: () => void;
}) {
  const { db } = useSession();
  const subtree = useMemo(() => index.subtreeIds(location.id), [index, location.id]);
  const issues = useLive(
    () => liveCountOfAny(db.issues, 'locationId', subtree),
    [db, subtree.join('\n')],
  );
  const childKind = CHILD_KIND[location.kind];
  const zone = location.timeZone;
  const inherited = zone === undefined ? index.timeZoneOf(location.id) : undefined;
  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="h2">{location.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {kindName(location.kind)} · {index.pathName(location.id)}
        </Typography>
      </Box>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          m: 0,
        }}
      >
        <Typography component="dt" variant="body2" color="text.secondary">
          Time zone
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0 }}>
          {zone ?? (inherited ? `${inherited} (inherited)` : 'Not set: escalation clocks use UTC')}
        </Typography>
        <Typography component="dt" variant="body2" color="text.secondary">
          Issues here and below
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0 }}>
          {issues.state === 'ready'
            ? formatCount(issues.value)
            : issues.state === 'failed'
              ? issues.message
              : '…'}
        </Typography>
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button variant="contained" startIcon={<ViewKanbanOutlinedIcon />} onClick={onShowOnBoard}>
          Show on board
        </Button>
        <SetupAction allowed={allowed}>
          <Button variant="outlined" startIcon={<EditOutlinedIcon />} onClick={onEdit}>
            Edit
          </Button>
        </SetupAction>
        {childKind && (
          <SetupAction allowed={allowed}>
            <Button variant="outlined" startIcon={<AddIcon />} onClick={onAddChild}>
              Add {childKind === 'area' ? 'an area' : 'a line'}
            </Button>
          </SetupAction>
        )}
      </Stack>
    </Stack>
  );
}
