import * as tf from '@tensorflow/tfjs-core';
// The full package's bundle is the one that registers tfjs-core's gradient functions.
import '@tensorflow/tfjs';
import type { ActivationSite } from '../types.ts';
import type { Network } from './network.ts';
import type { TensorLossAndGradient } from './objective.ts';

/**
 * The plain graph differentiated by tf.grad, one image at a time: the notebook's computation
 * written the obvious way. Slow; it exists to check the fast objective and to time against.
 */
export function referenceLossAndGradient(
  network: Network,
  images: tf.Tensor4D,
  filters: readonly number[],
  activation: ActivationSite = 'post-relu',
): TensorLossAndGradient {
  return tf.tidy(() => {
    const losses: tf.Scalar[] = [];
    const gradients: tf.Tensor4D[] = [];
    filters.forEach((filter, b) => {
      const image = tf.slice(images, [b, 0, 0, 0], [1, -1, -1, -1]);
      const lossOf = (x: tf.Tensor4D): tf.Scalar => {
        const target = forwardToTarget(network, x, activation);
        return tf.mean(tf.slice(target, [0, 0, 0, filter], [-1, -1, -1, 1]));
      };
      const { value, grad } = tf.valueAndGrad(lossOf)(image);
      losses.push(value);
      gradients.push(grad as tf.Tensor4D);
    });
    return { loss: tf.stack(losses) as tf.Tensor1D, gradient: tf.concat(gradients, 0) };
  });
}

/** All channels of the target layer's output (post- or pre-ReLU), with unfused built-in ops. */
export function forwardToTarget(network: Network, images: tf.Tensor4D, activation: ActivationSite = 'post-relu'): tf.Tensor4D {
  let current = images;
  for (const stage of network.stages) {
    current =
      stage.kind === 'conv'
        ? tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(current, stage.kernel, 1, 'same'), stage.bias))
        : tf.maxPool(current, 2, 2, 'valid');
  }
  const preActivation = tf.add<tf.Tensor4D>(tf.conv2d(current, network.targetKernel, 1, 'same'), network.targetBias);
  return activation === 'post-relu' ? tf.relu(preActivation) : preActivation;
}
