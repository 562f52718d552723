/** The sync status in words: a short label for the status area and a full sentence. */
import { isCurrentError } from '../../../shared/core/sync/sync-status';
import { describeAge, formatCount } from '../../components/issue-format';
import type { SyncStatus } from '../../platform/sync-status';

export interface SyncStatusText {
  label: string;
  detail: string;
  tone: 'neutral' | 'good' | 'busy' | 'warning' | 'error';
}

function waiting(n: number): string {
  return n === 0 ? 'no changes waiting' : `${formatCount(n)} change${n === 1 ? '' : 's'} waiting`;
}

function lastSync(at: number | null, now: number): string {
  return at === null ? 'never synced' : `last synced ${describeAge(at, now)}`;
}

function server(status: SyncStatus): string {
  if (status.serverUrl === null) return 'the team server';
  try {
    return new URL(status.serverUrl).host;
  } catch {
    return status.serverUrl;
  }
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function syncStatusText(status: SyncStatus, now: number): SyncStatusText {
  const counts = `${waiting(status.pendingChanges)}, ${lastSync(status.lastSyncAt, now)}.`;
  const problem = isCurrentError(status) && status.lastError ? ` ${status.lastError.message}` : '';
  switch (status.state) {
    case 'stopped':
      return {
        label: 'Local only',
        detail:
          'Not connected to a team server: everything is kept on this device and shared with no one.',
        tone: 'neutral',
      };
    case 'connecting':
      return {
        label: 'Connecting…',
        detail: `Connecting to ${server(status)}; ${counts}`,
        tone: 'busy',
      };
    case 'online':
      return {
        label: status.syncing
          ? 'Syncing…'
          : status.pendingChanges > 0
            ? `Online · ${formatCount(status.pendingChanges)} pending`
            : 'Synced',
        detail: `Connected to ${server(status)}; ${counts}`,
        tone: status.syncing ? 'busy' : 'good',
      };
    case 'offline':
      return {
        label:
          status.pendingChanges > 0
            ? `Offline · ${formatCount(status.pendingChanges)} pending`
            : 'Offline',
        detail: `${sentence(server(status))} cannot be reached; ${counts} Work goes on; changes are sent when the connection returns.${problem}`,
        tone: 'warning',
      };
    case 'unauthorized':
      return {
        label: 'Sign-in needed',
        detail: `${sentence(server(status))} no longer accepts this device: sign in again to resume syncing. ${sentence(counts)}${problem}`,
        tone: 'error',
      };
  }
}
