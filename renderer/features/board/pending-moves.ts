/**
 * The moves the user made on the board that the core has not confirmed yet, kept per column:
 * a move is listed under the status it left and the one it goes to. Changing one move makes
 * new lists for its two columns only, so the other columns receive the very same props and
 * are not rendered again.
 */
import type { Issue } from '../../../shared/domain';

/** A move the user made that the core has not confirmed yet. */
export interface PendingMove {
  issue: Issue;
  from: string;
  to: string;
}

/** The pending moves of each column, by status id. */
export type PendingByColumn = ReadonlyMap<string, readonly PendingMove[]>;

/** No pending move: one shared instance, so a column without moves keeps equal props. */
export const NO_MOVES: readonly PendingMove[] = [];

/** Without the issue's pending move; only the lists of the columns it was in are new. */
export function withoutMove(pending: PendingByColumn, issueId: string): PendingByColumn {
  let next: Map<string, readonly PendingMove[]> | undefined;
  for (const [statusId, moves] of pending) {
    if (!moves.some((move) => move.issue.id === issueId)) continue;
    next ??= new Map(pending);
    const left = moves.filter((move) => move.issue.id !== issueId);
    if (left.length === 0) next.delete(statusId);
    else next.set(statusId, left);
  }
  return next ?? pending;
}

/** With `move`, replacing the issue's earlier one: new lists for the columns concerned only. */
export function withMove(pending: PendingByColumn, move: PendingMove): PendingByColumn {
  const next = new Map(withoutMove(pending, move.issue.id));
  for (const statusId of new Set([move.from, move.to])) {
    next.set(statusId, [...(next.get(statusId) ?? []), move]);
  }
  return next;
}
