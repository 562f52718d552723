/**
 * The form of one rule: name, scope, clock, levels with their actions, repeat. Checked as one
 * types with the core's own validation (problems appear under their fields once touched, all
 * of them after a save attempt), saved as a new version, refusals shown where they belong,
 * and previewed against the current issues before saving.
 */
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useState, type ReactNode } from 'react';
import type { AppCommands } from '../../../shared/core/commands';
import type { AppDatabase } from '../../../shared/core/database';
import { formatDelay } from '../../../shared/core/escalation/alerts';
import { ruleValidationOptions } from '../../../shared/core/escalation/rule-context';
import {
  ISSUE_TYPES,
  PRIORITIES,
  ROLES,
  STATUS_CATEGORIES,
  type IssueType,
  type Priority,
  type Role,
  type Severity,
} from '../../../shared/domain';
import {
  CLOCK_START_EVENTS,
  ESCALATION_ACTION_TYPES,
  type ClockStartEvent,
  type ClockStop,
  type EscalationAction,
  type EscalationActionType,
  type EscalationLevel,
  type EscalationRule,
  type EscalationRuleDraft,
  type FieldMapping,
  type NotifyRecipient,
} from '../../../shared/escalation';
import { DomainError } from '../../../shared/validation/errors';
import { typeName } from '../../components/issue-format';
import {
  ACTION_LABELS,
  blankDraft,
  CLOCK_START_LABELS,
  clockStartOf,
  draftOf,
  draftProblems,
  mappingText,
  newAction,
  newLevel,
  parseMappingText,
  problemAt,
  problemsOf,
  type Problems,
} from './rule-form';
import type { PeopleDirectory } from '../../app/people';
import { useLivePeople } from '../../app/reference-data';
import { AssigneeField } from '../issue-form/AssigneeField';
import { RulePreviewPanel } from './RulePreviewPanel';
import { locationPath, type RulesData } from './use-rules-data';

const MIN = 60_000;
const SEVERITIES: Severity[] = [1, 2, 3, 4, 5];

export interface RuleEditorDialogProps {
  db: AppDatabase;
  commands: Pick<AppCommands, 'saveEscalationRule'>;
  /** The rule to edit (its newest version); absent for a new rule. */
  rule?: EscalationRule;
  data: RulesData;
  onClose: () => void;
  onSaved: (rule: EscalationRule) => void;
}

interface Option {
  value: string;
  label: string;
}

export function RuleEditorDialog(props: RuleEditorDialogProps) {
  const { rule, data } = props;
  const titleId = useId();
  const [draft, setDraft] = useState<EscalationRuleDraft>(() =>
    rule ? draftOf(rule) : blankDraft(),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<{ problems: Problems; message: string } | null>(null);
  const [localProblems, setLocalProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const people = useLivePeople(props.db);

  const options = useMemo(
    () => ruleValidationOptions(data.workflows, data.locations, Date.now()),
    [data.workflows, data.locations],
  );
  const checked = useMemo(() => draftProblems(draft, options), [draft, options]);
  const statusOptions = useMemo<Option[]>(() => {
    const seen = new Map<string, string>();
    for (const workflow of data.workflows) {
      for (const status of workflow.statuses)
        if (!seen.has(status.id)) seen.set(status.id, status.name);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [data.workflows]);
  const locationOptions = useMemo<Option[]>(() => {
    const byId = new Map(data.locations.map((l) => [l.id, l]));
    return data.locations
      .map((l) => ({ value: l.id, label: locationPath(byId, l.id) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [data.locations]);

  /**
   * The problem shown under a field: the server's, a local one, or the check's once the field
   * (or what holds it) was touched, or after a save attempt. `exact`: only the field's own,
   * not those of what it holds.
   */
  function problem(path: string, exact = false): string | undefined {
    const find = (problems: Problems) => (exact ? problems.get(path) : problemAt(problems, path));
    const server = refused === null ? undefined : find(refused.problems);
    if (server !== undefined) return server;
    const local = find(localProblems);
    if (local !== undefined) return local;
    const shown = attempted || [...touched].some((t) => t.startsWith(path) || path.startsWith(t));
    return shown ? find(checked) : undefined;
  }

  function update(path: string, change: (draft: EscalationRuleDraft) => EscalationRuleDraft) {
    setDraft((current) => change(current));
    setTouched((current) => new Set(current).add(path));
    setRefused(null);
  }

  function setLocalProblem(path: string, message: string | undefined) {
    setLocalProblems((current) => {
      const next = new Map(current);
      if (message === undefined) next.delete(path);
      else next.set(path, message);
      return next;
    });
  }

  async function save() {
    setAttempted(true);
    if (checked.size > 0 || localProblems.size > 0) return;
    setSaving(true);
    try {
      const saved = await props.commands.saveEscalationRule(draft, rule?.id, rule?.version);
      props.onSaved(saved);
    } catch (error) {
      const problems = problemsOf(error);
      const domain = error instanceof DomainError ? error : DomainError.fromJSON(error);
      setRefused({
        problems,
        message: domain?.message ?? (error instanceof Error ? error.message : String(error)),
      });
    } finally {
      setSaving(false);
    }
  }

  const levels = draft.levels;
  const problemCount = checked.size + localProblems.size;
  const setScope = (path: string, scope: Partial<EscalationRuleDraft['scope']>) =>
    update(path, (d) => ({ ...d, scope: { ...d.scope, ...scope } }));
  const setClock = (path: string, clock: Partial<EscalationRuleDraft['clock']>) =>
    update(path, (d) => ({ ...d, clock: { ...d.clock, ...clock } }));
  const setRepeat = (path: string, repeat: Partial<NonNullable<EscalationRuleDraft['repeat']>>) =>
    update(path, (d) =>
      d.repeat === undefined ? d : { ...d, repeat: { ...d.repeat, ...repeat } },
    );
  const setLevel = (index: number, path: string, level: Partial<EscalationLevel>) =>
    update(path, (d) => ({
      ...d,
      levels: d.levels.map((l, i) => (i === index ? { ...l, ...level } : l)),
    }));

  return (
    <Dialog
      open
      fullWidth
      maxWidth="md"
      scroll="paper"
      onClose={props.onClose}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{rule ? `Edit “${rule.name}”` : 'New escalation rule'}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={3}>
          {refused !== null && (
            <Alert severity="error" role="alert">
              {refused.message}
            </Alert>
          )}
          {rule && (
            <Typography variant="body2" color="text.secondary">
              Saving makes version {rule.version + 1}. Clocks already running keep the version they
              started with.
            </Typography>
          )}

          <Section title="Rule">
            <TextField
              label="Name"
              required
              value={draft.name}
              onChange={(e) => update('name', (d) => ({ ...d, name: e.target.value }))}
              error={problem('name') !== undefined}
              helperText={problem('name')}
              fullWidth
            />
            <TextField
              label="Description"
              value={draft.description}
              onChange={(e) =>
                update('description', (d) => ({ ...d, description: e.target.value }))
              }
              error={problem('description') !== undefined}
              helperText={problem('description')}
              multiline
              minRows={2}
              fullWidth
            />
            <FormControlLabel
              control={
                <Switch
                  checked={draft.enabled}
                  onChange={(e) => update('enabled', (d) => ({ ...d, enabled: e.target.checked }))}
                />
              }
              label="Enabled"
            />
          </Section>

          <Section title="Which issues" hint="Every list left empty means any.">
            <CheckGroup
              legend="Priorities"
              options={[...PRIORITIES].reverse().map((p) => ({ value: p, label: p }))}
              value={draft.scope.priorities}
              onChange={(priorities) =>
                setScope('scope.priorities', { priorities: priorities as Priority[] })
              }
              error={problem('scope.priorities')}
            />
            <CheckGroup
              legend="Types"
              options={ISSUE_TYPES.map((t) => ({ value: t, label: typeName(t) }))}
              value={draft.scope.types}
              onChange={(types) => setScope('scope.types', { types: types as IssueType[] })}
              error={problem('scope.types')}
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                select
                label="Severity at least"
                value={draft.scope.minSeverity === undefined ? '' : String(draft.scope.minSeverity)}
                onChange={(e) =>
                  update('scope.minSeverity', (d) => {
                    const { minSeverity: _old, ...scope } = d.scope;
                    return e.target.value === ''
                      ? { ...d, scope }
                      : {
                          ...d,
                          scope: { ...scope, minSeverity: Number(e.target.value) as Severity },
                        };
                  })
                }
                sx={{ minWidth: 180 }}
                size="small"
              >
                <MenuItem value="">Any severity</MenuItem>
                {SEVERITIES.map((s) => (
                  <MenuItem key={s} value={String(s)}>
                    {s}
                  </MenuItem>
                ))}
              </TextField>
              <MultiSelect
                label="In statuses"
                options={statusOptions}
                value={draft.scope.statuses}
                onChange={(statuses) => setScope('scope.statuses', { statuses })}
                error={problem('scope.statuses')}
              />
            </Stack>
            <MultiSelect
              label="At locations (and below)"
              options={locationOptions}
              value={draft.scope.locationIds}
              onChange={(locationIds) => setScope('scope.locationIds', { locationIds })}
              error={problem('scope.locationIds')}
            />
            <TextField
              label="And matching the query"
              placeholder="e.g. assignee IS EMPTY AND cf.downtime > 30"
              value={draft.scope.query ?? ''}
              onChange={(e) =>
                update('scope.query', (d) => {
                  const { query: _old, ...scope } = d.scope;
                  return e.target.value === ''
                    ? { ...d, scope }
                    : { ...d, scope: { ...scope, query: e.target.value } };
                })
              }
              error={problem('scope.query') !== undefined}
              helperText={problem('scope.query') ?? 'Optional, in the language of the query bar.'}
              fullWidth
              size="small"
            />
          </Section>

          <Section title="The clock">
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                select
                label="Starts"
                value={draft.clock.start.on}
                onChange={(e) =>
                  setClock('clock.start', {
                    start: clockStartOf(e.target.value as ClockStartEvent, draft.clock.start),
                  })
                }
                helperText={
                  draft.clock.start.on === 'scope'
                    ? 'An issue raised into the scope gets the full delays from the raise.'
                    : undefined
                }
                size="small"
                sx={{ minWidth: 260 }}
              >
                {CLOCK_START_EVENTS.map((on) => (
                  <MenuItem key={on} value={on}>
                    {CLOCK_START_LABELS[on]}
                  </MenuItem>
                ))}
              </TextField>
              {draft.clock.start.on === 'status' && (
                <MultiSelect
                  label="Start statuses"
                  options={statusOptions}
                  value={draft.clock.start.statuses}
                  onChange={(statuses) =>
                    setClock('clock.start', { start: { on: 'status', statuses } })
                  }
                  error={problem('clock.start')}
                />
              )}
            </Stack>
            <StopConditions
              stops={draft.clock.stop}
              statusOptions={statusOptions}
              onChange={(stop) => setClock('clock.stop', { stop })}
              error={problem('clock.stop')}
            />
            <MultiSelect
              label="Paused while in"
              options={statusOptions}
              value={draft.clock.pauseStatuses}
              onChange={(pauseStatuses) => setClock('clock.pauseStatuses', { pauseStatuses })}
              error={problem('clock.pauseStatuses')}
            />
            <TextField
              select
              label="Counts"
              value={draft.clock.calendar}
              onChange={(e) =>
                setClock('clock.calendar', {
                  calendar: e.target.value === 'business-hours' ? 'business-hours' : '24x7',
                })
              }
              size="small"
              sx={{ maxWidth: 360 }}
            >
              <MenuItem value="24x7">Around the clock</MenuItem>
              <MenuItem value="business-hours">Business hours of the issue’s location</MenuItem>
            </TextField>
          </Section>

          <Section title="Levels">
            {problem('levels', true) !== undefined && (
              <FormHelperText error>{problem('levels', true)}</FormHelperText>
            )}
            {levels.map((level, index) => (
              <LevelEditor
                key={index}
                index={index}
                people={people}
                level={level}
                problem={problem}
                onChange={(path, change) => setLevel(index, path, change)}
                onRemove={
                  levels.length > 1
                    ? () =>
                        update('levels', (d) => ({
                          ...d,
                          levels: d.levels.filter((_, i) => i !== index),
                        }))
                    : undefined
                }
                onLocalProblem={setLocalProblem}
              />
            ))}
            <Box>
              <Button
                startIcon={<AddIcon />}
                onClick={() =>
                  update('levels', (d) => ({
                    ...d,
                    levels: [...d.levels, newLevel(30, 'previous-level')],
                  }))
                }
              >
                Add a level
              </Button>
            </Box>
          </Section>

          <Section title="Reminders">
            <FormControlLabel
              control={
                <Checkbox
                  checked={draft.repeat !== undefined}
                  onChange={(e) =>
                    update('repeat', (d) => {
                      const { repeat: _old, ...rest } = d;
                      return e.target.checked
                        ? { ...rest, repeat: { count: 3, intervalMinutes: 30, mode: 'last-level' } }
                        : rest;
                    })
                  }
                />
              }
              label="Repeat after the last level"
            />
            {draft.repeat !== undefined && (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <NumberField
                  label="Times"
                  value={draft.repeat.count}
                  onChange={(count) => setRepeat('repeat.count', { count })}
                  error={problem('repeat.count')}
                />
                <NumberField
                  label="Every (minutes)"
                  value={draft.repeat.intervalMinutes}
                  onChange={(intervalMinutes) =>
                    setRepeat('repeat.intervalMinutes', { intervalMinutes })
                  }
                  error={problem('repeat.intervalMinutes')}
                />
                <TextField
                  select
                  size="small"
                  label="What repeats"
                  value={draft.repeat.mode}
                  onChange={(e) =>
                    setRepeat('repeat.mode', {
                      mode: e.target.value === 'all-levels' ? 'all-levels' : 'last-level',
                    })
                  }
                  sx={{ minWidth: 200 }}
                >
                  <MenuItem value="last-level">The last level</MenuItem>
                  <MenuItem value="all-levels">All levels</MenuItem>
                </TextField>
              </Stack>
            )}
          </Section>

          <Divider />
          <RulePreviewPanel
            db={props.db}
            draft={draft}
            {...(rule !== undefined && { ruleId: rule.id })}
            data={data}
            valid={checked.size === 0 && localProblems.size === 0}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        {attempted && problemCount > 0 && (
          <Typography color="error" variant="body2" sx={{ mr: 'auto', pl: 2 }} role="status">
            {problemCount === 1 ? '1 problem to fix' : `${problemCount} problems to fix`} before
            saving.
          </Typography>
        )}
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()} disabled={saving}>
          {rule ? 'Save version' : 'Create rule'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------
// Pieces

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Stack spacing={1.5} component="section" aria-label={title}>
      <Box>
        <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600 }}>
          {title}
        </Typography>
        {hint && (
          <Typography variant="body2" color="text.secondary">
            {hint}
          </Typography>
        )}
      </Box>
      {children}
    </Stack>
  );
}

function CheckGroup(props: {
  legend: string;
  options: Option[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  return (
    <FormControl component="fieldset" error={props.error !== undefined}>
      <FormLabel component="legend">{props.legend}</FormLabel>
      <FormGroup row>
        {props.options.map((option) => (
          <FormControlLabel
            key={option.value}
            label={option.label}
            control={
              <Checkbox
                size="small"
                checked={props.value.includes(option.value)}
                onChange={(e) =>
                  props.onChange(
                    e.target.checked
                      ? props.options
                          .map((o) => o.value)
                          .filter((v) => v === option.value || props.value.includes(v))
                      : props.value.filter((v) => v !== option.value),
                  )
                }
              />
            }
          />
        ))}
      </FormGroup>
      {props.error && <FormHelperText>{props.error}</FormHelperText>}
    </FormControl>
  );
}

function MultiSelect(props: {
  label: string;
  options: Option[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  const labels = new Map(props.options.map((o) => [o.value, o.label]));
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={(e) => {
        const value = e.target.value as unknown;
        props.onChange(typeof value === 'string' ? value.split(',') : (value as string[]));
      }}
      slotProps={{
        select: {
          multiple: true,
          renderValue: (selected) =>
            (selected as string[]).map((v) => labels.get(v) ?? v).join(', ') || 'Any',
          displayEmpty: true,
        },
        inputLabel: { shrink: true },
      }}
      error={props.error !== undefined}
      helperText={props.error}
      size="small"
      fullWidth
    >
      {props.options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          <Checkbox size="small" checked={props.value.includes(option.value)} />
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  error?: string | undefined;
  helper?: string;
}) {
  return (
    <TextField
      label={props.label}
      type="number"
      size="small"
      value={Number.isFinite(props.value) ? String(props.value) : ''}
      onChange={(e) => props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      error={props.error !== undefined}
      helperText={props.error ?? props.helper}
      slotProps={{ htmlInput: { min: 0, step: 1 } }}
      sx={{ maxWidth: 200 }}
    />
  );
}

const STOP_CHOICES = [
  { on: 'acknowledged', label: 'When acknowledged (work starts)' },
  { on: 'resolved', label: 'When resolved' },
] as const;

function StopConditions(props: {
  stops: readonly ClockStop[];
  statusOptions: Option[];
  onChange: (stops: ClockStop[]) => void;
  error?: string | undefined;
}) {
  const { stops } = props;
  const statusStop = stops.find((s) => s.on === 'status');
  const categoryStop = stops.find((s) => s.on === 'category');
  const others = (keep: (stop: ClockStop) => boolean) => stops.filter(keep);
  return (
    <FormControl component="fieldset" error={props.error !== undefined}>
      <FormLabel component="legend">Stops</FormLabel>
      <FormGroup>
        {STOP_CHOICES.map((choice) => (
          <FormControlLabel
            key={choice.on}
            label={choice.label}
            control={
              <Checkbox
                size="small"
                checked={stops.some((s) => s.on === choice.on)}
                onChange={(e) =>
                  props.onChange(
                    e.target.checked
                      ? [...stops, { on: choice.on }]
                      : others((s) => s.on !== choice.on),
                  )
                }
              />
            }
          />
        ))}
      </FormGroup>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 1 }}>
        <MultiSelect
          label="When it enters a status"
          options={props.statusOptions}
          value={statusStop?.on === 'status' ? statusStop.statuses : []}
          onChange={(statuses) =>
            props.onChange([
              ...others((s) => s.on !== 'status'),
              ...(statuses.length > 0 ? [{ on: 'status' as const, statuses }] : []),
            ])
          }
        />
        <MultiSelect
          label="When it enters a category"
          options={STATUS_CATEGORIES.map((c) => ({ value: c, label: c }))}
          value={categoryStop?.on === 'category' ? categoryStop.categories : []}
          onChange={(categories) =>
            props.onChange([
              ...others((s) => s.on !== 'category'),
              ...(categories.length > 0
                ? [
                    {
                      on: 'category' as const,
                      categories: categories as (typeof STATUS_CATEGORIES)[number][],
                    },
                  ]
                : []),
            ])
          }
        />
      </Stack>
      {props.error && <FormHelperText>{props.error}</FormHelperText>}
    </FormControl>
  );
}

function LevelEditor(props: {
  index: number;
  people: PeopleDirectory;
  level: EscalationLevel;
  problem: (path: string, exact?: boolean) => string | undefined;
  onChange: (path: string, change: Partial<EscalationLevel>) => void;
  onRemove?: (() => void) | undefined;
  onLocalProblem: (path: string, message: string | undefined) => void;
}) {
  const { index, level, problem } = props;
  const base = `levels[${index}]`;
  const [adding, setAdding] = useState<EscalationActionType | ''>('');
  const setAction = (i: number, action: EscalationAction) =>
    props.onChange(`${base}.actions[${i}]`, {
      actions: level.actions.map((a, j) => (j === i ? action : a)),
    });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="fieldset" aria-label={`Level ${index + 1}`}>
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <Typography sx={{ fontWeight: 600, pt: 1, minWidth: 64 }}>Level {index + 1}</Typography>
          <NumberField
            label="After (minutes)"
            value={level.delayMinutes}
            onChange={(delayMinutes) => props.onChange(`${base}.delayMinutes`, { delayMinutes })}
            error={problem(`${base}.delayMinutes`)}
            helper={
              Number.isFinite(level.delayMinutes)
                ? formatDelay(level.delayMinutes * MIN)
                : undefined
            }
          />
          {index > 0 && (
            <TextField
              select
              size="small"
              label="Counted from"
              value={level.from}
              onChange={(e) =>
                props.onChange(`${base}.from`, {
                  from: e.target.value === 'clock-start' ? 'clock-start' : 'previous-level',
                })
              }
              sx={{ minWidth: 200 }}
            >
              <MenuItem value="previous-level">The previous level</MenuItem>
              <MenuItem value="clock-start">The clock’s start</MenuItem>
            </TextField>
          )}
          <Box sx={{ flex: 1 }} />
          {props.onRemove && (
            <IconButton aria-label={`Remove level ${index + 1}`} onClick={props.onRemove}>
              <DeleteOutlineIcon />
            </IconButton>
          )}
        </Stack>
        {problem(`${base}.actions`, true) !== undefined && (
          <FormHelperText error>{problem(`${base}.actions`, true)}</FormHelperText>
        )}
        {level.actions.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            No actions: the level only marks a target in the issue’s SLA.
          </Typography>
        )}
        {level.actions.map((action, i) => (
          <ActionEditor
            key={i}
            people={props.people}
            path={`${base}.actions[${i}]`}
            action={action}
            problem={problem}
            onChange={(next) => setAction(i, next)}
            onRemove={() =>
              props.onChange(`${base}.actions`, {
                actions: level.actions.filter((_, j) => j !== i),
              })
            }
            onLocalProblem={props.onLocalProblem}
          />
        ))}
        <TextField
          select
          size="small"
          label={`Add an action to level ${index + 1}`}
          value={adding}
          onChange={(e) => {
            const type = e.target.value as EscalationActionType;
            setAdding('');
            props.onChange(`${base}.actions`, { actions: [...level.actions, newAction(type)] });
          }}
          sx={{ maxWidth: 320 }}
        >
          {ESCALATION_ACTION_TYPES.map((type) => (
            <MenuItem key={type} value={type}>
              {ACTION_LABELS[type]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
    </Paper>
  );
}

function ActionEditor(props: {
  path: string;
  people: PeopleDirectory;
  action: EscalationAction;
  problem: (path: string) => string | undefined;
  onChange: (action: EscalationAction) => void;
  onRemove: () => void;
  onLocalProblem: (path: string, message: string | undefined) => void;
}) {
  const { action, path, problem } = props;
  const field = (name: string) => problem(`${path}.${name}`);
  let body: ReactNode;
  switch (action.type) {
    case 'notify':
      body = (
        <Stack spacing={1}>
          <RecipientsEditor
            recipients={action.recipients}
            onChange={(recipients) => props.onChange({ ...action, recipients })}
            error={field('recipients')}
          />
          <TextField
            size="small"
            label="Message"
            placeholder='e.g. "{title}" is not acknowledged'
            value={action.message ?? ''}
            onChange={(e) => {
              const { message: _old, ...rest } = action;
              props.onChange(e.target.value === '' ? rest : { ...rest, message: e.target.value });
            }}
            error={field('message') !== undefined}
            helperText={
              field('message') ??
              'Optional; {title}, {priority}, {escalation.level}… are filled in.'
            }
            fullWidth
          />
        </Stack>
      );
      break;
    case 'raise-priority':
      body = (
        <TextField
          select
          size="small"
          label="Raise to"
          value={action.to ?? ''}
          onChange={(e) =>
            props.onChange(
              e.target.value === ''
                ? { type: 'raise-priority' }
                : { type: 'raise-priority', to: e.target.value as Priority },
            )
          }
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">One step up</MenuItem>
          {[...PRIORITIES].reverse().map((p) => (
            <MenuItem key={p} value={p}>
              {p}
            </MenuItem>
          ))}
        </TextField>
      );
      break;
    case 'set-severity':
      body = (
        <TextField
          select
          size="small"
          label="Severity"
          value={String(action.severity)}
          onChange={(e) =>
            props.onChange({ type: 'set-severity', severity: Number(e.target.value) as Severity })
          }
          sx={{ minWidth: 140 }}
        >
          {SEVERITIES.map((s) => (
            <MenuItem key={s} value={String(s)}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      );
      break;
    case 'assign':
      body = (
        <Box sx={{ minWidth: 240 }}>
          <AssigneeField
            size="small"
            people={props.people}
            value={action.assignee}
            onChange={(assignee) => props.onChange({ type: 'assign', assignee })}
            error={field('assignee')}
            helperText={field('assignee')}
          />
        </Box>
      );
      break;
    case 'comment':
      body = (
        <TextField
          size="small"
          label="Comment"
          value={action.body}
          onChange={(e) => props.onChange({ type: 'comment', body: e.target.value })}
          error={field('body') !== undefined}
          helperText={field('body')}
          multiline
          fullWidth
        />
      );
      break;
    case 'start-bpa-workflow':
      body = (
        <Stack spacing={1}>
          <TextField
            size="small"
            label="Workflow definition id"
            value={action.definitionId}
            onChange={(e) => props.onChange({ ...action, definitionId: e.target.value })}
            error={field('definitionId') !== undefined}
            helperText={field('definitionId')}
          />
          <MappingField
            label="Context (one “target = template” per line)"
            path={`${path}.context`}
            mapping={action.context}
            onChange={(context) => props.onChange({ ...action, context })}
            error={field('context')}
            onLocalProblem={props.onLocalProblem}
          />
        </Stack>
      );
      break;
    case 'jira-issue':
      body = (
        <Stack spacing={1}>
          <Stack direction="row" spacing={2}>
            <TextField
              size="small"
              label="Jira project key"
              value={action.projectKey}
              onChange={(e) => props.onChange({ ...action, projectKey: e.target.value })}
              error={field('projectKey') !== undefined}
              helperText={field('projectKey')}
            />
            <TextField
              size="small"
              label="Jira issue type"
              value={action.issueType}
              onChange={(e) => props.onChange({ ...action, issueType: e.target.value })}
              error={field('issueType') !== undefined}
              helperText={field('issueType')}
            />
          </Stack>
          <MappingField
            label="Fields (one “target = template” per line)"
            path={`${path}.fields`}
            mapping={action.fields}
            onChange={(fields) => props.onChange({ ...action, fields })}
            error={field('fields')}
            onLocalProblem={props.onLocalProblem}
          />
        </Stack>
      );
      break;
  }
  return (
    <Box sx={{ borderLeft: 3, borderColor: 'divider', pl: 1.5 }}>
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Typography variant="body2" sx={{ fontWeight: 600, flex: 1 }}>
          {ACTION_LABELS[action.type]}
        </Typography>
        <IconButton
          size="small"
          aria-label={`Remove action: ${ACTION_LABELS[action.type]}`}
          onClick={props.onRemove}
        >
          <DeleteOutlineIcon fontSize="small" />
        </IconButton>
      </Stack>
      {body}
    </Box>
  );
}

function RecipientsEditor(props: {
  recipients: readonly NotifyRecipient[];
  onChange: (recipients: NotifyRecipient[]) => void;
  error?: string | undefined;
}) {
  const { recipients } = props;
  const has = (kind: 'assignee' | 'reporter') => recipients.some((r) => r.kind === kind);
  const roles = recipients.flatMap((r) => (r.kind === 'role' ? [r.role] : []));
  const users = recipients.flatMap((r) => (r.kind === 'user' ? [r.userId] : []));
  const [usersText, setUsersText] = useState(users.join(', '));
  const rebuild = (next: {
    assignee?: boolean;
    reporter?: boolean;
    roles?: Role[];
    users?: string[];
  }) => {
    const list: NotifyRecipient[] = [];
    if (next.assignee ?? has('assignee')) list.push({ kind: 'assignee' });
    if (next.reporter ?? has('reporter')) list.push({ kind: 'reporter' });
    for (const role of next.roles ?? roles) list.push({ kind: 'role', role });
    for (const userId of next.users ?? users) list.push({ kind: 'user', userId });
    props.onChange(list);
  };
  return (
    <FormControl component="fieldset" error={props.error !== undefined}>
      <FormLabel component="legend">Who</FormLabel>
      <FormGroup row>
        <FormControlLabel
          label="Assignee"
          control={
            <Checkbox
              size="small"
              checked={has('assignee')}
              onChange={(e) => rebuild({ assignee: e.target.checked })}
            />
          }
        />
        <FormControlLabel
          label="Reporter"
          control={
            <Checkbox
              size="small"
              checked={has('reporter')}
              onChange={(e) => rebuild({ reporter: e.target.checked })}
            />
          }
        />
        {ROLES.map((role) => (
          <FormControlLabel
            key={role}
            label={`${role[0]?.toUpperCase()}${role.slice(1)}s`}
            control={
              <Checkbox
                size="small"
                checked={roles.includes(role)}
                onChange={(e) =>
                  rebuild({
                    roles: e.target.checked
                      ? ROLES.filter((r) => r === role || roles.includes(r))
                      : roles.filter((r) => r !== role),
                  })
                }
              />
            }
          />
        ))}
      </FormGroup>
      <TextField
        size="small"
        label="And these users"
        placeholder="user ids, separated by commas"
        value={usersText}
        onChange={(e) => {
          setUsersText(e.target.value);
          rebuild({
            users: e.target.value
              .split(',')
              .map((u) => u.trim())
              .filter((u) => u !== ''),
          });
        }}
        sx={{ mt: 1, maxWidth: 420 }}
      />
      {props.error && <FormHelperText>{props.error}</FormHelperText>}
    </FormControl>
  );
}

function MappingField(props: {
  label: string;
  path: string;
  mapping: FieldMapping;
  onChange: (mapping: FieldMapping) => void;
  error?: string | undefined;
  onLocalProblem: (path: string, message: string | undefined) => void;
}) {
  const [text, setText] = useState(() => mappingText(props.mapping));
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <TextField
      size="small"
      label={props.label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseMappingText(e.target.value);
        setProblem(parsed.problem);
        props.onLocalProblem(props.path, parsed.problem);
        if (parsed.problem === undefined) props.onChange(parsed.mapping);
      }}
      error={(problem ?? props.error) !== undefined}
      helperText={problem ?? props.error}
      multiline
      minRows={2}
      fullWidth
      slotProps={{ htmlInput: { spellCheck: false } }}
    />
  );
}
