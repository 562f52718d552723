/**
 * The main window's size, position and maximized state, remembered in a small JSON file in
 * the user-data folder. A file that is missing, unreadable or implausible gives the default;
 * a position no longer on any display (a monitor was unplugged) is dropped.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Rectangle } from './electron-api';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
/** How much of the window's top edge must be on a display for the position to be kept. */
const VISIBLE_EDGE = { width: 120, height: 40 } as const;
const COORDINATE_LIMIT = 100_000;

export const WINDOW_STATE_FILE = 'window-state.json';

function isCoordinate(value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= COORDINATE_LIMIT;
}

/** The state in `value` if it is a plausible one, else undefined. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height, maximized } = value as Record<string, unknown>;
  if (!isCoordinate(width) || !isCoordinate(height) || width <= 0 || height <= 0) return undefined;
  const state: WindowState = { width, height, maximized: maximized === true };
  if (isCoordinate(x) && isCoordinate(y)) {
    state.x = x;
    state.y = y;
  }
  return state;
}

export function readWindowState(file: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8'))) ?? { ...DEFAULT_WINDOW_STATE };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Writes the state atomically (a crash leaves the old file or the new one, never half). */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Fits a remembered state to today's displays: at least the minimum size, at most the
 * largest work area, and a position only if the window's top edge is visible on a display.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, ...workAreas.map((area) => area.height));
  const width = Math.min(Math.max(state.width, MIN_WINDOW_SIZE.width), maxWidth);
  const height = Math.min(Math.max(state.height, MIN_WINDOW_SIZE.height), maxHeight);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x !== undefined && state.y !== undefined) {
    const topEdge = { x: state.x, y: state.y, width, height: VISIBLE_EDGE.height };
    const visible = workAreas.some((area) => {
      const shown = overlap(topEdge, area);
      return (
        shown.width >= Math.min(VISIBLE_EDGE.width, width) && shown.height >= VISIBLE_EDGE.height
      );
    });
    if (visible) {
      fitted.x = state.x;
      fitted.y = state.y;
    }
  }
  return fitted;
}
