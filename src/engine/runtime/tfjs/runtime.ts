import * as tf from '@tensorflow/tfjs-core';
import type { NetworkStages } from '../../stages.ts';
import { checkBatch, preReluReads, LiveNetworks, type ActivationSite, type FilterNetwork, type FilterObjective, type ImageBatch, type LayerNetwork, type LossAndGradient, type Runtime } from '../types.ts';
import { TfjsLayerNetwork } from './layer-network.ts';
import { buildNetwork, type Network } from './network.ts';
import { objectiveLoss, objectiveLossAndGradient } from './objective.ts';
import { referenceLossAndGradient } from './reference.ts';

/**
 * How the input gradient is computed: the engine's hand-written backward pass, or tf.grad of the
 * plain graph one image at a time (the naive port, for tests and the bench).
 */
export type TfjsGradient = 'hand-written' | 'tf.grad';

/** The objective on the tfjs backend active in this thread (see backend.ts). */
export class TfjsFilterNetwork implements FilterNetwork {
  readonly layer: string;
  readonly filterCount: number;
  private readonly network: Network;
  private readonly objective: FilterObjective;
  private readonly gradient: TfjsGradient;

  constructor(stages: NetworkStages, objective: FilterObjective, gradient: TfjsGradient = 'hand-written') {
    this.network = buildNetwork(stages);
    this.objective = objective;
    this.gradient = gradient;
    this.layer = stages.target.name;
    this.filterCount = stages.target.outChannels;
  }

  async lossAndGradient(images: ImageBatch, filters: readonly number[], sites?: readonly ActivationSite[]): Promise<LossAndGradient> {
    const preRelu = preReluReads(this.objective, sites, filters.length);
    if (preRelu && this.gradient === 'tf.grad') throw new Error('the tf.grad reference reads one activation site per network');
    const result = this.withInputs(images, filters, (x, indices) =>
      this.gradient === 'tf.grad'
        ? referenceLossAndGradient(this.network, x, filters, this.objective.activation)
        : objectiveLossAndGradient(this.network, x, indices, this.objective.activation, preRelu),
    );
    try {
      return { loss: await floats(result.loss), gradient: await floats(result.gradient) };
    } finally {
      tf.dispose([result.loss, result.gradient]);
    }
  }

  async loss(images: ImageBatch, filters: readonly number[]): Promise<Float32Array> {
    const loss = this.withInputs(images, filters, (x, indices) =>
      this.gradient === 'tf.grad'
        ? referenceLossAndGradient(this.network, x, filters, this.objective.activation).loss
        : objectiveLoss(this.network, x, indices, this.objective.activation),
    );
    try {
      return await floats(loss);
    } finally {
      loss.dispose();
    }
  }

  /** Runs `compute` on the batch as tensors, which are freed afterwards. */
  private withInputs<T>(images: ImageBatch, filters: readonly number[], compute: (x: tf.Tensor4D, indices: tf.Tensor1D) => T): T {
    checkBatch(images, filters, this.filterCount);
    const x = tf.tensor4d(images.pixels, [images.count, images.size, images.size, 3]);
    const indices = tf.tensor1d([...filters], 'int32');
    try {
      return compute(x, indices);
    } finally {
      tf.dispose([x, indices]);
    }
  }

  async dispose(): Promise<void> {
    this.network.dispose();
  }
}

/** A copy the caller owns: some backends hand out their own storage. */
async function floats(tensor: tf.Tensor): Promise<Float32Array> {
  return ((await tensor.data()) as Float32Array).slice();
}

export class TfjsRuntime implements Runtime {
  readonly name: string;
  private readonly gradient: TfjsGradient;
  private readonly networks = new LiveNetworks();

  /** `name` is the backend activated in this thread (activateBackend). */
  constructor(name: string, gradient: TfjsGradient = 'hand-written') {
    this.name = name;
    this.gradient = gradient;
  }

  layerNetwork(stages: NetworkStages, objective: FilterObjective): LayerNetwork {
    return this.networks.trackLayer(new TfjsLayerNetwork(stages, objective));
  }

  filterNetwork(stages: NetworkStages, objective: FilterObjective): FilterNetwork {
    return this.networks.track(new TfjsFilterNetwork(stages, objective, this.gradient));
  }

  async dispose(): Promise<void> {
    await this.networks.disposeAll();
  }
}
