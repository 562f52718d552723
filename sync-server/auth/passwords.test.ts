import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { bearerToken, hashToken, newToken } from './tokens';

describe('passwords', () => {
  it('verify only the password they were made from, with a fresh salt each time', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(stored);
    expect(await verifyPassword('anything', 'not a hash')).toBe(false);
  });

  it('must be long enough', () => {
    expect(passwordProblem('short')).toMatch(/at least/);
    expect(passwordProblem('long enough password')).toBeUndefined();
  });
});

describe('tokens', () => {
  it('are random and stored as their SHA-256 only', () => {
    const token = newToken();
    expect(token).not.toBe(newToken());
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
