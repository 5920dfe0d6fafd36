import * as tf from '@tensorflow/tfjs-core';
import { flippedTransposedKernel, type Network } from './network.ts';

/** What one forward/backward pass gives for a batch where image b maximises filter filters[b]. */
export interface LossAndGradient {
  /** Mean post-ReLU activation of each image's own target filter, [B]. */
  readonly loss: tf.Tensor1D;
  /** d loss_b / d image_b, [B, H, W, 3]. */
  readonly gradient: tf.Tensor4D;
}

export type Objective = (network: Network, images: tf.Tensor4D, filters: tf.Tensor1D) => LossAndGradient;

/**
 * The classic objective and its input gradient, written out by hand: the forward pass keeps
 * each stage's output, and the backward pass runs forward convolutions with the flipped kernels.
 * The last convolution computes only the B target channels instead of all of them.
 */
export const classicObjective: Objective = (network, images, filters) =>
  tf.tidy(() => {
    const kept: { input: tf.Tensor4D; output: tf.Tensor4D }[] = [];
    let activation = images;
    for (const stage of network.stages) {
      const input = activation;
      activation =
        stage.kind === 'conv'
          ? tf.fused.conv2d({ x: input, filter: stage.kernel, strides: 1, pad: 'same', bias: stage.bias, activation: 'relu' })
          : tf.maxPool(input, 2, 2, 'valid');
      kept.push({ input, output: activation });
    }

    const batch = images.shape[0];
    const kernel = tf.gather(network.targetKernel, filters, 3);
    const bias = tf.gather(network.targetBias, filters);
    // Not fused: tfjs-wasm records a wrong rank for gather's output and rejects it as a fused bias.
    const allPairs = tf.add(tf.conv2d(activation, kernel, 1, 'same'), bias);
    const own = tf.reshape(tf.eye(batch), [batch, 1, 1, batch]);
    const preActivation = tf.sum(tf.mul(allPairs, own), 3);
    const loss = tf.mean(tf.relu(preActivation), [1, 2]) as tf.Tensor1D;

    const [, height, width] = preActivation.shape;
    const reluSlope = tf.cast(tf.greater(preActivation, 0), 'float32');
    const dPreActivation = tf.div(reluSlope, height! * width!);
    let upstream = tf.conv2d(tf.mul<tf.Tensor4D>(tf.expandDims(dPreActivation, 3), own), flippedTransposedKernel(kernel), 1, 'same');

    for (let i = network.stages.length - 1; i >= 0; i--) {
      const stage = network.stages[i]!;
      const { input, output } = kept[i]!;
      if (stage.kind === 'conv') {
        const dStagePre = tf.mul<tf.Tensor4D>(upstream, tf.cast(tf.greater(output, 0), 'float32'));
        upstream = tf.conv2d(dStagePre, stage.backwardKernel, 1, 'same');
      } else {
        upstream = maxPoolInputGradient(input, output, upstream);
      }
    }
    return { loss, gradient: upstream };
  });

/**
 * 2x2/2 'valid' max pooling sends each output's gradient to the input that was the maximum.
 * Ties between positive inputs have measure zero; ties at 0 sit where ReLU's slope is 0 anyway.
 * Odd sides (e.g. 150 px -> 75 -> 37) drop the last row/column, which gets no gradient.
 */
function maxPoolInputGradient(input: tf.Tensor4D, output: tf.Tensor4D, upstream: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = input.shape;
  const [, pooledHeight, pooledWidth] = output.shape;
  const covered: [number, number] = [2 * pooledHeight!, 2 * pooledWidth!];
  const spread = tf.image.resizeNearestNeighbor(upstream, covered);
  const maxima = tf.image.resizeNearestNeighbor(output, covered);
  const coveredInput = tf.slice(input, [0, 0, 0, 0], [batch, covered[0], covered[1], channels]);
  const routed = tf.mul<tf.Tensor4D>(spread, tf.cast(tf.equal(coveredInput, maxima), 'float32'));
  if (covered[0] === height && covered[1] === width) return routed;
  return tf.pad(routed, [[0, 0], [0, height! - covered[0]], [0, width! - covered[1]], [0, 0]]);
}
