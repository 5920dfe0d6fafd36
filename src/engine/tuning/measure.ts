import { analyseLayer, type AnalysisOptions, type ResponseTable } from './analysis.ts';
import { centralRegion, type FeatureRegion } from './region.ts';
import type { TuningEntry } from './tuning-entry.ts';
import type { LayerSpec } from '../vgg16.ts';
import { stimulusBatches, type StimulusSet } from './stimuli.ts';

/** One forward-only call of the runtime for tuning. */
export interface TuningForwardRequest {
  readonly layer: string;
  /** NHWC float32 caffe input: count × size × size × 3. */
  readonly images: Float32Array;
  readonly count: number;
  readonly size: number;
  /** Where on the layer's feature map to average (see centralRegion). */
  readonly region: FeatureRegion;
}

/**
 * The runtime's part: for each image, the mean post-ReLU activation of EVERY filter of
 * `layer` over `region`, as count × filterCount float32 (image-major).
 */
export type TuningForward = (request: TuningForwardRequest) => Float32Array | Promise<Float32Array>;

export interface MeasureOptions {
  /** Stimuli per forward call. */
  readonly batchSize: number;
  /** Called after each batch with the stimuli done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the whole stimulus set through `forward`, batch by batch (only one batch of images
 * exists at a time), into a [stimulus × filter] response table.
 */
export async function measureResponses(
  forward: TuningForward,
  layer: string,
  set: StimulusSet,
  region: FeatureRegion,
  options: MeasureOptions,
): Promise<ResponseTable> {
  const stimulusCount = set.stimuli.length;
  let values: Float32Array | undefined;
  let filterCount = 0;
  for (const batch of stimulusBatches(set, options.batchSize)) {
    const count = batch.stimuli.length;
    const out = await forward({ layer, images: batch.images, count, size: set.size, region });
    if (values === undefined) {
      filterCount = out.length / count;
      if (!Number.isInteger(filterCount) || filterCount < 1) throw new Error(`the ${layer} forward returned ${out.length} values for ${count} images`);
      values = new Float32Array(stimulusCount * filterCount);
    }
    if (out.length !== count * filterCount) throw new Error(`the ${layer} forward returned ${out.length} values for ${count} images × ${filterCount} filters`);
    for (let i = 0; i < out.length; i++) {
      const value = out[i]!;
      if (!(value >= 0 && value < Infinity)) {
        const stimulus = batch.start + Math.floor(i / filterCount);
        throw new Error(`${layer} filter ${i % filterCount} gave ${value} for stimulus ${stimulus}; a mean post-ReLU activation is finite and ≥ 0`);
      }
    }
    values.set(out, batch.start * filterCount);
    options.onProgress?.(batch.start + count, stimulusCount);
  }
  if (values === undefined) throw new Error('the stimulus set is empty');
  return { stimulusCount, filterCount, values };
}

export interface TuneLayerOptions extends MeasureOptions, AnalysisOptions {
  /** Default: VGG16. */
  readonly topology?: readonly LayerSpec[];
  /** Filters to analyse, in order (all are measured anyway: one pass gives every filter). Default: all. */
  readonly filters?: readonly number[];
}

/** The whole tuning of one layer: its central region, every stimulus through `forward`, the analysis. */
export async function tuneLayer(forward: TuningForward, layer: string, set: StimulusSet, options: TuneLayerOptions): Promise<TuningEntry[]> {
  const region = centralRegion(layer, set.size, options.topology);
  const table = await measureResponses(forward, layer, set, region, options);
  return analyseLayer(table, set, layer, options.filters, options);
}
