/**
 * The visitor's image → the network's input, in the browser: upright from its EXIF orientation
 * (createImageBitmap's imageOrientation 'from-image'), its centred square scaled to side×side on a
 * canvas (halving first while it is more than twice as large, so a huge photo is brought down
 * smoothly), then the caffe input. Refuses what is not an image, too small, or too large to decode.
 */
import type { ClientStringKey } from '../../site/probe/i18n.ts';
import { caffeFromRgba, centreSquare, MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE, sizeProblem } from '../../site/probe/preprocess.ts';

/** A problem with the image, told to the visitor with one of the page's texts. */
export class ImageProblem extends Error {
  readonly key: ClientStringKey;
  readonly values: Readonly<Record<string, string | number>>;

  constructor(key: ClientStringKey, values: Readonly<Record<string, string | number>>) {
    super(key);
    this.key = key;
    this.values = values;
  }
}

export interface PreparedImage {
  /** side×side×3, caffe BGR. */
  readonly pixels: Float32Array;
  /** What the network sees, as a side×side canvas. */
  readonly canvas: HTMLCanvasElement;
}

/** The image's size from its header, without decoding its pixels. */
function naturalSize(blob: Blob, name: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const image = new Image();
    image.onload = () => {
      URL.revokeObjectURL(url);
      resolve({ width: image.naturalWidth, height: image.naturalHeight });
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new ImageProblem('notImage', { name }));
    };
    image.src = url;
  });
}

function checkSize(width: number, height: number): void {
  const problem = sizeProblem(width, height);
  if (problem === 'too-small') throw new ImageProblem('tooSmall', { width, height, min: MIN_IMAGE_SIDE });
  if (problem === 'too-large') throw new ImageProblem('tooLarge', { width, height, max: MAX_IMAGE_PIXELS / 1e6 });
}

function canvasOf(side: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas');
  return { canvas, context };
}

/** The centred square of `bitmap` at side×side, on white (for transparent images). */
function squareCanvas(bitmap: ImageBitmap, side: number): HTMLCanvasElement {
  const square = centreSquare(bitmap.width, bitmap.height);
  let source: CanvasImageSource = bitmap;
  let region = square;
  // Halve while more than twice too large: one big scaling step would skip most source pixels.
  while (region.side > 2 * side) {
    const half = Math.ceil(region.side / 2);
    const step = canvasOf(half);
    step.context.imageSmoothingQuality = 'high';
    step.context.drawImage(source, region.x, region.y, region.side, region.side, 0, 0, half, half);
    source = step.canvas;
    region = { x: 0, y: 0, side: half };
  }
  const { canvas, context } = canvasOf(side);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, side, side);
  // An image already side×side is used as it is, pixel for pixel.
  context.imageSmoothingEnabled = region.side !== side;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, region.x, region.y, region.side, region.side, 0, 0, side, side);
  return canvas;
}

export async function prepareImage(blob: Blob, name: string, side: number): Promise<PreparedImage> {
  const size = await naturalSize(blob, name);
  checkSize(size.width, size.height);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageProblem('notImage', { name });
  }
  try {
    checkSize(bitmap.width, bitmap.height);
    const canvas = squareCanvas(bitmap, side);
    const rgba = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, side, side).data;
    return { pixels: caffeFromRgba(rgba, side), canvas };
  } finally {
    bitmap.close();
  }
}

/** What this page needs from the browser, or false. */
export function browserCanProbe(): boolean {
  return typeof WebAssembly === 'object' && typeof createImageBitmap === 'function' && typeof fetch === 'function' && !!document.createElement('canvas').getContext;
}
