import * as tf from '@tensorflow/tfjs-core';
import type { FilterStatus } from '../atlas/manifest.ts';
import type { Network } from './network.ts';
import { classicObjective, type Objective } from './objective.ts';

export interface AscentParams {
  readonly steps: number;
  readonly step: number;
}

export interface FilterAscent {
  readonly filter: number;
  /** The final input image, HWC float32. */
  readonly image: Float32Array;
  /** Loss before the first update and after each update (steps + 1 values; fewer if it failed). */
  readonly loss: number[];
  readonly status: FilterStatus;
  /** For "failed": the update whose gradient or loss was not finite. */
  readonly failedAtStep?: number;
}

/** Added to the gradient's RMS before dividing, as in the notebook, so a zero gradient stays zero. */
export const GRADIENT_EPSILON = 1e-5;

/**
 * The classic gradient ascent for a batch of filters of one layer, image b maximising filters[b]:
 * x += step * g / (rms(g) + 1e-5), per image, `steps` times. Everything stays on the backend until
 * the end. An image whose loss or gradient turns NaN/Inf is frozen and reported "failed" at that
 * step; an image that never moved (zero gradient throughout) is "dead".
 */
export function ascend(
  network: Network,
  filters: readonly number[],
  startImages: readonly Float32Array[],
  size: number,
  params: AscentParams,
  objective: Objective = classicObjective,
): FilterAscent[] {
  const batch = filters.length;
  const start = tf.tensor4d(concatImages(startImages), [batch, size, size, 3]);
  const filterIndices = tf.tensor1d([...filters], 'int32');
  let images: tf.Tensor4D = tf.clone(start);
  let failedAt: tf.Tensor1D = tf.fill([batch], -1, 'int32');
  const losses: tf.Tensor1D[] = [];
  try {
    for (let update = 0; update < params.steps; update++) {
      const next = tf.tidy(() => {
        const { loss, gradient } = objective(network, images, filterIndices);
        const broken = tf.logicalOr(notFinite(loss), notFinite(tf.sum(gradient, [1, 2, 3])));
        const newlyFailed = tf.logicalAnd(broken, tf.less(failedAt, 0));
        const failedAtNext = tf.where(newlyFailed, tf.fill([batch], update, 'int32'), failedAt);
        const active = tf.broadcastTo(tf.reshape(tf.less(failedAtNext, 0), [batch, 1, 1, 1]), images.shape);
        const moved = tf.add(images, tf.mul(normalizeGradient(gradient), params.step));
        return { loss: tf.keep(loss), images: tf.where(active, moved, images), failedAt: failedAtNext };
      });
      losses.push(next.loss);
      tf.dispose([images, failedAt]);
      images = next.images as tf.Tensor4D;
      failedAt = next.failedAt as tf.Tensor1D;
    }
    // The loss after the last update needs no gradient: the objective's forward-only path when it has one.
    const finalLoss = objective.lossOnly ?? ((net: Network, x: tf.Tensor4D, f: tf.Tensor1D) => objective(net, x, f).loss);
    losses.push(tf.tidy(() => finalLoss(network, images, filterIndices)));
    return readResults(filters, start, images, failedAt, losses);
  } finally {
    tf.dispose([start, filterIndices, images, failedAt, ...losses]);
  }
}

/** g / (sqrt(mean(g²)) + 1e-5), per image. */
export function normalizeGradient(gradient: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const rms = tf.sqrt(tf.mean(tf.square(gradient), [1, 2, 3], true));
    return tf.div(gradient, tf.add(rms, GRADIENT_EPSILON));
  });
}

/** True where x is NaN or ±Inf (x·0 is NaN exactly then). */
function notFinite(x: tf.Tensor): tf.Tensor {
  return tf.isNaN(tf.mul(x, 0));
}

function concatImages(images: readonly Float32Array[]): Float32Array {
  const total = images.reduce((sum, image) => sum + image.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const image of images) {
    out.set(image, offset);
    offset += image.length;
  }
  return out;
}

function readResults(
  filters: readonly number[],
  start: tf.Tensor4D,
  images: tf.Tensor4D,
  failedAt: tf.Tensor1D,
  losses: tf.Tensor1D[],
): FilterAscent[] {
  const pixels = images.dataSync() as Float32Array;
  const movement = tf.tidy(() => tf.max(tf.abs(tf.sub(images, start)), [1, 2, 3]).dataSync());
  const lossTable = tf.tidy(() => tf.stack(losses, 1).arraySync() as number[][]);
  const failedSteps = failedAt.dataSync();
  const perImage = pixels.length / filters.length;
  return filters.map((filter, b): FilterAscent => {
    const image = pixels.slice(b * perImage, (b + 1) * perImage);
    const failedAtStep = failedSteps[b]!;
    const loss = lossTable[b]!;
    if (failedAtStep >= 0) {
      return { filter, image, loss: loss.slice(0, failedAtStep + 1).filter(Number.isFinite), status: 'failed', failedAtStep };
    }
    return { filter, image, loss, status: movement[b] === 0 ? 'dead' : 'ok' };
  });
}
