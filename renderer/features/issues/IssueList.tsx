/** The live list of issues in the window's database. */
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AppDatabase } from '../../../shared/core/database';
import { IssueTable, IssueTableError, IssueTableLoading } from './IssueTable';
import { useLiveIssues } from './use-live-issues';

export function IssueList({ db }: { db: AppDatabase }) {
  const live = useLiveIssues(db);
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'baseline', justifyContent: 'space-between' }}>
        <Typography variant="h1">Issues</Typography>
        {live.state === 'ready' && live.rows.length > 0 && (
          <Typography color="text.secondary" aria-live="polite">
            {live.rows.length === 1 ? '1 issue' : `${live.rows.length} issues`}
          </Typography>
        )}
      </Stack>
      {live.state === 'loading' && <IssueTableLoading />}
      {live.state === 'failed' && <IssueTableError message={live.message} />}
      {live.state === 'ready' && <IssueTable rows={live.rows} />}
    </Stack>
  );
}
