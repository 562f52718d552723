/**
 * Bearer tokens: 256 random bits, shown to the device once. The server keeps only their
 * SHA-256, so a copy of the database does not let anyone sign in as a device.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const TOKEN_PREFIX = 'aet_';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Ids for users and devices: random, opaque, fit within the schemas' id length. */
export function newId(): string {
  return randomUUID();
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
