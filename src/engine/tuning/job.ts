import { createHash } from 'node:crypto';
import { ENGINE_VERSION } from '../cache.ts';
import { flopsPerStep } from '../batching.ts';
import type { Runtime } from '../runtime/types.ts';
import { networkStages } from '../stages.ts';
import type { LayerSpec } from '../vgg16.ts';
import type { WeightSet } from '../weights/types.ts';
import { tuneLayer } from './measure.ts';
import { stimulusSet } from './stimuli.ts';
import { tuningProtocol, type TuningEntry, type TuningProtocol } from './tuning-entry.ts';

/** The tuning of every filter of one layer, measured with stimuli of side `size`. */
export interface TuningJob {
  readonly layer: string;
  readonly size: number;
}

/** Stimuli per forward pass: small enough that block1's full-resolution activations stay modest. */
export const TUNING_BATCH = 32;

/** The protocol a job's figures follow: the stimulus set at its size and the analysis thresholds. */
export function protocolFor(size: number): TuningProtocol {
  return tuningProtocol(stimulusSet({ size }));
}

/** Runs every stimulus through the layer (post-ReLU, caffe input) and analyses every filter. */
export async function runTuningJob(runtime: Runtime, weights: WeightSet, topology: readonly LayerSpec[], job: TuningJob): Promise<TuningEntry[]> {
  const network = runtime.layerNetwork(networkStages(weights, job.layer, topology), { activation: 'post-relu' });
  try {
    return await tuneLayer(network, stimulusSet({ size: job.size }), { batchSize: TUNING_BATCH, topology });
  } finally {
    await network.dispose();
  }
}

/** Analytic FLOPs of a job: one forward pass per stimulus (half of a forward-and-backward step). */
export function tuningFlops(job: TuningJob, topology?: readonly LayerSpec[]): number {
  return (protocolFor(job.size).stimulusCount * flopsPerStep(job.layer, job.size, topology)) / 2;
}

/** The cache key of a layer's tuning: everything its figures depend on. */
export function tuningKey(identity: { readonly weightsSha256: string; readonly backend: string; readonly job: TuningJob }): string {
  const { weightsSha256, backend, job } = identity;
  const canonical = JSON.stringify({ engine: ENGINE_VERSION, weights: weightsSha256, backend, layer: job.layer, protocol: protocolFor(job.size) });
  return createHash('sha256').update(canonical).digest('hex');
}
