/**
 * The atlas's preprocessing of a visitor's image, as the browser does it: the centred square of
 * the (EXIF-oriented) image, scaled to the network's side (that is, shorter side to `side`, then
 * the centre crop), then the caffe input: BGR in 0–255 minus the ImageNet BGR mean
 * (engine/transform/caffe.ts). What is allowed in: neither tiny nor enormous images.
 */
import { CAFFE_BGR_MEAN } from '../../engine/transform/caffe.ts';

/** Shorter sides below this are refused: there is nothing for the filters to see. */
export const MIN_IMAGE_SIDE = 32;
/** More pixels than this are refused before they are decoded (about 200 MB as RGBA). */
export const MAX_IMAGE_PIXELS = 50_000_000;

export type SizeProblem = 'too-small' | 'too-large';

export function sizeProblem(width: number, height: number): SizeProblem | undefined {
  if (Math.min(width, height) < MIN_IMAGE_SIDE) return 'too-small';
  if (width * height > MAX_IMAGE_PIXELS) return 'too-large';
  return undefined;
}

/** The centred square of a width×height image, in its pixels: what is scaled to the network's side. */
export function centreSquare(width: number, height: number): { x: number; y: number; side: number } {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, side };
}

/** RGBA bytes (a canvas's ImageData) → caffe input, side×side×3 float32, channels BGR. */
export function caffeFromRgba(rgba: Uint8ClampedArray | Uint8Array, side: number): Float32Array {
  if (rgba.length !== side * side * 4) throw new RangeError(`expected ${side}×${side} RGBA pixels, got ${rgba.length} bytes`);
  const [meanB, meanG, meanR] = CAFFE_BGR_MEAN;
  const out = new Float32Array(side * side * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    out[o] = rgba[i + 2]! - meanB;
    out[o + 1] = rgba[i + 1]! - meanG;
    out[o + 2] = rgba[i]! - meanR;
  }
  return out;
}
