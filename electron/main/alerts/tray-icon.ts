/**
 * The tray icon, drawn in code (no image file to package or find at run time): a round badge
 * in the app's blue, red with an exclamation mark while issues are overdue. 32×32 pixels
 * shown at 16 points, in BGRA order for `nativeImage.createFromBitmap`.
 */
import type { TrayImage } from '../electron-api';

export type TrayIconState = 'calm' | 'attention';

const SIZE = 32;
/** Sub-samples per pixel side, for smooth edges. */
const SAMPLES = 4;
const COLORS: Record<TrayIconState, [number, number, number]> = {
  calm: [0x1f, 0x5f, 0xa8],
  attention: [0xc6, 0x28, 0x28],
};

/** How much of the pixel (x, y) a shape covers, 0 to 1. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (inside(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

const centre = SIZE / 2;
const disc = (px: number, py: number) => (px - centre) ** 2 + (py - centre) ** 2 <= 15 ** 2;
/** A white ring (calm) or an exclamation mark (attention) on the disc. */
const marks: Record<TrayIconState, (px: number, py: number) => boolean> = {
  calm: (px, py) => {
    const d = Math.hypot(px - centre, py - centre);
    return d >= 5.5 && d <= 9;
  },
  attention: (px, py) =>
    (Math.abs(px - centre) <= 2.2 && py >= 6.5 && py <= 19.5) ||
    (px - centre) ** 2 + (py - 24.5) ** 2 <= 2.6 ** 2,
};

export function trayIcon(state: TrayIconState): TrayImage {
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  const [red, green, blue] = COLORS[state];
  const mark = marks[state];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const alpha = coverage(x, y, disc);
      const white = coverage(x, y, (px, py) => disc(px, py) && mark(px, py));
      const i = (y * SIZE + x) * 4;
      // Premultiplied: colour channels scaled by coverage, white blended over the disc.
      pixels[i] = Math.round(blue * (alpha - white) + 255 * white);
      pixels[i + 1] = Math.round(green * (alpha - white) + 255 * white);
      pixels[i + 2] = Math.round(red * (alpha - white) + 255 * white);
      pixels[i + 3] = Math.round(255 * alpha);
    }
  }
  return { pixels, width: SIZE, height: SIZE, scaleFactor: 2 };
}
