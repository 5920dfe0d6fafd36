import * as tf from '@tensorflow/tfjs-core';
import { featureMapSide, type NetworkStages } from '../../stages.ts';
import { checkSummaryLayers, type MapSummary } from '../map-summary.ts';
import { mapWindow, type FilterObjective, type ImageBatch, type LayerNetwork, type MapRegion } from '../types.ts';
import { summarizeOnTfjs } from './map-summary.ts';
import { buildNetwork, type Network } from './network.ts';

/** Every filter's mean activation of one layer, on the tfjs backend active in this thread. */
export class TfjsLayerNetwork implements LayerNetwork {
  readonly layer: string;
  readonly filterCount: number;
  private readonly network: Network;
  private readonly stages: NetworkStages;
  private readonly objective: FilterObjective;

  constructor(stages: NetworkStages, objective: FilterObjective) {
    this.network = buildNetwork(stages);
    this.stages = stages;
    this.objective = objective;
    this.layer = stages.target.name;
    this.filterCount = stages.target.outChannels;
  }

  async meanActivations(images: ImageBatch, region?: MapRegion): Promise<Float32Array> {
    const { count, size } = images;
    const side = featureMapSide(this.stages, size);
    const window = mapWindow(region, side, this.layer);
    const means = tf.tidy(() => {
      let activation = tf.tensor4d(images.pixels, [count, size, size, 3]);
      for (const stage of this.network.stages) {
        activation =
          stage.kind === 'conv'
            ? tf.fused.conv2d({ x: activation, filter: stage.kernel, strides: 1, pad: 'same', bias: stage.bias, activation: 'relu' })
            : tf.maxPool(activation, 2, 2, 'valid');
      }
      const activationKind = this.objective.activation === 'post-relu' ? 'relu' : 'linear';
      const target = tf.fused.conv2d({ x: activation, filter: this.network.targetKernel, strides: 1, pad: 'same', bias: this.network.targetBias, activation: activationKind });
      return tf.mean(tf.slice(target, [0, window.top, window.left, 0], [count, window.height, window.width, -1]), [1, 2]);
    });
    try {
      return ((await means.data()) as Float32Array).slice();
    } finally {
      means.dispose();
    }
  }

  async summarizeMaps(images: ImageBatch, layers: readonly string[]): Promise<MapSummary[]> {
    const convs = [...this.stages.stages, this.stages.target].flatMap((stage) => (stage.kind === 'conv' ? [stage.name] : []));
    checkSummaryLayers(layers, convs, this.layer);
    const x = tf.tensor4d(images.pixels, [images.count, images.size, images.size, 3]);
    try {
      return await summarizeOnTfjs(this.network, x, layers);
    } finally {
      x.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.network.dispose();
  }
}
