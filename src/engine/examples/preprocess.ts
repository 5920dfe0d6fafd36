import sharp, { type Sharp } from 'sharp';
import { CAFFE_BGR_MEAN } from '../transform/caffe.ts';

/**
 * The one fixed preprocessing of dataset examples: decode with sharp (EXIF orientation applied),
 * any colour space or depth to 8-bit sRGB, alpha flattened onto white, shorter side resized to S
 * (Lanczos-3) and centre-cropped to S×S; an image already S×S is used as it is.
 */
export const DEFAULT_EXAMPLE_SIZE = 224;
/** Declared pixels above which an image is refused before decoding (sharp's limitInputPixels). */
export const PIXEL_LIMIT = 50_000_000;
/** A shorter side below this is skipped: upscaling it to S would only show the resampling. */
export const MIN_IMAGE_SIDE = 16;
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'gif', 'tif', 'tiff'] as const;

export const RESIZE_RULE =
  'sharp: EXIF orientation applied; greyscale, CMYK and 16-bit converted to 8-bit sRGB; alpha flattened onto white; ' +
  `shorter side resized to S (Lanczos-3) and centre-cropped to S×S; an S×S image used as is; shorter side < ${MIN_IMAGE_SIDE} px or more than ${PIXEL_LIMIT / 1e6} Mpx skipped`;
export const INPUT_RULE = `caffe: 0–255 BGR minus the ImageNet BGR mean (${CAFFE_BGR_MEAN.join(', ')}), as the enhanced method feeds the network`;

/** Why a file was not used: one short phrase for the summary. */
export class SkippedImageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkippedImageError';
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return `more than ${PIXEL_LIMIT / 1e6} Mpx`;
  if (/unsupported image format|Input buffer contains unsupported/i.test(message)) return 'not an image';
  if (/premature end|truncated|VipsJpeg|read error|corrupt|invalid/i.test(message)) return `unreadable or truncated (${message.split('\n')[0]!.slice(0, 80)})`;
  return message.split('\n')[0]!.slice(0, 120);
}

/** `source` (a file path or its bytes) as S×S×3 RGB uint8, HWC; throws SkippedImageError for a file to skip. */
export async function preprocessImage(source: string | Buffer, size: number): Promise<Uint8Array> {
  const open = (): Sharp => sharp(source, { limitInputPixels: PIXEL_LIMIT, failOn: 'error' });
  let width: number;
  let height: number;
  try {
    ({ width, height } = (await open().metadata()).autoOrient);
  } catch (error) {
    throw new SkippedImageError(reasonOf(error));
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) throw new SkippedImageError(`too small (${width}×${height})`);
  try {
    let pipeline = open().autoOrient().flatten({ background: '#ffffff' }).toColourspace('srgb');
    if (width !== size || height !== size) pipeline = pipeline.resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' });
    const { data, info } = await pipeline.removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.width !== size || info.height !== size || info.channels !== 3) throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new SkippedImageError(reasonOf(error));
  }
}

/** Images (RGB uint8, S×S×3) as one caffe batch, NHWC; an absent image is all zeros (the mean colour). */
export function caffeBatch(images: readonly (Uint8Array | undefined)[], size: number): Float32Array {
  const perImage = size * size * 3;
  const out = new Float32Array(images.length * perImage);
  const [mb, mg, mr] = CAFFE_BGR_MEAN;
  images.forEach((rgb, b) => {
    if (!rgb) return;
    const base = b * perImage;
    for (let i = 0; i < perImage; i += 3) {
      out[base + i] = rgb[i + 2]! - mb;
      out[base + i + 1] = rgb[i + 1]! - mg;
      out[base + i + 2] = rgb[i]! - mr;
    }
  });
  return out;
}
