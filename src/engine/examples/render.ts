import sharp from 'sharp';
import type { ExampleFileSpec } from './entries.ts';

/** Lossy WebP qualities, chosen by measured page weight (docs/examples.md). */
export const CROP_QUALITY = 80;
export const WHOLE_QUALITY = 75;
/**
 * A crop's file is at most this many pixels a side: block4_conv1's 180 px crops are stored at 96 px
 * (about 3.5 kB instead of 10 kB on photographs), so a filter page's 18 crops stay near 65 kB.
 */
export const CROP_FILE_MAX_SIDE = 96;

/** The preprocessed S×S image as shown beside its crops. */
export function encodeWhole(rgb: Uint8Array, size: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).webp({ quality: WHOLE_QUALITY }).toBuffer();
}

/** A crop of the S×S image, at its own pixels up to CROP_FILE_MAX_SIDE (Lanczos-3 below that; the site scales it). */
export function encodeCrop(rgb: Uint8Array, size: number, box: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  const crop = sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).extract(box);
  const stored = box.width > CROP_FILE_MAX_SIDE ? crop.resize(CROP_FILE_MAX_SIDE, CROP_FILE_MAX_SIDE, { kernel: 'lanczos3' }) : crop;
  return stored.webp({ quality: CROP_QUALITY }).toBuffer();
}

/**
 * A heatmap as an RGBA PNG to lay over the whole image: 0–255 of the example's value, in a hot
 * ramp (dark red → yellow → white), transparent where the filter is silent.
 */
export function encodeHeatmap(heat: string, side: number): Promise<Buffer> {
  const levels = Buffer.from(heat, 'base64');
  if (levels.length !== side * side) throw new Error(`a heatmap of ${levels.length} values is not ${side}×${side}`);
  const rgba = Buffer.alloc(side * side * 4);
  levels.forEach((level, i) => {
    const v = level / 255;
    rgba[4 * i] = Math.round(255 * Math.min(1, 0.4 + 1.8 * v));
    rgba[4 * i + 1] = Math.round(255 * Math.min(1, Math.max(0, 2 * v - 0.4)));
    rgba[4 * i + 2] = Math.round(255 * Math.max(0, 3 * v - 2));
    rgba[4 * i + 3] = level;
  });
  return sharp(rgba, { raw: { width: side, height: side, channels: 4 } }).png({ compressionLevel: 9 }).toBuffer();
}

/** The bytes of a file spec, given the image's preprocessed pixels (for whole images and crops). */
export async function renderExampleFile(spec: ExampleFileSpec, pixels: () => Promise<Uint8Array>, size: number): Promise<Buffer> {
  if (spec.kind === 'heatmap') return encodeHeatmap(spec.heat, spec.side);
  const rgb = await pixels();
  return spec.kind === 'whole' ? encodeWhole(rgb, size) : encodeCrop(rgb, size, spec.box);
}
