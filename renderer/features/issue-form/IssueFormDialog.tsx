/**
 * Reporting a new issue, or editing one, in a dialog. Every field is checked with the core's
 * validators as it is typed (once touched) and on saving; nothing is saved while a field is
 * invalid; the core's own refusal is shown next to the field it names. A new issue's draft
 * survives closing the dialog until it is saved or cleared.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import {
  DESCRIPTION_MAX,
  ISSUE_TYPES,
  PRIORITIES,
  SEVERITY_MAX,
  SEVERITY_MIN,
  TITLE_MAX,
  type Issue,
  type Severity,
} from '../../../shared/domain';
import { isDomainError } from '../../../shared/validation/errors';
import { useReferenceData } from '../../app/reference-data';
import { useSession } from '../../app/session';
import { severityName, typeName } from '../../components/issue-format';
import { LocationPicker } from '../../components/LocationPicker';
import { TextCounter } from '../../components/TextCounter';
import { AssigneeField } from './AssigneeField';
import {
  checkIssuePatch,
  checkNewIssue,
  emptyValues,
  FORM_FIELDS,
  issuePatch,
  newIssueInput,
  refusalErrors,
  valuesOf,
  type FieldErrors,
  type FormField,
  type IssueFormValues,
} from './issue-form';

export type IssueFormMode =
  { kind: 'create'; defaultLocationId?: string } | { kind: 'edit'; issue: Issue };

export interface IssueFormDialogProps {
  open: boolean;
  mode: IssueFormMode;
  onClose: () => void;
  onSaved: (issue: Issue) => void;
  onGoToLocations: () => void;
}

const SEVERITIES = Array.from(
  { length: SEVERITY_MAX - SEVERITY_MIN + 1 },
  (_, i) => (SEVERITY_MIN + i) as Severity,
);

function initialValues(mode: IssueFormMode): IssueFormValues {
  return mode.kind === 'edit' ? valuesOf(mode.issue) : emptyValues(mode.defaultLocationId ?? null);
}

export function IssueFormDialog(props: IssueFormDialogProps) {
  const { commands, actor } = useSession();
  const { locations, people } = useReferenceData();
  const { mode } = props;
  const editing = mode.kind === 'edit' ? mode.issue : undefined;
  const formId = useId();
  const titleId = useId();

  const [values, setValues] = useState<IssueFormValues>(() => initialValues(mode));
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  // A new issue takes the board's location when the form is opened empty.
  const defaultLocation = mode.kind === 'create' ? (mode.defaultLocationId ?? null) : null;
  useEffect(() => {
    if (!props.open || mode.kind !== 'create') return;
    setValues((current) =>
      current.locationId === null && current.title === '' && defaultLocation !== null
        ? { ...current, locationId: defaultLocation }
        : current,
    );
  }, [props.open, mode.kind, defaultLocation]);

  const checked = useMemo(
    () => (editing ? checkIssuePatch(editing, values) : checkNewIssue(values)),
    [editing, values],
  );
  const dirty = useMemo(
    () =>
      editing
        ? Object.keys(issuePatch(editing, values)).length > 0
        : JSON.stringify(values) !== JSON.stringify(emptyValues(values.locationId)),
    [editing, values],
  );

  function errorOf(field: FormField): string | undefined {
    return refused[field] ?? (submitted || touched.has(field) ? checked[field] : undefined);
  }

  function change<K extends keyof IssueFormValues>(field: K, value: IssueFormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setRefused(({ [field]: _dropped, ...rest }) => rest);
    setGeneral(undefined);
    setConflict(false);
  }

  function blur(field: FormField) {
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  }

  function reset() {
    setValues(initialValues(mode));
    setTouched(new Set());
    setSubmitted(false);
    setRefused({});
    setGeneral(undefined);
    setConflict(false);
  }

  function focusFirstProblem(errors: FieldErrors) {
    const field = FORM_FIELDS.find((f) => errors[f] !== undefined);
    if (field) document.getElementById(`${formId}-${field}`)?.focus();
  }

  async function save(options: { overwrite?: boolean } = {}) {
    setSubmitted(true);
    if (Object.keys(checked).length > 0) {
      focusFirstProblem(checked);
      return;
    }
    if (editing && !dirty) {
      props.onClose();
      return;
    }
    setSaving(true);
    setGeneral(undefined);
    try {
      const saved = editing
        ? await commands.updateIssue(
            editing.id,
            issuePatch(editing, values),
            options.overwrite ? undefined : editing.version,
          )
        : await commands.createIssue(
            newIssueInput(values) as Parameters<typeof commands.createIssue>[0],
          );
      if (!editing) reset();
      props.onSaved(saved);
    } catch (error) {
      const refusal = refusalErrors(error);
      setRefused(refusal.fields);
      setGeneral(refusal.general);
      setConflict(isDomainError(error, 'conflict'));
      focusFirstProblem(refusal.fields);
    } finally {
      setSaving(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!saving) void save();
  }

  const noLocations = locations.flat.length === 0;
  const fieldId = (field: FormField) => `${formId}-${field}`;
  const helper = (field: FormField) => errorOf(field) ?? ' ';

  return (
    <Dialog
      open={props.open}
      onClose={saving ? undefined : props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <form onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        <DialogTitle id={titleId}>
          {editing ? `Edit issue: ${editing.title}` : 'Report an issue'}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={1} sx={{ pt: 1 }}>
            {noLocations && (
              <Alert
                severity="info"
                action={
                  <Button color="inherit" size="small" onClick={props.onGoToLocations}>
                    Locations
                  </Button>
                }
              >
                An issue is reported at a location. Add a site, an area or a line first.
              </Alert>
            )}
            {general !== undefined && (
              <Alert
                severity="error"
                action={
                  conflict ? (
                    <Button
                      color="inherit"
                      size="small"
                      onClick={() => void save({ overwrite: true })}
                    >
                      Save my changes anyway
                    </Button>
                  ) : undefined
                }
              >
                {general}
                {conflict &&
                  ' Saving anyway applies only the fields you changed; the other changes are kept.'}
              </Alert>
            )}
            <TextField
              id={fieldId('title')}
              label="Title"
              value={values.title}
              onChange={(event) => change('title', event.target.value)}
              onBlur={() => blur('title')}
              required
              autoFocus
              error={errorOf('title') !== undefined}
              helperText={helper('title')}
              slotProps={{
                input: { endAdornment: <TextCounter text={values.title} max={TITLE_MAX} /> },
              }}
            />
            <TextField
              id={fieldId('description')}
              label="Description"
              value={values.description}
              onChange={(event) => change('description', event.target.value)}
              onBlur={() => blur('description')}
              multiline
              minRows={3}
              maxRows={8}
              error={errorOf('description') !== undefined}
              helperText={
                <Stack
                  component="span"
                  direction="row"
                  sx={{ justifyContent: 'space-between', gap: 2 }}
                >
                  <span>{helper('description')}</span>
                  <TextCounter text={values.description} max={DESCRIPTION_MAX} />
                </Stack>
              }
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                id={fieldId('type')}
                select
                label="Type"
                value={values.type}
                onChange={(event) => change('type', event.target.value as IssueFormValues['type'])}
                error={errorOf('type') !== undefined}
                helperText={helper('type')}
                sx={{ flex: 1 }}
              >
                {ISSUE_TYPES.map((type) => (
                  <MenuItem key={type} value={type}>
                    {typeName(type)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                id={fieldId('priority')}
                select
                label="Priority"
                value={values.priority}
                onChange={(event) =>
                  change('priority', event.target.value as IssueFormValues['priority'])
                }
                error={errorOf('priority') !== undefined}
                helperText={helper('priority')}
                sx={{ flex: 1 }}
              >
                {[...PRIORITIES].reverse().map((priority) => (
                  <MenuItem key={priority} value={priority}>
                    {priority}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                id={fieldId('severity')}
                select
                label="Severity"
                value={values.severity}
                onChange={(event) => change('severity', Number(event.target.value) as Severity)}
                error={errorOf('severity') !== undefined}
                helperText={helper('severity')}
                sx={{ flex: 1 }}
              >
                {[...SEVERITIES].reverse().map((severity) => (
                  <MenuItem key={severity} value={severity}>
                    {severity} · {severityName(severity)}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            <LocationPicker
              id={fieldId('locationId')}
              index={locations}
              value={values.locationId}
              onChange={(id) => change('locationId', id)}
              onBlur={() => blur('locationId')}
              label="Location"
              required
              disabled={noLocations}
              error={errorOf('locationId') !== undefined}
              helperText={errorOf('locationId') ?? 'Type to search sites, areas and lines'}
            />
            <AssigneeField
              id={fieldId('assignee')}
              people={people}
              self={actor}
              value={values.assignee}
              onChange={(assignee) => change('assignee', assignee)}
              onBlur={() => blur('assignee')}
              error={errorOf('assignee')}
              helperText="Optional; the person who starts work is assigned otherwise"
            />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          {!editing && dirty && (
            <Button onClick={reset} disabled={saving} sx={{ mr: 'auto' }}>
              Clear form
            </Button>
          )}
          <Button onClick={props.onClose} disabled={saving}>
            {editing || !dirty ? 'Cancel' : 'Close, keep draft'}
          </Button>
          <Button type="submit" variant="contained" loading={saving} disabled={noLocations}>
            {editing ? 'Save changes' : 'Report issue'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
