/**
 * Adding a site, an area inside a site or a line inside an area, or renaming one and setting
 * its time zone. Checked with the core's validators as it is typed; the core's refusal is
 * shown next to the field it names.
 */
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { LocationPatch, NewLocationInput } from '../../../shared/core/commands';
import { CHILD_KIND, NAME_MAX, type Location, type LocationKind } from '../../../shared/domain';
import { validateLocationPatch, validateNewLocation } from '../../../shared/validation';
import { useSession } from '../../app/session';
import { refusalOf } from '../../components/field-problems';
import { TextCounter } from '../../components/TextCounter';
import { kindName, type LocationIndex } from './location-tree';
import { timeZones } from './time-zones';

export type LocationDialogMode =
  { kind: 'create'; parent?: Location } | { kind: 'edit'; location: Location };

const FIELDS = ['name', 'timeZone', 'parentId', 'kind'] as const;
type Errors = Partial<Record<(typeof FIELDS)[number], string>>;

function errorsOf(error: unknown): { fields: Errors; general?: string } {
  const refusal = refusalOf(error, FIELDS);
  return refusal.general === undefined
    ? { fields: refusal.fields }
    : { fields: refusal.fields, general: refusal.general };
}

export function LocationDialog({
  mode,
  index,
  onClose,
  onSaved,
}: {
  mode: LocationDialogMode;
  index: LocationIndex;
  onClose: () => void;
  onSaved: (location: Location) => void;
}) {
  const { commands } = useSession();
  const titleId = useId();
  const editing = mode.kind === 'edit' ? mode.location : undefined;
  const parent = mode.kind === 'create' ? mode.parent : undefined;
  const kind: LocationKind =
    editing?.kind ?? (parent ? (CHILD_KIND[parent.kind] ?? 'line') : 'site');
  const [name, setName] = useState(editing?.name ?? '');
  const [timeZone, setTimeZone] = useState<string | null>(editing?.timeZone ?? null);
  const [touched, setTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<{ fields: Errors; general?: string }>({ fields: {} });
  const [saving, setSaving] = useState(false);

  const inherited = parent
    ? index.timeZoneOf(parent.id)
    : editing?.parentId !== undefined
      ? index.timeZoneOf(editing.parentId)
      : undefined;

  const input = useMemo((): NewLocationInput | LocationPatch => {
    if (editing) {
      const patch: LocationPatch = {};
      if (name !== editing.name) patch.name = name;
      if (timeZone !== (editing.timeZone ?? null)) patch.timeZone = timeZone;
      return patch;
    }
    return {
      name,
      kind,
      ...(parent && { parentId: parent.id }),
      ...(timeZone !== null && { timeZone }),
    };
  }, [editing, name, timeZone, kind, parent]);

  const checked = useMemo((): Errors => {
    try {
      if (editing) validateLocationPatch(input);
      else validateNewLocation(input, (id) => index.byId.get(id));
      return {};
    } catch (error) {
      return errorsOf(error).fields;
    }
  }, [editing, input, index]);

  const show = touched || submitted;
  const nameError = refused.fields.name ?? (show ? checked.name : undefined);
  const zoneError = refused.fields.timeZone ?? (show ? checked.timeZone : undefined);
  const other =
    refused.fields.parentId ??
    refused.fields.kind ??
    refused.general ??
    (submitted ? (checked.parentId ?? checked.kind) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(checked).length > 0 || saving) return;
    if (editing && Object.keys(input).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    try {
      const saved = editing
        ? await commands.updateLocation(editing.id, input)
        : await commands.createLocation(input as NewLocationInput);
      onSaved(saved);
    } catch (error) {
      setRefused(errorsOf(error));
    } finally {
      setSaving(false);
    }
  }

  const title = editing
    ? `Edit ${kindName(kind).toLowerCase()}: ${editing.name}`
    : parent
      ? `Add ${kind === 'area' ? 'an area' : 'a line'} to ${parent.name}`
      : 'Add a site';

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      fullWidth
      maxWidth="xs"
      aria-labelledby={titleId}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={1.5} sx={{ pt: 0.5 }}>
            {parent && (
              <DialogContentText variant="body2">
                Inside {index.pathName(parent.id)}
              </DialogContentText>
            )}
            {other !== undefined && <Alert severity="error">{other}</Alert>}
            <TextField
              label={`${kindName(kind)} name`}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setTouched(true);
                setRefused({ fields: {} });
              }}
              required
              autoFocus
              error={nameError !== undefined}
              helperText={nameError ?? ' '}
              slotProps={{ input: { endAdornment: <TextCounter text={name} max={NAME_MAX} /> } }}
            />
            <Autocomplete
              options={timeZones()}
              value={timeZone}
              onChange={(_event, zone) => {
                setTimeZone(zone);
                setTouched(true);
                setRefused({ fields: {} });
              }}
              disableClearable={kind === 'site' && editing?.timeZone !== undefined}
              autoHighlight
              renderInput={(params) => (
                <TextField
                  {...params}
                  label="Time zone"
                  placeholder={inherited ? `Inherited: ${inherited}` : 'Search, e.g. Europe/Berlin'}
                  error={zoneError !== undefined}
                  helperText={
                    zoneError ??
                    (kind === 'site'
                      ? 'Escalation clocks and business hours of the site count in this zone.'
                      : 'Leave empty to use the time zone of the location it is in.')
                  }
                />
              )}
            />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={saving}>
            {editing ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
