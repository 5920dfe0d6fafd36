import { seededRandom } from '../noise.ts';
import { Adam } from '../optimize/adam.ts';
import { learningRateFactor, type LearningRateSchedule } from '../optimize/schedule.ts';
import { rgbParameterization } from '../param/color.ts';
import { SpectralBasis } from '../param/spectral.ts';
import type { Parameterization } from '../param/types.ts';
import type { ActivationSite, FilterNetwork } from '../runtime/types.ts';
import { caffe, caffeForward } from '../transform/caffe.ts';
import { TransformPipeline, type PipelineDraw } from '../transform/pipeline.ts';
import { transformSet, type TransformSet } from '../transform/standard.ts';
import { AscentLog, type FilterAscent } from './ascent.ts';
import { climbCheckpoint } from './convergence.ts';

export interface EnhancedAscentParams {
  readonly steps: number;
  readonly learningRate: number;
  readonly seed: number;
  /** The activation maximised once the pre-ReLU start is over. */
  readonly objective: ActivationSite;
  /** Each filter starts on its pre-ReLU mean and moves to `objective` once that mean is positive. */
  readonly preReluStart: boolean;
  readonly schedule: LearningRateSchedule;
  readonly weightDecay: number;
}

/**
 * Every this many updates, an image still on its pre-ReLU start is read after the ReLU instead. If
 * its filter fires anywhere on it, the post-ReLU objective has a gradient, and the image moves on.
 * Waiting for the pre-ReLU *mean* to turn positive left strongly negative filters (a mean near −100
 * at the start) on the linear objective to the last step, as flat tiles.
 */
export const FIRING_PROBE_PERIOD = 4;

/**
 * Which activation each image's step maximises. With the pre-ReLU start, an image begins on its
 * filter's pre-ReLU mean, which has a gradient even where the filter is silent (as it is on the
 * near-gray start for many filters, whose post-ReLU gradient is then exactly zero). Once the filter
 * fires on the image (its pre-ReLU mean is positive, or a probe step reads a positive post-ReLU
 * mean), the image moves to `objective` for good. The switch depends only on the image's own
 * losses and the update count: not on its batch.
 */
export class ObjectivePhases {
  private readonly awake: boolean[];
  private readonly objective: ActivationSite;

  constructor(count: number, params: Pick<EnhancedAscentParams, 'objective' | 'preReluStart'>) {
    this.objective = params.objective;
    this.awake = new Array<boolean>(count).fill(!params.preReluStart || params.objective === 'pre-relu');
  }

  site(b: number, update: number): ActivationSite {
    if (this.awake[b]) return this.objective;
    return (update + 1) % FIRING_PROBE_PERIOD === 0 ? this.objective : 'pre-relu';
  }

  /** After a step: an image whose objective read positive, at either site, has woken its filter. */
  observe(loss: Float32Array): void {
    this.awake.forEach((awake, b) => {
      if (!awake && loss[b]! > 0) this.awake[b] = true;
    });
  }
}

/**
 * The parameterization, transforms and input convention of the enhanced method at one size:
 * a decorrelated Fourier spectrum squashed to RGB [0, 1], a transformation-robustness set, then
 * Keras' "caffe" input. Holds scratch buffers: one instance per thread.
 */
export class EnhancedSetup {
  readonly size: number;
  readonly parameterization: Parameterization;
  readonly pipeline: TransformPipeline;
  /** T: the side of what the network sees at each step. */
  readonly inputSize: number;

  constructor(size: number, transforms: TransformSet) {
    this.size = size;
    this.parameterization = rgbParameterization(new SpectralBasis(size));
    const set = transformSet(transforms, size);
    this.pipeline = new TransformPipeline([...set.transforms, caffe()], { height: size, width: size, channels: 3 });
    this.inputSize = this.pipeline.output.height;
  }
}

/**
 * Lucid-style feature visualization for a batch of filters of one layer, image b maximising
 * filters[b]: each step renders every image from its spectrum, shows the network a randomly
 * transformed copy in caffe input, and takes an Adam step on the spectrum along the gradient
 * that flows back through the transforms and the parameterization. The network's objective is
 * the filter's mean activation: before its ReLU until that mean is positive (`preReluStart`), then
 * `objective` (after it, by default); `network` is built for `objective` and answers both. The learning rate follows `schedule`. Every random choice comes from (seed, layer, filter), so
 * a filter's image does not depend on its batch, worker or shard.
 *
 * Returns RGB images in [0, 1]. The loss curve holds the objective of the transformed copy each
 * step saw, then that of the final image itself, untransformed. The checkpoint is the objective of
 * the image itself at the start of the last tenth of the steps: the transformed copies' objectives
 * jitter by a few per cent, too much to tell a pattern still climbing from a converged one.
 */
export async function enhancedAscent(
  network: FilterNetwork,
  setup: EnhancedSetup,
  filters: readonly number[],
  params: EnhancedAscentParams,
  signal?: AbortSignal,
): Promise<FilterAscent[]> {
  const { size, parameterization, pipeline, inputSize } = setup;
  const layer = network.layer;
  const count = filters.length;
  const imageLength = size * size * 3;
  const inputLength = inputSize * inputSize * 3;
  const spectra = filters.map((filter) => parameterization.init(seededRandom(params.seed, layer, filter, 'spectrum')));
  // A filter is dead when its gradient was zero throughout (weight decay alone would still move its spectrum).
  const moved = filters.map(() => false);
  const optimizers = spectra.map((spectrum) => new Adam(spectrum.length, { learningRate: params.learningRate, weightDecay: params.weightDecay }));
  const images = filters.map(() => new Float32Array(imageLength));
  const inputs = new Float32Array(count * inputLength);
  const log = new AscentLog(count, inputLength);
  const phases = new ObjectivePhases(count, params);
  const checkpointUpdate = climbCheckpoint(params.steps);
  let checkpoint: Float32Array | undefined;

  for (let update = 0; update < params.steps; update++) {
    signal?.throwIfAborted();
    const draws: PipelineDraw[] = filters.map((filter, b) => {
      parameterization.render(spectra[b]!, images[b]);
      const draw = pipeline.draw(seededRandom(params.seed, layer, filter, 'transform', update));
      pipeline.forward(draw, images[b]!, inputs.subarray(b * inputLength, (b + 1) * inputLength));
      return draw;
    });
    // `images` now hold each spectrum as it stands before this update.
    if (update === checkpointUpdate) checkpoint = await untransformedLoss(network, images, filters, size);
    const sites = filters.map((_, b) => phases.site(b, update));
    const { loss, gradient } = await network.lossAndGradient({ pixels: inputs, count, size: inputSize }, filters, sites);
    phases.observe(loss);
    const rate = learningRateFactor(params.schedule, update, params.steps);
    log.observe(update, loss, gradient).forEach((takesStep, b) => {
      if (!takesStep) return;
      const imageGradient = pipeline.backward(draws[b]!, gradient.subarray(b * inputLength, (b + 1) * inputLength));
      const spectrumGradient = parameterization.backward(images[b]!, imageGradient);
      if (!moved[b]) moved[b] = spectrumGradient.some((value) => value !== 0);
      optimizers[b]!.step(spectra[b]!, spectrumGradient, rate);
    });
  }

  spectra.forEach((spectrum, b) => parameterization.render(spectrum, images[b]));
  log.observeFinal(await untransformedLoss(network, images, filters, size));
  if (checkpoint) log.observeCheckpoint(checkpointUpdate, checkpoint);
  return log.results(filters, images, moved);
}

/** The objective of each rendered RGB image itself, untransformed (in caffe input). */
async function untransformedLoss(network: FilterNetwork, images: readonly Float32Array[], filters: readonly number[], size: number): Promise<Float32Array> {
  const imageLength = size * size * 3;
  const pixels = new Float32Array(filters.length * imageLength);
  images.forEach((image, b) => caffeForward(image, pixels.subarray(b * imageLength, (b + 1) * imageLength)));
  return network.loss({ pixels, count: filters.length, size }, filters);
}

/** An RGB image in [0, 1] as uint8, rounding to the nearest level. */
export function toUint8(image: Float32Array): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = Math.round(Math.min(Math.max(image[i]!, 0), 1) * 255);
  return out;
}
