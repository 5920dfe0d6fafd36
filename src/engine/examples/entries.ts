import type { ExampleEntry, Example } from './example-entry.ts';
import { cropAround, type FieldGeometry } from './receptive-field.ts';
import { QuantileSketch } from './sketch.ts';
import { MEAN_SCALE, type Candidate, type LayerState } from './tracker.ts';

/** Percentiles of the per-image maxima in every entry's stats. */
export const MAX_PERCENTILES = [10, 25, 50, 75, 90, 99] as const;

/** Files are named by the image's content hash, so shards and merge agree on them. */
function shortHash(sha256: string): string {
  return sha256.slice(0, 16);
}

/** The preprocessed S×S image, shared by every filter that picks it. */
export function wholeImagePath(sha256: string): string {
  return `examples/images/${shortHash(sha256)}.webp`;
}

export function cropPath(layer: string, index: number, list: 'top' | 'bottom', sha256: string): string {
  return `examples/${layer}/${index}/${list}-${shortHash(sha256)}.webp`;
}

export function heatmapPath(layer: string, index: number, sha256: string): string {
  return `examples/${layer}/${index}/heat-${shortHash(sha256)}.png`;
}

/** A file an entry names, and what it is made from. */
export type ExampleFileSpec =
  | { readonly kind: 'whole'; readonly path: string; readonly image: string; readonly sha256: string }
  | { readonly kind: 'crop'; readonly path: string; readonly image: string; readonly sha256: string; readonly box: { left: number; top: number; width: number; height: number } }
  | { readonly kind: 'heatmap'; readonly path: string; readonly heat: string; readonly side: number };

/** The manifest entries of a layer's selected filters, and every file they name. */
export function layerEntries(state: LayerState, filters: readonly number[], geometry: FieldGeometry, imageSize: number): { entries: ExampleEntry[]; files: ExampleFileSpec[] } {
  const files = new Map<string, ExampleFileSpec>();
  const example = (index: number, list: 'top' | 'bottom', candidate: Candidate): Example => {
    const x = candidate.position % state.side;
    const y = Math.floor(candidate.position / state.side);
    const { crop, field } = cropAround(geometry, x, y, imageSize);
    const whole = wholeImagePath(candidate.sha256);
    const file = cropPath(state.layer, index, list, candidate.sha256);
    files.set(whole, { kind: 'whole', path: whole, image: candidate.image, sha256: candidate.sha256 });
    files.set(file, { kind: 'crop', path: file, image: candidate.image, sha256: candidate.sha256, box: crop });
    let heatmap: string | undefined;
    if (list === 'top' && candidate.heat !== undefined) {
      heatmap = heatmapPath(state.layer, index, candidate.sha256);
      files.set(heatmap, { kind: 'heatmap', path: heatmap, heat: candidate.heat, side: state.heatSide });
    }
    return { image: candidate.image, value: candidate.value, x, y, crop: { file, side: crop.width, field }, whole, ...(heatmap ? { heatmap } : {}) };
  };
  const entries = filters.map((index): ExampleEntry => {
    const filter = state.filters[index];
    if (!filter) throw new Error(`${state.layer} has no filter ${index} in its examples`);
    const sketch = QuantileSketch.from(filter.maxima);
    const count = state.imageCount;
    return {
      layer: state.layer,
      index,
      top: filter.top.map((candidate) => example(index, 'top', candidate)),
      bottom: filter.bottom.map((candidate) => example(index, 'bottom', candidate)),
      stats: {
        fireRate: count === 0 ? 0 : filter.fired / count,
        meanPostReluMean: count === 0 ? 0 : filter.meanSum / MEAN_SCALE / count,
        maxPercentiles: count === 0 ? [] : MAX_PERCENTILES.map((p) => ({ p, value: sketch.percentile(p)! })),
      },
    };
  });
  return { entries, files: [...files.values()] };
}
