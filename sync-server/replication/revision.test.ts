import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, documentRevision } from './revision';

const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, seed));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
    return Object.fromEntries(rotated.map(([key, item]) => [key, shuffleKeys(item, seed)]));
  }
  return value;
}

describe('document revisions', () => {
  it('do not depend on key order', () => {
    fc.assert(
      fc.property(json, fc.nat(10), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
      }),
    );
  });

  it('are equal exactly when the states are deeply equal', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), json),
        fc.dictionary(fc.string(), json),
        fc.boolean(),
        (a, b, deleted) => {
          const same = canonicalJson(a) === canonicalJson(b);
          expect(documentRevision(a, deleted) === documentRevision(b, deleted)).toBe(same);
        },
      ),
    );
  });

  it('tell a deleted state from a live one', () => {
    expect(documentRevision({ id: 'a' }, true)).not.toBe(documentRevision({ id: 'a' }, false));
  });
});
