/**
 * The state of replication with the team server, as the core's sync client reports it
 * (shared/core/sync): the bridge pushes it, the status area shows it. `stopped` means no
 * team server is configured: everything stays on this device.
 */
export {
  STOPPED_STATUS,
  type SyncState,
  type SyncStatus,
} from '../../shared/core/sync/sync-status';
