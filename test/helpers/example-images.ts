/** A small image set made in code for the dataset-examples tests: known patterns and bad files. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** Orientations of the gratings, in degrees: the stripes' direction of variation (0 = vertical stripes). */
export const GRATING_ANGLES = [0, 45, 90, 135] as const;

function rgbImage(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b], (y * width + x) * 3);
    }
  }
  return data;
}

function png(data: Buffer, width: number, height: number, channels: 1 | 3 | 4 = 3): Promise<Buffer> {
  return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
}

/** A black-and-white sinusoidal grating whose intensity varies along `degrees`. */
export function grating(size: number, degrees: number, period: number, phase = 0): Buffer {
  const angle = (degrees * Math.PI) / 180;
  return rgbImage(size, size, (x, y) => {
    const v = Math.round(127.5 + 127.5 * Math.sin((2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle))) / period + phase));
    return [v, v, v];
  });
}

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function noise(size: number, seed: number): Buffer {
  let state = seed >>> 0;
  return rgbImage(size, size, () => {
    const next = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state >>> 24;
    };
    return [next(), next(), next()];
  });
}

export interface ExampleSetFiles {
  readonly dir: string;
  /** Relative paths of the good images, by kind. */
  readonly gratings: ReadonlyMap<number, readonly string[]>;
  readonly good: readonly string[];
  /** Relative paths of the files that must be skipped. */
  readonly bad: readonly string[];
}

/**
 * Writes the set under `dir`: gratings (two phases per orientation), colour patches,
 * checkerboards, noise, and the awkward-but-good files (greyscale, CMYK, EXIF-rotated, 16-bit,
 * alpha, non-square), plus bad ones (a truncated JPEG, a text file named .png, a 1×1 image).
 */
export async function writeExampleSet(dir: string, size = 48): Promise<ExampleSetFiles> {
  const files = new Map<string, Buffer>();
  const gratings = new Map<number, string[]>();
  for (const degrees of GRATING_ANGLES) {
    for (const phase of [0, 1.5]) {
      const name = `gratings/deg${degrees}-phase${phase}.png`;
      files.set(name, await png(grating(size, degrees, 8, phase), size, size));
      gratings.set(degrees, [...(gratings.get(degrees) ?? []), name]);
    }
  }
  for (const [name, colour] of [['red', [220, 30, 30]], ['green', [30, 200, 40]], ['blue', [30, 40, 220]], ['yellow', [230, 220, 40]]] as const) {
    files.set(`patches/${name}.png`, await png(rgbImage(size, size, (x, y) => (Math.abs(x - size / 2) < size / 4 && Math.abs(y - size / 2) < size / 4 ? colour : [128, 128, 128])), size, size));
  }
  files.set('checkers/checker-4.png', await png(rgbImage(size, size, (x, y) => ((Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? [255, 255, 255] : [0, 0, 0])), size, size));
  files.set('noise/noise-1.png', await png(noise(size, 1), size, size));
  files.set('noise/noise-2.JPG', await sharp(noise(size, 2), { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  const grey = Buffer.from(Array.from({ length: size * size }, (_, i) => (i * 7) % 256));
  files.set('odd/greyscale.png', await png(grey, size, size, 1));
  const photo = rgbImage(size * 2, size, (x, y) => [x % 256, (y * 3) % 256, (x + y) % 256]);
  files.set('odd/cmyk.jpg', await sharp(photo, { raw: { width: size * 2, height: size, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer());
  files.set('odd/exif-rotated.jpg', await sharp(photo, { raw: { width: size * 2, height: size, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer());
  files.set('odd/sixteen-bit.png', await sharp(photo, { raw: { width: size * 2, height: size, channels: 3 } }).toColourspace('rgb16').png().toBuffer());
  const alpha = Buffer.from(Array.from({ length: size * size * 4 }, (_, i) => (i % 4 === 3 ? (i % 7) * 30 : (i * 13) % 256)));
  files.set('odd/alpha.webp', await sharp(alpha, { raw: { width: size, height: size, channels: 4 } }).webp({ lossless: true }).toBuffer());
  const good = [...files.keys()];
  const jpeg = await sharp(noise(size, 3), { raw: { width: size, height: size, channels: 3 } }).jpeg().toBuffer();
  files.set('bad/truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  files.set('bad/not-an-image.png', Buffer.from('this is a text file, not a PNG\n'));
  files.set('bad/one-pixel.png', await png(Buffer.from([10, 20, 30]), 1, 1));
  files.set('notes.txt', Buffer.from('ignored: not an image extension\n'));
  for (const [name, bytes] of files) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }
  return { dir, gratings, good, bad: ['bad/not-an-image.png', 'bad/one-pixel.png', 'bad/truncated.jpg'] };
}
