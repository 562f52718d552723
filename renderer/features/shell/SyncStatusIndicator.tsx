/**
 * The status area's sync indicator: local only, offline, syncing, online or failed, with
 * pending changes and the last sync, live from the platform (the bridge's sync controls).
 * Given `href`, it is the way to the sync settings too.
 */
import CloudDoneOutlinedIcon from '@mui/icons-material/CloudDoneOutlined';
import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import StorageOutlinedIcon from '@mui/icons-material/StorageOutlined';
import SyncIcon from '@mui/icons-material/Sync';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Box from '@mui/material/Box';
import { useNow } from '../../components/use-now';
import type { SyncStatus } from '../../platform/sync-status';
import { syncStatusText } from './sync-status-text';

function iconOf(status: SyncStatus) {
  switch (status.state) {
    case 'stopped':
      return <StorageOutlinedIcon />;
    case 'connecting':
      return <SyncIcon />;
    case 'online':
      return status.syncing ? <SyncIcon /> : <CloudDoneOutlinedIcon />;
    case 'offline':
      return <CloudOffOutlinedIcon />;
    case 'unauthorized':
      return <ErrorOutlineIcon />;
  }
}

const COLORS = {
  neutral: 'default',
  good: 'success',
  busy: 'info',
  warning: 'warning',
  error: 'error',
} as const;

export function SyncStatusIndicator({
  status,
  compact = false,
  href,
}: {
  status: SyncStatus;
  /** Only the icon (narrow windows); the full text stays in the label and tooltip. */
  compact?: boolean;
  /** Where the sync settings are: the indicator then leads there. */
  href?: string;
}) {
  const now = useNow();
  const text = syncStatusText(status, now);
  const label = `Sync: ${text.label}. ${text.detail}`;
  const chip = (
    <Chip
      aria-label={href === undefined ? label : `${label} Open the sync settings.`}
      icon={iconOf(status)}
      label={compact ? undefined : text.label}
      size="small"
      variant="outlined"
      color={COLORS[text.tone]}
      {...(href !== undefined && { component: 'a', href, clickable: true })}
      sx={{
        color: 'inherit',
        borderColor: 'currentColor',
        '& .MuiChip-icon': { color: 'inherit' },
      }}
    />
  );
  // A live region: a change of the status is announced wherever the focus is.
  return (
    <Box component="span" role="status" sx={{ display: 'inline-flex' }}>
      <Tooltip title={text.detail}>{chip}</Tooltip>
    </Box>
  );
}
