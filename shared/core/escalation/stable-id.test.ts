import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_MAX } from '../../domain';
import { stableId } from './stable-id';

describe('stableId', () => {
  it('is the same for the same key, fits a document id, and differs for near keys', () => {
    const id = stableId('3f1c:critical-unacknowledged:1:2.4#event');
    expect(id).toBe(stableId('3f1c:critical-unacknowledged:1:2.4#event'));
    expect(id).toMatch(/^esc-[0-9a-f]{32}$/);
    expect(id.length).toBeLessThanOrEqual(ID_MAX);
    expect(stableId('a:b:1:1#0')).not.toBe(stableId('a:b:1:1#1'));
  });

  it('does not collide on many distinct escalation keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 80 }), {
          minLength: 2,
          maxLength: 300,
        }),
        (keys) => {
          expect(new Set(keys.map(stableId)).size).toBe(keys.length);
        },
      ),
    );
  });
});
