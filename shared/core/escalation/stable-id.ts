/**
 * Deterministic document ids for what an escalation writes (its history event, its
 * comments), so that two devices that fire the same level offline write the same documents
 * and converge on one. Escalation ids can be longer than a document id may be, so the id is
 * a 128-bit hash of the key (four FNV-1a passes with different offsets), not the key itself.
 */
const OFFSETS = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b] as const;

function fnv1a(text: string, offset: number): number {
  let hash = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche, so that keys differing only at the end differ in every digit.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** `esc-` and 32 hex digits, the same for the same key on every device (36 characters). */
export function stableId(key: string): string {
  let hex = 'esc-';
  for (const offset of OFFSETS) hex += fnv1a(key, offset).toString(16).padStart(8, '0');
  return hex;
}
