/**
 * Which state of one `escalations` document stands when devices wrote it differently. The id
 * is deterministic (`issueId:ruleId:cycle:level`), so two devices that fire the same level
 * while apart write one document twice, with their own `firedAt`, `firedBy` and `deviceId`
 * (and, for a clock start, maybe their own `dueAt`). The earlier firing stands; equal times
 * are decided by the device id, then by the whole state, so any two states are ordered and
 * every device and the server pick the same one, whatever order the states reach them in:
 * the standing state is the least of all written, and taking the least is commutative,
 * associative and idempotent.
 *
 * The server keeps the least of what is stored and what is pushed (push-batch.ts); the
 * device's conflict handler resolves to the least of its own and the server's.
 */
import { canonicalJson } from './canonical-json';

/** What the order reads of a state: any replicated `escalations` document is one. */
export interface EscalationState {
  firedAt: number;
  deviceId: string;
  _deleted?: boolean;
}

/** Negative when `a` stands over `b`, positive when `b` does, 0 for the same state. */
export function compareEscalationStates(a: EscalationState, b: EscalationState): number {
  if (a.firedAt !== b.firedAt) return a.firedAt < b.firedAt ? -1 : 1;
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  const left = canonicalJson({ ...a, _deleted: a._deleted === true });
  const right = canonicalJson({ ...b, _deleted: b._deleted === true });
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The state that stands of the two. */
export function standingEscalation<T extends EscalationState>(a: T, b: T): T {
  return compareEscalationStates(a, b) <= 0 ? a : b;
}
