import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { normalizedGradientStep } from '../../src/engine/optimize/normalized-gradient.ts';
import { activateBackend } from '../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../src/engine/runtime/tfjs/network.ts';
import { objectiveLossAndGradient } from '../../src/engine/runtime/tfjs/objective.ts';
import { referenceLossAndGradient } from '../../src/engine/runtime/tfjs/reference.ts';
import type { ActivationSite } from '../../src/engine/runtime/types.ts';
import { networkStages } from '../../src/engine/stages.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../src/engine/vgg16.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';

const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
const topology = vgg16Layers(TINY_WIDTHS);

function noiseImages(batch: number, size: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', seed), 20), 128));
}

function maxAbs(tensor: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tensor)).dataSync()[0]!);
}

describe('classic objective (cpu backend)', () => {
  before(async () => {
    await activateBackend('cpu');
  });

  for (const [layer, activation] of ATLAS_LAYERS.flatMap((layer) => (['post-relu', 'pre-relu'] as ActivationSite[]).map((site) => [layer, site] as const))) {
    // 36 px: an even side for the first pooling, odd sides (9) after two, as with the notebook's 150.
    it(`${layer}, ${activation}: hand-written loss and input gradient match tf.grad of the plain graph`, () => {
      const network = buildNetwork(networkStages(weights, layer, topology));
      const filters = [0, 1, 2, 3];
      const images = noiseImages(filters.length, 36, 11);
      const fast = objectiveLossAndGradient(network, images, tf.tensor1d(filters, 'int32'), activation);
      const reference = referenceLossAndGradient(network, images, filters, activation);
      const lossError = maxAbs(tf.sub(fast.loss, reference.loss));
      const gradientScale = maxAbs(reference.gradient);
      assert.ok(gradientScale > 0, 'the reference gradient is not all zero');
      assert.ok(lossError <= 1e-5 * Math.max(1, maxAbs(reference.loss)), `loss differs by ${lossError}`);
      assert.ok(maxAbs(tf.sub(fast.gradient, reference.gradient)) <= 1e-4 * gradientScale, 'gradients differ');
      tf.dispose([images, fast.loss, fast.gradient, reference.loss, reference.gradient]);
      network.dispose();
    });
  }

  it('the input gradient matches central finite differences of the loss', () => {
    const network = buildNetwork(networkStages(weights, 'block2_conv1', topology));
    const filters = tf.tensor1d([2], 'int32');
    const image = noiseImages(1, 16, 5);
    const lossAt = (x: tf.Tensor4D): number => tf.tidy(() => objectiveLossAndGradient(network, x, filters).loss.dataSync()[0]!);
    const { gradient, loss } = objectiveLossAndGradient(network, image, filters);
    const gradientValues = gradient.dataSync();
    // Probe the pixels where the gradient is largest: there the difference quotient is well above float noise.
    const largest = [...gradientValues.keys()].sort((a, b) => Math.abs(gradientValues[b]!) - Math.abs(gradientValues[a]!)).slice(0, 5);
    const epsilon = 0.5;
    for (const pixel of largest) {
      const bump = tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d([pixel], 'int32'), gradientValues.length), 'float32'), image.shape));
      const plus = lossAt(tf.add(image, tf.mul(bump, epsilon)));
      const minus = lossAt(tf.sub(image, tf.mul(bump, epsilon)));
      const numeric = (plus - minus) / (2 * epsilon);
      const analytic = gradientValues[pixel]!;
      assert.ok(Math.abs(numeric - analytic) <= 0.02 * Math.abs(analytic) + 1e-7, `pixel ${pixel}: numeric ${numeric} vs analytic ${analytic}`);
      bump.dispose();
    }
    tf.dispose([image, gradient, loss, filters]);
    network.dispose();
  });

  it('normalises each image of a batch by its own RMS + 1e-5', () => {
    const images = new Float32Array([10, 10, 10, 10, 20, 20, 20, 20]);
    const gradient = new Float32Array([3, 4, 0, 0, 0, 0, 0, 0]);
    normalizedGradientStep(images, gradient, 0, 4, 2);
    normalizedGradientStep(images, gradient, 4, 4, 2);
    const rms = Math.sqrt((9 + 16) / 4);
    const expected = [10 + (2 * 3) / (rms + 1e-5), 10 + (2 * 4) / (rms + 1e-5), 10, 10];
    assert.deepEqual([...images.slice(0, 4)].map((v) => Number(v.toFixed(4))), expected.map((v) => Number(v.toFixed(4))));
    assert.deepEqual([...images.slice(4)], [20, 20, 20, 20], 'a zero gradient leaves its image as it was, with no NaN');
  });
});
