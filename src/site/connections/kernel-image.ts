/**
 * Kernel pictures for the Connections section: tiny PNGs (one pixel per kernel value, shown
 * enlarged with crisp edges) inlined as data URLs, so a page gets no extra request for them.
 */
import sharp from 'sharp';

type Rgb = readonly [number, number, number];

/** The diverging scale's ends: red for positive, blue for negative, white at zero (ColorBrewer RdBu; KernelLegend's bar repeats them). */
export const POSITIVE: Rgb = [178, 24, 43];
export const NEGATIVE: Rgb = [33, 102, 172];
const ZERO: Rgb = [255, 255, 255];

export function divergingColour(value: number, scale: number): Rgb {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  const amount = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(ZERO[c]! + (end[c]! - ZERO[c]!) * amount)) as unknown as Rgb;
}

async function pngDataUrl(pixels: Uint8Array, side: number): Promise<string> {
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The kernel in red and blue on ±scale. */
export function kernelDataUrl(kernel: Float32Array, side: number, scale: number): Promise<string> {
  const pixels = new Uint8Array(side * side * 3);
  kernel.forEach((value, k) => pixels.set(divergingColour(value, scale), k * 3));
  return pngDataUrl(pixels, side);
}

/** Three channel kernels (red, green, blue) as one colour picture: mid grey is 0, each channel's ±scale its 0 and 255. */
export function rgbKernelDataUrl(channels: readonly Float32Array[], side: number, scale: number): Promise<string> {
  const pixels = new Uint8Array(side * side * 3);
  channels.forEach((kernel, c) => kernel.forEach((value, k) => (pixels[k * 3 + c] = Math.round(127.5 + 127.5 * (scale > 0 ? value / scale : 0)))));
  return pngDataUrl(pixels, side);
}

export type Region = 'top-left' | 'top' | 'top-right' | 'left' | 'centre' | 'right' | 'bottom-left' | 'bottom' | 'bottom-right';

/** What a text equivalent says of a kernel: its extremes and where the positive and negative weight sit. */
export interface KernelFacts {
  readonly max: { readonly value: number; readonly row: number; readonly column: number };
  readonly min: { readonly value: number; readonly row: number; readonly column: number };
  /** Centre of mass of the positive (negative) values, or undefined when there are none. */
  readonly positive: Region | undefined;
  readonly negative: Region | undefined;
}

export function kernelFacts(kernel: Float32Array, side: number): KernelFacts {
  let max = { value: -Infinity, row: 0, column: 0 };
  let min = { value: Infinity, row: 0, column: 0 };
  const mass = { positive: [0, 0, 0], negative: [0, 0, 0] };
  kernel.forEach((value, k) => {
    const row = Math.floor(k / side);
    const column = k % side;
    if (value > max.value) max = { value, row, column };
    if (value < min.value) min = { value, row, column };
    const sums = value > 0 ? mass.positive : mass.negative;
    sums[0]! += Math.abs(value);
    sums[1]! += Math.abs(value) * row;
    sums[2]! += Math.abs(value) * column;
  });
  const region = ([weight, row, column]: number[]): Region | undefined => {
    if (!weight) return undefined;
    const third = (position: number): number => Math.min(2, Math.floor(((position / weight + 0.5) / side) * 3));
    const names: Region[] = ['top-left', 'top', 'top-right', 'left', 'centre', 'right', 'bottom-left', 'bottom', 'bottom-right'];
    return names[third(row!) * 3 + third(column!)];
  };
  return { max, min, positive: region(mass.positive), negative: region(mass.negative) };
}
