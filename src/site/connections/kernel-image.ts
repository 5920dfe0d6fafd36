/**
 * Kernel pictures for the Connections section as small inline SVGs (the pages' content security
 * policy allows no data: images): one square per kernel value, the red–blue ones drawn as one path per
 * colour level, so a page gets no extra request and stays light.
 */
import { escapeXml } from '../loss-plot.ts';

type Rgb = readonly [number, number, number];

/** The diverging scale's ends: red for positive, blue for negative, white at zero (ColorBrewer RdBu; KernelLegend's bar repeats them). */
export const POSITIVE: Rgb = [178, 24, 43];
export const NEGATIVE: Rgb = [33, 102, 172];
const ZERO: Rgb = [255, 255, 255];
/** Colour steps on each side of zero: the picture's values are these levels of ±scale. */
export const LEVELS = 8;

/** `value` as a share of ±scale, clamped to [−1, 1]; 0 when there is no scale. */
function onScale(value: number, scale: number): number {
  return scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
}

export function divergingColour(value: number, scale: number): Rgb {
  const t = onScale(value, scale);
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  const amount = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(ZERO[c]! + (end[c]! - ZERO[c]!) * amount)) as unknown as Rgb;
}

const css = ([r, g, b]: Rgb): string => `rgb(${r},${g},${b})`;

function svg(side: number, size: number, label: string, body: string): string {
  return (
    `<svg class="connections-kernel" role="img" aria-label="${escapeXml(label)}" viewBox="0 0 ${side} ${side}" width="${size}" height="${size}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>${body}</svg>`
  );
}

/** The kernel in red and blue on ±scale, in LEVELS steps each way; `label` is its text equivalent. */
export function kernelSvg(kernel: Float32Array, side: number, scale: number, size: number, label: string): string {
  const cells = new Map<number, string[]>();
  kernel.forEach((value, k) => {
    const level = Math.round(onScale(value, scale) * LEVELS);
    if (level !== 0) cells.set(level, [...(cells.get(level) ?? []), `M${k % side} ${Math.floor(k / side)}h1v1h-1z`]);
  });
  const paths = [...cells].map(([level, parts]) => `<path fill="${css(divergingColour(level / LEVELS, 1))}" d="${parts.join('')}"/>`);
  return svg(side, size, label, paths.join(''));
}

/** Three channel kernels (red, green, blue) as one colour picture: mid grey is 0, each channel's ±scale its 0 and 255. */
export function rgbKernelSvg(channels: readonly Float32Array[], side: number, scale: number, size: number, label: string): string {
  const level = (value: number): number => Math.round(127.5 + 127.5 * onScale(value, scale));
  const rects = Array.from({ length: side * side }, (_, k) => {
    const colour = channels.map((kernel) => level(kernel[k] ?? 0)) as unknown as Rgb;
    return `<rect x="${k % side}" y="${Math.floor(k / side)}" width="1" height="1" fill="${css(colour)}"/>`;
  });
  return svg(side, size, label, rects.join(''));
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
