import type { LayerNetwork } from '../runtime/types.ts';
import { analyseLayer, type AnalysisOptions, type ResponseTable } from './analysis.ts';
import { centralRegion, type FeatureRegion } from './region.ts';
import type { TuningEntry } from './tuning-entry.ts';
import type { LayerSpec } from '../vgg16.ts';
import { stimulusBatches, type StimulusSet } from './stimuli.ts';

export interface MeasureOptions {
  /** Stimuli per forward call. */
  readonly batchSize: number;
  /** Called after each batch with the stimuli done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the whole stimulus set through `network` (post-ReLU), batch by batch (only one batch of
 * images exists at a time), into a [stimulus × filter] table of mean activations over `region`.
 */
export async function measureResponses(network: LayerNetwork, set: StimulusSet, region: FeatureRegion, options: MeasureOptions): Promise<ResponseTable> {
  const layer = network.layer;
  const stimulusCount = set.stimuli.length;
  let values: Float32Array | undefined;
  let filterCount = 0;
  for (const batch of stimulusBatches(set, options.batchSize)) {
    const count = batch.stimuli.length;
    const out = await network.meanActivations({ pixels: batch.images, count, size: set.size }, region);
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

/** The whole tuning of one layer: its central region, every stimulus through `network`, the analysis. */
export async function tuneLayer(network: LayerNetwork, set: StimulusSet, options: TuneLayerOptions): Promise<TuningEntry[]> {
  const region = centralRegion(network.layer, set.size, options.topology);
  const table = await measureResponses(network, set, region, options);
  return analyseLayer(table, set, network.layer, options.filters, options);
}
