/**
 * The preview in the rule editor: which current issues the rule as drafted would take in,
 * where each one's clock stands, when its next level comes due and when it breaches, and what
 * would fire the moment the rule is saved.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useMemo } from 'react';
import type { AppDatabase } from '../../../shared/core/database';
import { formatDelay } from '../../../shared/core/escalation/alerts';
import {
  previewRule,
  type RulePreview,
  type RulePreviewRow,
} from '../../../shared/core/escalation/rule-preview';
import type { EscalationRuleDraft } from '../../../shared/escalation';
import { LoadingState } from '../../components/StateViews';
import { useNow } from '../../components/use-now';
import { usePreviewData, type RulesData } from './use-rules-data';

/** Rows shown; the rest are counted. */
export const PREVIEW_ROWS = 25;

const STATE_WORDS: Record<RulePreviewRow['state'], string> = {
  'not-started': 'Not started',
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
};

const at = (time: number) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(time);

function nextWords(row: RulePreviewRow): string {
  if (row.dueNow.length > 0) {
    const late = Math.max(...row.dueNow.map((d) => d.lateByMs));
    const levels = row.dueNow.map((d) => (d.repeat > 0 ? `${d.level}.${d.repeat}` : `${d.level}`));
    const what = levels.length === 1 ? `Level ${levels[0]}` : `Levels ${levels.join(', ')}`;
    return `${what} on save${late > 60_000 ? ` (late by ${formatDelay(late)})` : ''}`;
  }
  if (row.nextLevel === null) return '—';
  const level = row.nextRepeat ? `${row.nextLevel}.${row.nextRepeat}` : String(row.nextLevel);
  return row.nextLevelAt === null ? `Level ${level}` : `Level ${level} at ${at(row.nextLevelAt)}`;
}

function breachWords(row: RulePreviewRow, now: number): string {
  if (row.breachAt === null) return '—';
  if (row.breached) return `Breached ${formatDelay(now - row.breachAt)} ago`;
  return at(row.breachAt);
}

export function RulePreviewPanel(props: {
  db: AppDatabase;
  draft: EscalationRuleDraft;
  ruleId?: string;
  data: RulesData;
  valid: boolean;
}) {
  const live = usePreviewData(props.db, props.ruleId);
  const draft = useDeferredValue(props.draft);
  const now = useNow(60_000);
  const preview = useMemo<RulePreview | null>(() => {
    if (live.state !== 'ready' || !props.valid) return null;
    return previewRule({
      draft,
      ...(props.ruleId !== undefined && { ruleId: props.ruleId }),
      versions: props.data.versions,
      issues: live.value.issues,
      events: live.value.events,
      fired: live.value.fired,
      workflows: props.data.workflows,
      locations: props.data.locations,
      now,
    });
  }, [live, draft, props.valid, props.ruleId, props.data, now]);
  const statusNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const w of props.data.workflows) for (const s of w.statuses) names.set(s.id, s.name);
    return names;
  }, [props.data.workflows]);

  let body;
  if (live.state === 'loading') body = <LoadingState label="Reading the current issues…" />;
  else if (live.state === 'failed') {
    body = <Alert severity="error">The preview could not read the issues: {live.message}</Alert>;
  } else if (preview === null) {
    body = (
      <Typography color="text.secondary" variant="body2">
        The preview appears once the rule has no problems left.
      </Typography>
    );
  } else if (preview.matches === 0) {
    body = (
      <Typography color="text.secondary" variant="body2">
        No current issue falls under this rule.
      </Typography>
    );
  } else {
    const shown = preview.rows.slice(0, PREVIEW_ROWS);
    body = (
      <>
        <Typography variant="body2" role="status">
          {preview.matches === 1 ? '1 issue falls' : `${preview.matches} issues fall`} under this
          rule
          {preview.firingNow > 0 &&
            `; saving it fires ${preview.firingNow} level${preview.firingNow === 1 ? '' : 's'} at once`}
          .
        </Typography>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Issues under this rule">
            <TableHead>
              <TableRow>
                <TableCell>Issue</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Clock</TableCell>
                <TableCell>Next</TableCell>
                <TableCell>Breach</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((row) => (
                <TableRow key={row.issue.id}>
                  <TableCell>{row.issue.title}</TableCell>
                  <TableCell>{statusNames.get(row.issue.status) ?? row.issue.status}</TableCell>
                  <TableCell>{STATE_WORDS[row.state]}</TableCell>
                  <TableCell>
                    {row.dueNow.length > 0 ? (
                      <Chip size="small" color="warning" label={nextWords(row)} />
                    ) : (
                      nextWords(row)
                    )}
                  </TableCell>
                  <TableCell>{breachWords(row, now)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        {preview.matches > shown.length && (
          <Typography variant="body2" color="text.secondary">
            …and {preview.matches - shown.length} more.
          </Typography>
        )}
      </>
    );
  }
  return (
    <Box component="section" aria-label="Preview">
      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600, mb: 1 }}>
        Preview
      </Typography>
      {body}
    </Box>
  );
}
