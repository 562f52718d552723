/**
 * The replication status in full: online or offline, the server and the signed-in user,
 * changes waiting to be sent, the last complete sync, the last error (marked as past once a
 * sync completed after it), and the changes the server refused with links to their issues,
 * with "Sync now" and "Sign out".
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { SyncStatus } from '../../../shared/core/sync/sync-status';
import { formatRoute } from '../../app/routes';
import { useNow } from '../../components/use-now';
import {
  lastErrorText,
  lastSyncText,
  pendingText,
  refusedText,
  serverName,
  stateText,
} from './sync-text';

export interface SyncStatusPanelProps {
  status: SyncStatus;
  onSyncNow?: () => void;
  onSignOut?: () => void;
  /** Offered when the server no longer accepts this device. */
  onSignIn?: () => void;
  /** The current time; refreshed every minute by default. */
  now?: number;
}

const CHIP_COLORS = {
  neutral: 'default',
  good: 'success',
  busy: 'info',
  warning: 'warning',
  error: 'error',
} as const;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack direction="row" spacing={2} component="div" role="group" aria-label={label}>
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 150 }}>
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Stack>
  );
}

export function SyncStatusPanel(props: SyncStatusPanelProps) {
  const { status } = props;
  const ticking = useNow();
  const now = props.now ?? ticking;
  const state = stateText(status);
  const error = lastErrorText(status, now);
  const refused = refusedText(status);
  const signedIn = status.state !== 'stopped';

  return (
    <Stack spacing={1.5} role="region" aria-label="Sync with the team server">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h6" component="h2">
          Sync
        </Typography>
        <Chip role="status" size="small" label={state.title} color={CHIP_COLORS[state.tone]} />
      </Stack>
      {signedIn && (
        <>
          <Row label="Server">{serverName(status.serverUrl)}</Row>
          {status.user && (
            <Row label="Signed in as">
              {status.user.name} ({status.user.role})
            </Row>
          )}
        </>
      )}
      <Row label="Pending changes">{pendingText(status.pendingChanges)}</Row>
      <Row label="Last sync">{lastSyncText(status.lastSyncAt, now)}</Row>
      {error && (
        <Alert
          severity={error.current ? 'error' : 'info'}
          aria-label={error.current ? 'Last error' : 'Last error (since resolved)'}
        >
          <strong>{error.current ? 'Last error' : 'Last error, since resolved'}</strong>
          {` · ${error.when}: ${error.message}`}
        </Alert>
      )}
      {refused && (
        <Alert severity="warning" aria-label="Changes not accepted">
          <strong>{refused.headline}</strong>
          {refused.reasons.map((reason) => (
            <Typography key={reason} variant="body2">
              {reason}
            </Typography>
          ))}
          {refused.issues.length > 0 && (
            <Stack component="ul" aria-label="Issues concerned" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
              {refused.issues.map(({ issueId, title }) => (
                <Typography key={issueId} component="li" variant="body2">
                  <Link href={formatRoute({ view: 'issues', issueId })}>{title}</Link>
                </Typography>
              ))}
            </Stack>
          )}
        </Alert>
      )}
      {status.state === 'offline' && (
        <Typography variant="body2" color="text.secondary">
          Work goes on: changes are kept on this device and sent when the connection returns.
        </Typography>
      )}
      <Stack direction="row" spacing={1}>
        {signedIn && status.state !== 'unauthorized' && props.onSyncNow && (
          <Button variant="outlined" onClick={props.onSyncNow}>
            Sync now
          </Button>
        )}
        {status.state === 'unauthorized' && props.onSignIn && (
          <Button variant="contained" onClick={props.onSignIn}>
            Sign in again
          </Button>
        )}
        {signedIn && props.onSignOut && <Button onClick={props.onSignOut}>Sign out</Button>}
      </Stack>
    </Stack>
  );
}
