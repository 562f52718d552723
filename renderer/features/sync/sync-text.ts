/** The replication status in words for the sync panel. */
import { isCurrentError, type SyncStatus } from '../../../shared/core/sync/sync-status';
import { describeAge, formatCount, formatDateTime } from '../../components/issue-format';

export type SyncTone = 'neutral' | 'good' | 'busy' | 'warning' | 'error';

export function stateText(status: SyncStatus): { title: string; tone: SyncTone } {
  switch (status.state) {
    case 'stopped':
      return { title: 'Not signed in', tone: 'neutral' };
    case 'connecting':
      return { title: 'Connecting…', tone: 'busy' };
    case 'online':
      return status.syncing
        ? { title: 'Online, syncing…', tone: 'busy' }
        : { title: 'Online', tone: 'good' };
    case 'offline':
      return { title: 'Offline', tone: 'warning' };
    case 'unauthorized':
      return { title: 'Sign-in needed', tone: 'error' };
  }
}

export function pendingText(pending: number): string {
  if (pending === 0) return 'None: everything made here is on the server';
  return `${formatCount(pending)} change${pending === 1 ? '' : 's'} waiting to be sent`;
}

export function lastSyncText(at: number | null, now: number): string {
  return at === null ? 'Not yet' : `${formatDateTime(at)} (${describeAge(at, now)})`;
}

export interface ErrorText {
  message: string;
  when: string;
  /** The error happened after the last complete sync: it still matters. */
  current: boolean;
}

export function lastErrorText(status: SyncStatus, now: number): ErrorText | undefined {
  const error = status.lastError;
  if (!error) return undefined;
  const where = error.collection === undefined ? '' : ` (${error.collection.replace('_', ' ')})`;
  return {
    message: `${error.message}${where}`,
    when: `${formatDateTime(error.at)} (${describeAge(error.at, now)})`,
    current: isCurrentError(status),
  };
}

/**
 * The changes the server refused, in words: a headline with their count, each distinct
 * reason once, and the issues they concern. Undefined when there are none.
 */
export function refusedText(
  status: SyncStatus,
):
  | { headline: string; reasons: string[]; issues: { issueId: string; title: string }[] }
  | undefined {
  const refused = status.refusedChanges;
  if (refused.length === 0) return undefined;
  const count = refused.length;
  // Each issue concerned once, named by its title where the issue itself was refused.
  const titles = new Map<string, string | undefined>();
  for (const change of refused) {
    if (change.issueId === undefined) continue;
    const title = change.collection === 'issues' ? change.title : undefined;
    titles.set(change.issueId, title ?? titles.get(change.issueId));
  }
  return {
    issues: [...titles].map(([issueId, title]) => ({ issueId, title: title ?? 'An issue' })),
    headline: `${formatCount(count)} change${count === 1 ? ' was' : 's were'} not accepted by the server; ${count === 1 ? 'it stays' : 'they stay'} on this device and ${count === 1 ? 'is' : 'are'} sent again once you have access.`,
    reasons: [...new Set(refused.map((change) => change.message))],
  };
}

/** The host of the server address, as people recognise it. */
export function serverName(serverUrl: string | null): string {
  if (serverUrl === null) return 'No server';
  return serverUrl.replace(/^https?:\/\//, '');
}
