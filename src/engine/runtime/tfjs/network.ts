import * as tf from '@tensorflow/tfjs-core';
import type { NetworkStages } from '../../stages.ts';

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

/** The network from the input up to (not including) the target layer, plus the target's weights, as tfjs tensors. */
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

export function buildNetwork(network: NetworkStages): Network {
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(tensor: T): T => {
    owned.push(tensor);
    return tensor;
  };
  const convTensors = ({ weights }: NetworkStages['target']): { kernel: tf.Tensor4D; bias: tf.Tensor1D } => {
    const [h, w, cin, cout] = weights.kernelShape;
    return { kernel: keep(tf.tensor4d(weights.kernel, [h, w, cin, cout])), bias: keep(tf.tensor1d(weights.bias)) };
  };

  const stages = network.stages.map((stage): Stage => {
    if (stage.kind === 'pool') return { kind: 'pool', name: stage.name };
    const { kernel, bias } = convTensors(stage);
    return { kind: 'conv', name: stage.name, kernel, bias, backwardKernel: keep(flippedTransposedKernel(kernel)) };
  });
  const target = convTensors(network.target);
  return {
    target: network.target.name,
    stages,
    targetKernel: target.kernel,
    targetBias: target.bias,
    filterCount: network.target.outChannels,
    dispose: () => tf.dispose(owned),
  };
}
