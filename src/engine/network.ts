import * as tf from '@tensorflow/tfjs-core';
import { layersUpTo, type LayerSpec } from './vgg16.ts';
import type { WeightSet } from './weights/types.ts';

/** A ReLU convolution on the way to the target, with the kernel its input gradient needs. */
export interface ConvStage {
  readonly kind: 'conv';
  readonly name: string;
  readonly kernel: tf.Tensor4D;
  /**
   * The kernel flipped in space and transposed in/out (3, 3, out, in). A 'same' convolution of the
   * output gradient with it is exactly the input gradient of the 3x3 'same' convolution: a forward
   * conv, which every backend runs far faster than its Conv2DBackpropInput kernel.
   */
  readonly backwardKernel: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}

export interface PoolStage {
  readonly kind: 'pool';
  readonly name: string;
}

export type Stage = ConvStage | PoolStage;

/** The network from the input up to (not including) the target layer, plus the target's weights. */
export interface Network {
  readonly target: string;
  readonly stages: readonly Stage[];
  readonly targetKernel: tf.Tensor4D;
  readonly targetBias: tf.Tensor1D;
  readonly filterCount: number;
  dispose(): void;
}

export function flippedTransposedKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]));
}

export function buildNetwork(weights: WeightSet, target: string, topology?: readonly LayerSpec[]): Network {
  const specs = layersUpTo(target, topology);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(tensor: T): T => {
    owned.push(tensor);
    return tensor;
  };
  const convTensors = (name: string): { kernel: tf.Tensor4D; bias: tf.Tensor1D } => {
    const conv = weights.layers.get(name);
    if (!conv) throw new Error(`weights have no ${name}; validate the weights before building the network`);
    const [h, w, cin, cout] = conv.kernelShape;
    return { kernel: keep(tf.tensor4d(conv.kernel, [h, w, cin, cout])), bias: keep(tf.tensor1d(conv.bias)) };
  };

  const stages: Stage[] = specs.slice(0, -1).map((spec): Stage => {
    if (spec.kind === 'pool') return { kind: 'pool', name: spec.name };
    const { kernel, bias } = convTensors(spec.name);
    return { kind: 'conv', name: spec.name, kernel, bias, backwardKernel: keep(flippedTransposedKernel(kernel)) };
  });
  const targetWeights = convTensors(target);
  return {
    target,
    stages,
    targetKernel: targetWeights.kernel,
    targetBias: targetWeights.bias,
    filterCount: targetWeights.bias.shape[0],
    dispose: () => tf.dispose(owned),
  };
}
