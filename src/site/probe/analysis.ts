/**
 * What the probe page computes from one layer's activations on the visitor's image, in plain
 * TypeScript (the browser runs it on the runtime's output; tests run it too): each filter's mean
 * post-ReLU activation, the ranking, and the semantic dictionary's cells.
 */

/** One layer's post-ReLU activations on one image: side×side×channels, channels last. */
export interface ActivationMap {
  readonly side: number;
  readonly channels: number;
  readonly values: Float32Array;
}

/** A window of the map, in its own pixels (as the engine's MapRegion). */
export interface MapCell {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

export interface RankedFilter {
  readonly index: number;
  /** Mean post-ReLU activation over the map (or a cell of it). */
  readonly value: number;
  /** 1 for the strongest. */
  readonly rank: number;
}

/** The semantic dictionary divides the image into this many cells a side, at every layer. */
export const DICTIONARY_CELLS = 14;

/** Each filter's mean activation over `cell` (default: the whole map). */
export function meanActivations(map: ActivationMap, cell?: MapCell): Float32Array {
  const { side, channels, values } = map;
  const { top, left, height, width } = cell ?? { top: 0, left: 0, height: side, width: side };
  const sums = new Float64Array(channels);
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) {
      const offset = (y * side + x) * channels;
      for (let c = 0; c < channels; c++) sums[c]! += values[offset + c]!;
    }
  }
  const count = height * width;
  return Float32Array.from(sums, (sum) => sum / count);
}

/** Filters by value, strongest first; equal values by index. */
export function rankFilters(means: Float32Array): RankedFilter[] {
  return [...means.keys()]
    .sort((a, b) => means[b]! - means[a]! || a - b)
    .map((index, position) => ({ index, value: means[index]!, rank: position + 1 }));
}

/** The map pixels under dictionary cell (row, column): the cells tile the map, as evenly as its side allows. */
export function dictionaryCell(side: number, row: number, column: number, cells = DICTIONARY_CELLS): MapCell {
  const edge = (k: number): number => Math.floor((k * side) / cells);
  return { top: edge(row), left: edge(column), height: Math.max(1, edge(row + 1) - edge(row)), width: Math.max(1, edge(column + 1) - edge(column)) };
}

/** One filter's map, side×side, row-major. */
export function filterMap(map: ActivationMap, index: number): Float32Array {
  const { side, channels, values } = map;
  const out = new Float32Array(side * side);
  for (let i = 0; i < out.length; i++) out[i] = values[i * channels + index]!;
  return out;
}

/** An activation as the page writes it: 4 significant digits (0 as "0"). */
export function formatActivation(value: number): string {
  if (value === 0) return '0';
  return Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(3) : value.toPrecision(4);
}
