/**
 * The escalation rules: each rule with what it watches, how its clock runs and what happens
 * when, switched on or off in place, edited (a new version) or created in the rule editor,
 * which previews the rule against the current issues before it is saved.
 */
import AddIcon from '@mui/icons-material/Add';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import RuleOutlinedIcon from '@mui/icons-material/RuleOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import type { AppCommands } from '../../../shared/core/commands';
import type { AppDatabase } from '../../../shared/core/database';
import type { EscalationRule } from '../../../shared/escalation';
import { messageOf } from '../../components/field-problems';
import { SetupAction } from '../../components/SetupAction';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import type { PeopleDirectory } from '../../app/people';
import { useLivePeople } from '../../app/reference-data';
import { actionSummary, clockSummary, levelsSummary, scopeSummary, type Names } from './rule-form';
import { RuleEditorDialog } from './RuleEditorDialog';
import { locationPath, useRulesData, type RulesData } from './use-rules-data';

export interface RulesViewProps {
  db: AppDatabase;
  commands: AppCommands;
  /** Whether the acting user may change the rules (supervisors and admins, see SetupAction). */
  canChange: boolean;
}

type Editing = { kind: 'create' } | { kind: 'edit'; rule: EscalationRule } | null;

export function RulesView({ db, commands, canChange }: RulesViewProps) {
  const live = useRulesData(db);
  const people = useLivePeople(db);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(
    null,
  );
  const [switching, setSwitching] = useState<ReadonlySet<string>>(new Set());

  if (live.state === 'loading') return <LoadingState label="Reading the escalation rules…" />;
  if (live.state === 'failed') {
    return <ErrorState title="The escalation rules could not be shown" message={live.message} />;
  }
  const data = live.value;

  async function setEnabled(rule: EscalationRule, enabled: boolean) {
    setSwitching((current) => new Set(current).add(rule.id));
    try {
      await commands.setEscalationRuleEnabled(rule.id, enabled);
      setMessage({
        severity: 'success',
        text: `“${rule.name}” is ${enabled ? 'on' : 'off'} (version ${rule.version + 1}).`,
      });
    } catch (error) {
      setMessage({ severity: 'error', text: messageOf(error) });
    } finally {
      setSwitching((current) => {
        const next = new Set(current);
        next.delete(rule.id);
        return next;
      });
    }
  }

  const editor = editing && canChange && (
    <RuleEditorDialog
      db={db}
      commands={commands}
      {...(editing.kind === 'edit' && { rule: editing.rule })}
      data={data}
      onClose={() => setEditing(null)}
      onSaved={(rule) => {
        setEditing(null);
        setMessage({
          severity: 'success',
          text:
            rule.version === 1
              ? `“${rule.name}” created.`
              : `“${rule.name}” saved as version ${rule.version}.`,
        });
      }}
    />
  );

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Box>
          <Typography variant="h1">Escalation rules</Typography>
          <Typography variant="body2" color="text.secondary">
            What happens when an issue is not acknowledged or resolved in time
          </Typography>
        </Box>
        <SetupAction allowed={canChange}>
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setEditing({ kind: 'create' })}
          >
            New rule
          </Button>
        </SetupAction>
      </Stack>
      {message && (
        <Alert severity={message.severity} onClose={() => setMessage(null)} role="status">
          {message.text}
        </Alert>
      )}
      {data.rules.length === 0 ? (
        <EmptyState
          icon={<RuleOutlinedIcon />}
          title="No escalation rules"
          action={
            <SetupAction allowed={canChange}>
              <Button variant="contained" onClick={() => setEditing({ kind: 'create' })}>
                Create a rule
              </Button>
            </SetupAction>
          }
        >
          A rule watches issues (by priority, type, location, status or a query) and, when one is
          not acknowledged or resolved in time, notifies people, raises its priority, comments, or
          hands it to Jira or SAP BPA.
        </EmptyState>
      ) : (
        <RuleList
          data={data}
          people={people}
          canChange={canChange}
          switching={switching}
          onEdit={(rule) => setEditing({ kind: 'edit', rule })}
          onEnable={(rule, enabled) => void setEnabled(rule, enabled)}
        />
      )}
      {editor}
    </Stack>
  );
}

function RuleList(props: {
  data: RulesData;
  people: PeopleDirectory;
  canChange: boolean;
  switching: ReadonlySet<string>;
  onEdit: (rule: EscalationRule) => void;
  onEnable: (rule: EscalationRule, enabled: boolean) => void;
}) {
  const { data } = props;
  const names = useMemo<Names>(() => {
    const statuses = new Map<string, string>();
    for (const w of data.workflows) for (const s of w.statuses) statuses.set(s.id, s.name);
    const locations = new Map(data.locations.map((l) => [l.id, l]));
    return {
      status: (id) => statuses.get(id) ?? id,
      location: (id) => locationPath(locations, id),
    };
  }, [data.workflows, data.locations]);
  return (
    <Stack spacing={1.5} component="ul" aria-label="Escalation rules" sx={{ p: 0, m: 0 }}>
      {data.rules.map((rule) => (
        <Paper
          key={rule.id}
          component="li"
          variant="outlined"
          aria-label={rule.name}
          sx={{ listStyle: 'none', p: 2, opacity: rule.enabled ? 1 : 0.7 }}
        >
          <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
            <SetupAction allowed={props.canChange}>
              <Switch
                checked={rule.enabled}
                disabled={props.switching.has(rule.id)}
                onChange={(e) => props.onEnable(rule, e.target.checked)}
                slotProps={{ input: { 'aria-label': `${rule.name} is on` } }}
              />
            </SetupAction>
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography component="h2" sx={{ fontWeight: 600 }}>
                  {rule.name}
                </Typography>
                <Chip size="small" variant="outlined" label={`v${rule.version}`} />
                {!rule.enabled && <Chip size="small" label="Off" />}
              </Stack>
              {rule.description !== '' && (
                <Typography variant="body2" color="text.secondary">
                  {rule.description}
                </Typography>
              )}
              <Typography variant="body2" sx={{ mt: 1 }}>
                {scopeSummary(rule.scope, names)}.
              </Typography>
              <Typography variant="body2">{clockSummary(rule.clock, names)}.</Typography>
              <Typography variant="body2">{levelsSummary(rule)}.</Typography>
              <Stack direction="row" spacing={0.5} sx={{ mt: 1, flexWrap: 'wrap', gap: 0.5 }}>
                {rule.levels.map((level, i) =>
                  level.actions.map((action, j) => (
                    <Chip
                      key={`${i}-${j}`}
                      size="small"
                      label={`${i + 1}: ${actionSummary(action, (id) => props.people.nameOf(id))}`}
                    />
                  )),
                )}
              </Stack>
            </Box>
            <SetupAction allowed={props.canChange}>
              <Button
                startIcon={<EditOutlinedIcon />}
                onClick={() => props.onEdit(rule)}
                aria-label={`Edit ${rule.name}`}
              >
                Edit
              </Button>
            </SetupAction>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
