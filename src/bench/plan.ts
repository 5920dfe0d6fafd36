/**
 * What `npm run bench` measures: the fixed sample both sides render, the full-batch runs the
 * projection comes from, and the analytic FLOP counts behind every "effective GFLOP/s".
 */
import { batchSizeFor, flopsPerStep } from '../engine/batching.ts';
import { ATLAS_LAYERS, vgg16Layers, type LayerSpec } from '../engine/vgg16.ts';
import { VGG16_BLOCK_WIDTHS } from '../engine/weights/validate.ts';

/** The standard atlas: every filter of the four atlas layers, 64 px, 40 steps. */
export const STANDARD_SIZE = 64;
export const STANDARD_STEPS = 40;
export const TOPOLOGY: readonly LayerSpec[] = vgg16Layers(VGG16_BLOCK_WIDTHS);

export interface LayerSample {
  readonly layer: string;
  readonly filters: readonly number[];
}

export function filterCount(layer: string): number {
  const spec = TOPOLOGY.find((candidate) => candidate.name === layer);
  if (spec?.kind !== 'conv') throw new Error(`${layer} is not a convolution layer`);
  return spec.outChannels;
}

/**
 * The first `count` filters of each atlas layer. Contiguous on purpose: the engine groups a
 * layer's filters into fixed batches of consecutive indices, so a spread-out sample would force it
 * into batches of one and measure its worst case rather than its normal one.
 */
export function firstFilters(count: number, layers: readonly string[] = ATLAS_LAYERS): LayerSample[] {
  return layers.map((layer) => ({ layer, filters: Array.from({ length: Math.max(1, Math.min(count, filterCount(layer))) }, (_, i) => i) }));
}

/**
 * `batchesPerWorker` default batches of each layer for every worker, so the measured rate is the
 * engine's steady-state rate (startup amortised, every worker busy with full batches).
 */
export function fullBatchSample(workers: number, size: number, layers: readonly string[] = ATLAS_LAYERS, batchesPerWorker = 2): LayerSample[] {
  return layers.map((layer) => {
    const n = Math.min(filterCount(layer), workers * batchesPerWorker * batchSizeFor(layer, size, TOPOLOGY));
    return { layer, filters: Array.from({ length: n }, (_, i) => i) };
  });
}

/** A --filters spec naming exactly the sample's filters, e.g. "block1_conv1:0,block1_conv1:21". */
export function filterSpec(sample: readonly LayerSample[]): string {
  return sample.flatMap(({ layer, filters }) => filters.map((filter) => `${layer}:${filter}`)).join(',');
}

/** Analytic FLOPs of rendering `filters` filters of `layer` for `steps` steps. */
export function analyticFlops(layer: string, filters: number, size: number, steps: number): number {
  return flopsPerStep(layer, size, TOPOLOGY) * filters * steps;
}

export function sampleFlops(sample: readonly LayerSample[], size: number, steps: number): number {
  return sample.reduce((sum, { layer, filters }) => sum + analyticFlops(layer, filters.length, size, steps), 0);
}

/** FLOPs of the standard atlas, layer by layer (about 92.3 TFLOP in all). */
export function standardAtlasFlops(layers: readonly string[] = ATLAS_LAYERS): Map<string, number> {
  return new Map(layers.map((layer) => [layer, analyticFlops(layer, filterCount(layer), STANDARD_SIZE, STANDARD_STEPS)] as const));
}

/**
 * Wall time of the standard atlas at the given per-layer rates (FLOP/s): each layer's share at
 * its own rate, since the layers run at very different efficiencies. Undefined when a layer has
 * no rate.
 */
export function projectSeconds(ratesPerLayer: ReadonlyMap<string, number>, layers: readonly string[] = ATLAS_LAYERS): number | undefined {
  let total = 0;
  for (const [layer, flops] of standardAtlasFlops(layers)) {
    const rate = ratesPerLayer.get(layer);
    if (rate === undefined || !(rate > 0)) return undefined;
    total += flops / rate;
  }
  return total;
}
