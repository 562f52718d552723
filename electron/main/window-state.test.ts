import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  MIN_WINDOW_SIZE,
  parseWindowState,
  readWindowState,
  writeWindowState,
} from './window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitorOnTheRight = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'autoescalate-window-state-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('survives a write and a read', () => {
    const file = join(directory, 'nested', 'window-state.json');
    writeWindowState(file, { x: 40, y: 30, width: 1200, height: 700, maximized: true });
    expect(readWindowState(file)).toEqual({
      x: 40,
      y: 30,
      width: 1200,
      height: 700,
      maximized: true,
    });
  });

  it('falls back to the default for a missing, broken or implausible file', () => {
    const file = join(directory, 'window-state.json');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": 12');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: -5, height: 'tall' }));
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps a position only when both coordinates are plausible', () => {
    expect(parseWindowState({ x: 10, width: 900, height: 700 })).toEqual({
      width: 900,
      height: 700,
      maximized: false,
    });
    expect(parseWindowState({ x: 1e9, y: 0, width: 900, height: 700 })).not.toHaveProperty('x');
    expect(parseWindowState(null)).toBeUndefined();
  });

  it('keeps a window that is on a display where it was', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [laptop, monitorOnTheRight])).toEqual(state);
  });

  it('drops the position of a window whose display is gone', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('never returns a window smaller than the minimum or larger than every display', () => {
    const area = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 320, max: 8000 }),
      height: fc.integer({ min: 240, max: 5000 }),
    });
    const state = fc.record({
      x: fc.integer({ min: -100_000, max: 100_000 }),
      y: fc.integer({ min: -100_000, max: 100_000 }),
      width: fc.integer({ min: 1, max: 100_000 }),
      height: fc.integer({ min: 1, max: 100_000 }),
      maximized: fc.boolean(),
    });
    fc.assert(
      fc.property(state, fc.array(area, { minLength: 1, maxLength: 3 }), (s, areas) => {
        const fitted = fitToDisplays(s, areas);
        const widest = Math.max(MIN_WINDOW_SIZE.width, ...areas.map((a) => a.width));
        const tallest = Math.max(MIN_WINDOW_SIZE.height, ...areas.map((a) => a.height));
        expect(fitted.width).toBeGreaterThanOrEqual(MIN_WINDOW_SIZE.width);
        expect(fitted.height).toBeGreaterThanOrEqual(MIN_WINDOW_SIZE.height);
        expect(fitted.width).toBeLessThanOrEqual(widest);
        expect(fitted.height).toBeLessThanOrEqual(tallest);
        expect(fitted.maximized).toBe(s.maximized);
        if (fitted.x !== undefined && fitted.y !== undefined) {
          const { x, y } = fitted;
          // Part of the top edge lies on some display.
          expect(
            areas.some(
              (a) =>
                x < a.x + a.width && x + fitted.width > a.x && y >= a.y - 1 && y < a.y + a.height,
            ),
          ).toBe(true);
        }
      }),
    );
  });
});
