/**
 * A document's revision on the server: the SHA-256 of the canonical JSON (keys sorted) of
 * its replicated state, the body plus `_deleted`. RxDB's replication client sends documents
 * without `_rev`, and its `assumedMasterState` is the exact state it last received from or
 * pushed to the server; comparing revisions is therefore RxDB's own "is this the master
 * state I know" check (deep equality), made cheap, and never looks at anyone's clock.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/sync/canonical-json';

export { canonicalJson };

export function documentRevision(body: Record<string, unknown>, deleted: boolean): string {
  return createHash('sha256')
    .update(canonicalJson({ ...body, _deleted: deleted }))
    .digest('base64url');
}
