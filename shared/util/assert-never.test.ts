import { describe, expect, it } from 'vitest';
import { assertNever } from './assert-never';

describe('assertNever', () => {
  it('names what it did not expect', () => {
    expect(() => assertNever('x' as never, 'status')).toThrow('unexpected status: "x"');
  });
});
