import { z } from 'zod';
import type { MapSummary } from '../runtime/map-summary.ts';
import { QuantileSketch } from './sketch.ts';

/**
 * The bounded streaming tracker of one layer: per filter, the k images with the highest pre-ReLU
 * maxima and the k with the lowest minima (one entry per image), and the summary counts. It never
 * holds a map; it keeps no pixels either (cropping is a separate step, as in Yosinski's find_maxes,
 * whose max_tracker and crop_max_patches are apart). Ties are broken by the image's path, so the
 * result does not depend on the order images arrive in: any worker count, any shards.
 */

export const Candidate = z.strictObject({
  /** Relative to the examples root. */
  image: z.string(),
  /** SHA-256 of the file's bytes (hex). */
  sha256: z.string(),
  value: z.number(),
  /** Row-major position in the map. */
  position: z.number().int().nonnegative(),
  /** Top examples: the map max-pooled to heatSide², as 0–255 of max(0, value)/the example's value, base64. */
  heat: z.string().optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const FilterState = z.strictObject({
  top: z.array(Candidate),
  bottom: z.array(Candidate),
  /** Images whose maximum is > 0. */
  fired: z.number().int().nonnegative(),
  /** Σ over images of round(post-ReLU mean × 2^16): integers, so sums are exact in any order. */
  meanSum: z.number().int().nonnegative(),
  /** QuantileSketch buckets of the maxima. */
  maxima: z.array(z.tuple([z.string(), z.number().int().positive()])),
});
export type FilterState = z.infer<typeof FilterState>;

export const LayerState = z.strictObject({
  layer: z.string(),
  k: z.number().int().positive(),
  side: z.number().int().positive(),
  heatSide: z.number().int().positive(),
  imageCount: z.number().int().nonnegative(),
  filters: z.array(FilterState),
});
export type LayerState = z.infer<typeof LayerState>;

export const MEAN_SCALE = 2 ** 16;

/** Higher value first for top, lower first for bottom; equal values by path. */
function better(list: 'top' | 'bottom', a: Candidate, b: Candidate): number {
  const byValue = list === 'top' ? b.value - a.value : a.value - b.value;
  return byValue !== 0 ? byValue : a.image < b.image ? -1 : a.image > b.image ? 1 : 0;
}

/** Inserts `candidate` into the sorted list of at most k when it belongs there. */
function offer(list: Candidate[], which: 'top' | 'bottom', candidate: Candidate, k: number): void {
  if (list.length === k && better(which, candidate, list[k - 1]!) >= 0) return;
  let at = list.length;
  while (at > 0 && better(which, candidate, list[at - 1]!) < 0) at--;
  list.splice(at, 0, candidate);
  if (list.length > k) list.pop();
}

function quantizedHeat(heat: Float32Array, offset: number, length: number, value: number): string {
  const bytes = new Uint8Array(length);
  if (value > 0) for (let i = 0; i < length; i++) bytes[i] = Math.round((255 * Math.max(0, heat[offset + i]!)) / value);
  return Buffer.from(bytes).toString('base64');
}

export interface TrackedImage {
  readonly image: string;
  readonly sha256: string;
}

export class LayerTracker {
  private readonly filters: { top: Candidate[]; bottom: Candidate[]; fired: number; meanSum: number; maxima: QuantileSketch }[];
  private imageCount = 0;
  private geometry: { side: number; heatSide: number } | undefined;

  readonly layer: string;
  readonly k: number;

  constructor(layer: string, filterCount: number, k: number) {
    this.layer = layer;
    this.k = k;
    this.filters = Array.from({ length: filterCount }, () => ({ top: [], bottom: [], fired: 0, meanSum: 0, maxima: new QuantileSketch() }));
  }

  /** Row b of `summary` is images[b]; an undefined image (a skipped file's slot) is ignored. */
  observe(images: readonly (TrackedImage | undefined)[], summary: MapSummary): void {
    if (summary.layer !== this.layer || summary.filterCount !== this.filters.length) throw new Error(`a ${summary.layer} summary given to the ${this.layer} tracker`);
    this.geometry ??= { side: summary.side, heatSide: summary.heatSide };
    const heatLength = summary.heatSide * summary.heatSide;
    const channels = this.filters.length;
    images.forEach((image, b) => {
      if (!image) return;
      this.imageCount++;
      for (let c = 0; c < channels; c++) {
        const row = b * channels + c;
        const state = this.filters[c]!;
        const max = summary.max[row]!;
        const min = summary.min[row]!;
        if (max > 0) state.fired++;
        state.meanSum += Math.round(summary.postReluMean[row]! * MEAN_SCALE);
        state.maxima.add(max);
        const top = { ...image, value: max, position: summary.argmax[row]! };
        if (state.top.length < this.k || better('top', top, state.top[this.k - 1]!) < 0) {
          offer(state.top, 'top', { ...top, heat: quantizedHeat(summary.heat, row * heatLength, heatLength, max) }, this.k);
        }
        offer(state.bottom, 'bottom', { ...image, value: min, position: summary.argmin[row]! }, this.k);
      }
    });
  }

  /** What the tracker holds, for the cache, a shard's directory and merge. */
  state(): LayerState {
    const { side, heatSide } = this.geometry ?? { side: 1, heatSide: 1 };
    return {
      layer: this.layer,
      k: this.k,
      side,
      heatSide,
      imageCount: this.imageCount,
      filters: this.filters.map(({ top, bottom, fired, meanSum, maxima }) => ({ top, bottom, fired, meanSum, maxima: maxima.entries() })),
    };
  }
}

/** One layer's states of disjoint image sets (shards) combined: exactly what one tracker over their union holds. */
export function mergeLayerStates(states: readonly LayerState[]): LayerState {
  const [first] = states;
  if (!first) throw new Error('no layer states to merge');
  const measured = states.filter((state) => state.imageCount > 0);
  const geometry = measured[0] ?? first;
  for (const state of states) {
    if (state.layer !== first.layer || state.k !== first.k || state.filters.length !== first.filters.length) throw new Error(`layer states of ${first.layer} do not match`);
  }
  return {
    layer: first.layer,
    k: first.k,
    side: geometry.side,
    heatSide: geometry.heatSide,
    imageCount: states.reduce((sum, state) => sum + state.imageCount, 0),
    filters: first.filters.map((_, c) => {
      const parts = states.map((state) => state.filters[c]!);
      const top: Candidate[] = [];
      const bottom: Candidate[] = [];
      for (const part of parts) {
        for (const candidate of part.top) offer(top, 'top', candidate, first.k);
        for (const candidate of part.bottom) offer(bottom, 'bottom', candidate, first.k);
      }
      const maxima = new QuantileSketch();
      for (const part of parts) maxima.merge(QuantileSketch.from(part.maxima));
      return {
        top,
        bottom,
        fired: parts.reduce((sum, part) => sum + part.fired, 0),
        meanSum: parts.reduce((sum, part) => sum + part.meanSum, 0),
        maxima: maxima.entries(),
      };
    }),
  };
}
