import * as tf from '@tensorflow/tfjs-core';
import type { ActivationSite } from '../types.ts';
import { flippedTransposedKernel, type Network } from './network.ts';

/** What one forward/backward pass gives for a batch where image b maximises filter filters[b]. */
export interface TensorLossAndGradient {
  /** Mean activation of each image's own target filter, [B]. */
  readonly loss: tf.Tensor1D;
  /** d loss_b / d image_b, [B, H, W, 3]. */
  readonly gradient: tf.Tensor4D;
}

/** Each stage's input and output, kept by the forward pass for the backward pass. */
interface Kept {
  readonly input: tf.Tensor4D;
  readonly output: tf.Tensor4D;
}

function stageForward(stage: Network['stages'][number], input: tf.Tensor4D): tf.Tensor4D {
  return stage.kind === 'conv'
    ? tf.fused.conv2d({ x: input, filter: stage.kernel, strides: 1, pad: 'same', bias: stage.bias, activation: 'relu' })
    : tf.maxPool(input, 2, 2, 'valid');
}

function forward(network: Network, images: tf.Tensor4D): Kept[] {
  const kept: Kept[] = [];
  let activation = images;
  for (const stage of network.stages) {
    const input = activation;
    activation = stageForward(stage, input);
    kept.push({ input, output: activation });
  }
  return kept;
}

/**
 * The target layer's pre-activation of each image's own filter, [B, h, w]: the last convolution
 * computes only the B target channels (for all B images), and image b keeps channel b.
 */
function targetPreActivation(network: Network, activation: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    // Not fused: tfjs-wasm records a wrong rank for gather's output and rejects it as a fused bias.
    const allPairs = tf.add<tf.Tensor4D>(tf.conv2d(activation, kernel, 1, 'same'), bias);
    return ownChannels(allPairs);
  });
}

/**
 * Channel b of image b from [B, h, w, B], as [B, h, w]. Gathered, not multiplied by a 0/1 mask:
 * another image's filter may overflow to Inf, and Inf·0 would make every image of the batch NaN.
 * The gather also reads B times fewer values than mask-and-sum, and gives the same bits.
 */
function ownChannels(allPairs: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, height, width] = allPairs.shape;
    const position = tf.range(0, batch * height * width, 1, 'int32');
    // Position (b, y, x) is at flat index ((b·h + y)·w + x)·B + b.
    const index = tf.add(tf.mul(position, tf.scalar(batch, 'int32')), tf.floorDiv(position, tf.scalar(height * width, 'int32')));
    return tf.reshape(tf.gather(tf.reshape(allPairs, [-1]), index), [batch, height, width]);
  });
}

/** [B, 1, 1, B] identity: image b's row selects channel b. */
function ownChannel(batch: number): tf.Tensor4D {
  return tf.reshape(tf.eye(batch), [batch, 1, 1, batch]);
}

/** Mean over the feature map of each image's own filter, post- or pre-ReLU. */
function meanActivation(preActivation: tf.Tensor3D, activation: ActivationSite): tf.Tensor1D {
  return tf.mean(activation === 'post-relu' ? tf.relu(preActivation) : preActivation, [1, 2]) as tf.Tensor1D;
}

/**
 * [B, 1, 1]: 1 for the images read before the ReLU on a post-ReLU network, else 0. relu(x) + 1·min(x, 0)
 * is x exactly, relu(x) + 0·min(x, 0) is relu(x), and max(step(x), 1) is the pre-ReLU slope.
 */
function preReluMask(preRelu: readonly boolean[]): tf.Tensor3D {
  return tf.tensor3d(preRelu.map((read) => (read ? 1 : 0)), [preRelu.length, 1, 1]);
}

/**
 * The objective and its input gradient, written out by hand: the forward pass keeps each stage's
 * output, and the backward pass runs forward convolutions with the flipped kernels. Every
 * intermediate is freed as soon as the pass is done with it, so the peak memory is the kept
 * activations plus a few tensors of one stage.
 */
export function objectiveLossAndGradient(
  network: Network,
  images: tf.Tensor4D,
  filters: tf.Tensor1D,
  activation: ActivationSite = 'post-relu',
  /** Per image, read before the ReLU although `activation` is post-ReLU (see FilterNetwork). */
  preRelu?: readonly boolean[],
): TensorLossAndGradient {
  return tf.tidy(() => {
    const kept = forward(network, images);
    const batch = images.shape[0];
    const kernel = tf.gather(network.targetKernel, filters, 3);
    const own = ownChannel(batch);
    const last = kept[kept.length - 1]?.output ?? images;
    const preActivation = targetPreActivation(network, last, kernel, tf.gather(network.targetBias, filters));
    const mask = preRelu ? preReluMask(preRelu) : undefined;
    const loss = mask
      ? (tf.mean(tf.add(tf.relu(preActivation), tf.mul(mask, tf.minimum(preActivation, 0))), [1, 2]) as tf.Tensor1D)
      : meanActivation(preActivation, activation);

    let upstream = tf.tidy(() => {
      const [, height, width] = preActivation.shape;
      // step(x) is exactly 1 where x > 0, else 0: ReLU's slope (and far cheaper on wasm than cast(greater(x, 0))).
      const slope = mask ? tf.maximum(tf.step(preActivation), mask) : activation === 'post-relu' ? tf.step(preActivation) : tf.onesLike(preActivation);
      const dPreActivation = tf.div(slope, height! * width!);
      return tf.conv2d(tf.mul<tf.Tensor4D>(tf.expandDims(dPreActivation, 3), own), flippedTransposedKernel(kernel), 1, 'same');
    });
    tf.dispose([preActivation, kernel]);

    for (let i = network.stages.length - 1; i >= 0; i--) {
      const stage = network.stages[i]!;
      const { input, output } = kept[i]!;
      const next = tf.tidy(() =>
        stage.kind === 'conv'
          ? tf.conv2d(tf.mul<tf.Tensor4D>(upstream, tf.step(output)), stage.backwardKernel, 1, 'same')
          : maxPoolInputGradient(input, output, upstream),
      );
      // This stage's output and the gradient flowing into it are no longer needed.
      tf.dispose([upstream, output]);
      upstream = next;
    }
    return { loss, gradient: upstream };
  });
}

/** The same loss, bit for bit, without the backward pass (for the loss after the last step). */
export function objectiveLoss(network: Network, images: tf.Tensor4D, filters: tf.Tensor1D, activation: ActivationSite = 'post-relu'): tf.Tensor1D {
  return tf.tidy(() => {
    let current = images;
    for (const stage of network.stages) {
      const output = stageForward(stage, current);
      if (current !== images) current.dispose();
      current = output;
    }
    const preActivation = targetPreActivation(network, current, tf.gather(network.targetKernel, filters, 3), tf.gather(network.targetBias, filters));
    return meanActivation(preActivation, activation);
  });
}

/**
 * 2x2/2 'valid' max pooling sends each output's gradient to the input that was the maximum.
 * Ties between positive inputs have measure zero; ties at 0 sit where ReLU's slope is 0 anyway.
 * Odd sides (e.g. 150 px -> 75 -> 37) drop the last row/column, which gets no gradient.
 */
function maxPoolInputGradient(input: tf.Tensor4D, output: tf.Tensor4D, upstream: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = input.shape;
  const [, pooledHeight, pooledWidth] = output.shape;
  const covered: [number, number] = [2 * pooledHeight!, 2 * pooledWidth!];
  const whole = covered[0] === height && covered[1] === width;
  const spread = tf.image.resizeNearestNeighbor(upstream, covered);
  const maxima = tf.image.resizeNearestNeighbor(output, covered);
  const coveredInput = whole ? input : tf.slice(input, [0, 0, 0, 0], [batch, covered[0], covered[1], channels]);
  const routed = tf.mul<tf.Tensor4D>(spread, tf.cast(tf.equal(coveredInput, maxima), 'float32'));
  if (whole) return routed;
  return tf.pad(routed, [[0, 0], [0, height! - covered[0]], [0, width! - covered[1]], [0, 0]]);
}
