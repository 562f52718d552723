/**
 * The status area's sync indicator: local only, offline, syncing, online or failed, with
 * pending changes and the last sync, live from the platform (the bridge's sync events).
 */
import CloudDoneOutlinedIcon from '@mui/icons-material/CloudDoneOutlined';
import CloudOffOutlinedIcon from '@mui/icons-material/CloudOffOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import StorageOutlinedIcon from '@mui/icons-material/StorageOutlined';
import SyncIcon from '@mui/icons-material/Sync';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useState } from 'react';
import { useNow } from '../../components/use-now';
import type { PlatformBridge } from '../../platform/bridge';
import { STOPPED_STATUS, type SyncStatus } from '../../platform/sync-status';
import { syncStatusText } from './sync-status-text';

/** The bridge's sync status, live; "local only" (stopped) on a platform that sends none. */
export function useSyncStatus(bridge: PlatformBridge): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(STOPPED_STATUS);
  useEffect(() => bridge.onSyncStatus?.(setStatus), [bridge]);
  return status;
}

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
}: {
  status: SyncStatus;
  /** Only the icon (narrow windows); the full text stays in the label and tooltip. */
  compact?: boolean;
}) {
  const now = useNow();
  const text = syncStatusText(status, now);
  return (
    <Tooltip title={text.detail}>
      <Chip
        role="status"
        aria-label={`Sync: ${text.label}. ${text.detail}`}
        icon={iconOf(status)}
        label={compact ? undefined : text.label}
        size="small"
        variant="outlined"
        color={COLORS[text.tone]}
        sx={{
          color: 'inherit',
          borderColor: 'currentColor',
          '& .MuiChip-icon': { color: 'inherit' },
        }}
      />
    </Tooltip>
  );
}
