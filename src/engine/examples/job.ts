import { flopsPerStep } from '../batching.ts';
import type { MapSummary } from '../runtime/map-summary.ts';
import type { LayerNetwork, Runtime } from '../runtime/types.ts';
import { networkStages } from '../stages.ts';
import type { LayerSpec } from '../vgg16.ts';
import type { WeightSet } from '../weights/types.ts';
import { caffeBatch, preprocessImage, SkippedImageError } from './preprocess.ts';

/**
 * Images per forward pass. Every batch is padded to this, so an image's arithmetic never depends on
 * its neighbours. Measured at 224 px with 2 workers through block4_conv1: peak RSS 1.26 GB at 2,
 * 1.88 GB at 4 and 3.26 GB at 8 (ONNX Runtime's buffers grow with the batch), for no clear speed gain.
 */
export const EXAMPLES_BATCH = 2;

export interface ExampleFile {
  /** Where to read it (absolute; never written to the atlas). */
  readonly path: string;
  /** Relative to the examples root, as the manifest names it. */
  readonly image: string;
  readonly sha256: string;
}

/** One fixed batch of the image set through the network, every requested layer summarised. */
export interface ExamplesBatchJob {
  /** The batch's position in the whole set (fixed by the set, not by the shard or the worker). */
  readonly index: number;
  readonly files: readonly ExampleFile[];
  readonly size: number;
  /** Convolution layers, input first. */
  readonly layers: readonly string[];
}

export interface ExamplesBatchResult {
  readonly index: number;
  /** Per file: undefined when it was used, else why it was skipped. */
  readonly skipped: readonly (string | undefined)[];
  readonly summaries: MapSummary[];
  /** Seconds spent decoding and preprocessing, and in the forward pass. */
  readonly decodeSeconds: number;
  readonly forwardSeconds: number;
}

/** Runs examples batches on one runtime, keeping the network of the last layer set. */
export class ExamplesRunner {
  private network: { readonly key: string; readonly network: LayerNetwork } | undefined;
  private readonly runtime: Runtime;
  private readonly weights: WeightSet;
  private readonly topology: readonly LayerSpec[];

  constructor(runtime: Runtime, weights: WeightSet, topology: readonly LayerSpec[]) {
    this.runtime = runtime;
    this.weights = weights;
    this.topology = topology;
  }

  async run(job: ExamplesBatchJob): Promise<ExamplesBatchResult> {
    if (job.files.length > EXAMPLES_BATCH) throw new Error(`an examples batch holds at most ${EXAMPLES_BATCH} images`);
    const decodeStart = performance.now();
    const decoded = await Promise.all(
      job.files.map((file) =>
        preprocessImage(file.path, job.size).then(
          (rgb) => ({ rgb }),
          (error: unknown) => ({ skipped: error instanceof SkippedImageError ? error.message : `unreadable (${error instanceof Error ? error.message : String(error)})` }),
        ),
      ),
    );
    const images = Array.from({ length: EXAMPLES_BATCH }, (_, b) => {
      const item = decoded[b];
      return item && 'rgb' in item ? item.rgb : undefined;
    });
    const skipped = decoded.map((item) => ('skipped' in item ? item.skipped : undefined));
    const forwardStart = performance.now();
    const summaries = images.some((image) => image !== undefined)
      ? await (await this.networkFor(job.layers)).summarizeMaps({ pixels: caffeBatch(images, job.size), count: EXAMPLES_BATCH, size: job.size }, job.layers)
      : [];
    const end = performance.now();
    return { index: job.index, skipped, summaries, decodeSeconds: (forwardStart - decodeStart) / 1000, forwardSeconds: (end - forwardStart) / 1000 };
  }

  private async networkFor(layers: readonly string[]): Promise<LayerNetwork> {
    const key = layers.join(',');
    if (this.network?.key === key) return this.network.network;
    await this.dispose();
    const network = this.runtime.layerNetwork(networkStages(this.weights, deepest(layers, this.topology), this.topology), { activation: 'pre-relu' });
    this.network = { key, network };
    return network;
  }

  async dispose(): Promise<void> {
    const current = this.network;
    this.network = undefined;
    await current?.network.dispose();
  }
}

/** The layer of `layers` that comes last in the topology. */
export function deepest(layers: readonly string[], topology: readonly LayerSpec[]): string {
  const rank = (layer: string): number => topology.findIndex((spec) => spec.name === layer);
  return [...layers].sort((a, b) => rank(a) - rank(b)).at(-1)!;
}

/** Analytic FLOPs of one image through the deepest layer: the forward half of flopsPerStep (20.5 GFLOP to block4_conv1 at 224 px). */
export function examplesFlopsPerImage(layers: readonly string[], size: number, topology: readonly LayerSpec[]): number {
  return flopsPerStep(deepest(layers, topology), size, topology) / 2;
}
