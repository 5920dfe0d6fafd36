import * as tf from '@tensorflow/tfjs-core';
import { buildNetwork, type Network } from '../../src/engine/runtime/tfjs/network.ts';
import { networkStages } from '../../src/engine/stages.ts';
import type { TuningForward } from '../../src/engine/tuning/measure.ts';
import type { LayerSpec } from '../../src/engine/vgg16.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';

/**
 * The tuning forward call on the current tfjs backend, for tests until the runtime interface
 * provides it: every stage with fused conv+ReLU, the whole target layer, then the mean of each
 * channel over the region.
 */
export function tfjsTuningForward(weights: WeightSet, topology?: readonly LayerSpec[]): { forward: TuningForward; dispose(): void } {
  const networks = new Map<string, Network>();
  const networkFor = (layer: string): Network => {
    let network = networks.get(layer);
    if (!network) {
      network = buildNetwork(networkStages(weights, layer, topology));
      networks.set(layer, network);
    }
    return network;
  };
  const forward: TuningForward = async ({ layer, images, count, size, region }) => {
    const network = networkFor(layer);
    const means = tf.tidy(() => {
      let activation = tf.tensor4d(images, [count, size, size, 3]);
      for (const stage of network.stages) {
        activation =
          stage.kind === 'conv'
            ? tf.fused.conv2d({ x: activation, filter: stage.kernel, strides: 1, pad: 'same', bias: stage.bias, activation: 'relu' })
            : tf.maxPool(activation, 2, 2, 'valid');
      }
      const target = tf.fused.conv2d({ x: activation, filter: network.targetKernel, strides: 1, pad: 'same', bias: network.targetBias, activation: 'relu' });
      const central = tf.slice(target, [0, region.top, region.left, 0], [count, region.height, region.width, -1]);
      return tf.mean(central, [1, 2]);
    });
    const values = (await means.data()) as Float32Array;
    means.dispose();
    return values;
  };
  return {
    forward,
    dispose: () => {
      for (const network of networks.values()) network.dispose();
      networks.clear();
    },
  };
}
