/** The issue table's designed states: loading, failed, no issues at all, nothing matching. */
import InboxIcon from '@mui/icons-material/Inbox';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/StateViews';

const LOADING_ROWS = 8;

export function IssueTableLoading({ label = 'Loading issues…' }: { label?: string }) {
  return (
    <Paper variant="outlined" role="status" aria-busy="true" aria-label={label} sx={{ p: 2 }}>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {label}
      </Typography>
      <Stack spacing={1} aria-hidden>
        {Array.from({ length: LOADING_ROWS }, (_, row) => (
          <Stack key={row} direction="row" spacing={2}>
            <Skeleton variant="text" sx={{ flex: 3 }} />
            <Skeleton variant="rounded" width={90} height={22} />
            <Skeleton variant="rounded" width={70} height={22} />
            <Skeleton variant="text" sx={{ flex: 1 }} />
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * Shown above the table while the rest of the issues are read: how far it is, and that what
 * the table shows, sorts and filters is what has been read so far.
 */
export function IssueTableReading(
  props: { loaded: number; expected: number | undefined } | { marks: true },
) {
  const loaded = 'loaded' in props ? props.loaded : 0;
  const expected = 'loaded' in props ? props.expected : undefined;
  const known = expected !== undefined && expected > 0;
  const label =
    'marks' in props
      ? 'Reading which issues have escalated…'
      : known
        ? `Reading issues: ${loaded.toLocaleString()} of ${expected.toLocaleString()}`
        : `Reading issues: ${loaded.toLocaleString()} so far`;
  return (
    <Box role="status" aria-live="polite" data-issues-reading="" sx={{ minHeight: 28 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color="text.secondary">
          {'marks' in props
            ? 'The Escalated column fills in once they are read.'
            : 'The newest are shown first; sorting, filters and the query cover the issues read so far.'}
        </Typography>
      </Stack>
      <LinearProgress
        aria-label="Issues read"
        {...(known
          ? { variant: 'determinate', value: Math.min(100, (100 * loaded) / expected) }
          : { variant: 'indeterminate' })}
        sx={{ mt: 0.5, borderRadius: 1 }}
      />
    </Box>
  );
}

export function IssueTableError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <ErrorState
      title="The issues could not be shown"
      message={message}
      {...(onRetry ? { onRetry } : {})}
    />
  );
}

function Message({
  icon,
  title,
  children,
  actions,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Paper variant="outlined" sx={{ px: 4, py: 6, textAlign: 'center' }}>
      <Box aria-hidden sx={{ color: 'text.secondary', '& svg': { fontSize: 40 } }}>
        {icon}
      </Box>
      <Typography variant="h2" component="p" gutterBottom>
        {title}
      </Typography>
      <Typography color="text.secondary" sx={{ maxWidth: 520, mx: 'auto' }}>
        {children}
      </Typography>
      {actions && (
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'center', mt: 3 }}>
          {actions}
        </Stack>
      )}
    </Paper>
  );
}

export function IssueTableEmpty() {
  return (
    <Message icon={<InboxIcon />} title="No issues yet">
      Issues reported on this device, or synced from your team, appear here as soon as they are
      saved.
    </Message>
  );
}

export function IssueTableNoMatch({
  total,
  onClearFilters,
  onClearQuery,
}: {
  total: number;
  /** Present when column filters or the search narrow the list. */
  onClearFilters?: (() => void) | undefined;
  /** Present when a query narrows the list. */
  onClearQuery?: (() => void) | undefined;
}) {
  const what =
    onClearFilters && onClearQuery
      ? 'the query, filters and search'
      : onClearQuery
        ? 'the query'
        : 'the filters and search';
  return (
    <Message
      icon={<SearchOffIcon />}
      title="No issues match"
      actions={
        <>
          {onClearFilters && (
            <Button variant="outlined" onClick={onClearFilters}>
              Clear filters and search
            </Button>
          )}
          {onClearQuery && (
            <Button variant="outlined" onClick={onClearQuery}>
              Clear the query
            </Button>
          )}
        </>
      }
    >
      None of the {total.toLocaleString()} issues on this device matches {what}.
    </Message>
  );
}
