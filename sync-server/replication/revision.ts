/**
 * A document's revision on the server: the SHA-256 of the canonical JSON (keys sorted) of
 * its replicated state, the body plus `_deleted`. RxDB's replication client sends documents
 * without `_rev`, and its `assumedMasterState` is the exact state it last received from or
 * pushed to the server; comparing revisions is therefore RxDB's own "is this the master
 * state I know" check (deep equality), made cheap, and never looks at anyone's clock.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function documentRevision(body: Record<string, unknown>, deleted: boolean): string {
  return createHash('sha256')
    .update(canonicalJson({ ...body, _deleted: deleted }))
    .digest('base64url');
}
