/**
 * The error every refusal is thrown as; the HTTP layer turns it into its status and a
 * SyncErrorBody. Throwing one inside a transaction rolls the transaction back.
 */
import type { SyncErrorBody, SyncErrorCode, SyncProblem } from '../../shared/sync/protocol';

export const STATUS_OF: Record<SyncErrorCode, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'already-exists': 409,
  'too-large': 413,
  'invalid-document': 422,
  'unknown-parent': 422,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

export class SyncError extends Error {
  override readonly name = 'SyncError';

  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly problems: readonly SyncProblem[] = [],
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_OF[this.code];
  }

  toBody(): SyncErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.problems.length > 0 ? { problems: [...this.problems] } : {}),
    };
  }
}
