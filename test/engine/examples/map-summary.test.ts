/** summarizeMaps on each runtime against the plain tfjs forward pass, reduced in JavaScript. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { heatmapGeometry } from '../../../src/engine/runtime/map-summary.ts';
import { createRuntime, type ResolvedBackend } from '../../../src/engine/runtime/select.ts';
import { activateBackend } from '../../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../../src/engine/runtime/tfjs/network.ts';
import { forwardToTarget } from '../../../src/engine/runtime/tfjs/reference.ts';
import type { Runtime } from '../../../src/engine/runtime/types.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';

const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
const topology = vgg16Layers(TINY_WIDTHS);
const LAYERS = ['block1_conv1', 'block2_conv1', 'block3_conv1'];

/** The pre-ReLU maps of `layer` from the reference pass on the cpu backend: NHWC values and shape. */
async function referenceMaps(layer: string, pixels: Float32Array, count: number, size: number): Promise<{ values: Float32Array; side: number; channels: number }> {
  await activateBackend('cpu');
  const network = buildNetwork(networkStages(weights, layer, topology));
  try {
    const maps = tf.tidy(() => forwardToTarget(network, tf.tensor4d(pixels, [count, size, size, 3]), 'pre-relu'));
    const [, side, , channels] = maps.shape;
    const values = (await maps.data()) as Float32Array;
    maps.dispose();
    return { values, side, channels };
  } finally {
    network.dispose();
  }
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b));

for (const backend of ['onnx', 'wasm'] satisfies ResolvedBackend[]) {
  describe(`map summaries of several layers from one pass (${backend})`, () => {
    let runtime: Runtime;
    before(async () => {
      runtime = await createRuntime(backend, 1);
    });
    after(() => runtime.dispose());

    it('max, min, their positions, the post-ReLU mean and the heatmap match the plain forward pass', async () => {
      const size = 58; // block1: a 58 px map, pooled by 3 into 20 with a partial last window
      const count = 2;
      const pixels = Float32Array.from({ length: count * size * size * 3 }, (_, i) => 30 * Math.sin(i * 0.91) + 9 * Math.cos(i * 0.013));
      const network = runtime.layerNetwork(networkStages(weights, 'block3_conv1', topology), { activation: 'pre-relu' });
      const summaries = await network.summarizeMaps({ pixels, count, size }, LAYERS);
      await network.dispose();
      if (backend === 'wasm') await activateBackend('wasm');
      assert.deepEqual(summaries.map((summary) => summary.layer), LAYERS);
      for (const summary of summaries) {
        const { values, side, channels } = await referenceMaps(summary.layer, pixels, count, size);
        assert.equal(summary.side, side);
        assert.equal(summary.filterCount, channels);
        const heat = heatmapGeometry(side);
        assert.equal(summary.heatSide, heat.side);
        for (let b = 0; b < count; b++) {
          for (let c = 0; c < channels; c++) {
            const map = Array.from({ length: side * side }, (_, p) => values[(b * side * side + p) * channels + c]!);
            const max = Math.max(...map);
            const min = Math.min(...map);
            const row = b * channels + c;
            assert.ok(close(summary.max[row]!, max), `${summary.layer} max ${row}`);
            assert.ok(close(summary.min[row]!, min), `${summary.layer} min ${row}`);
            assert.ok(close(map[summary.argmax[row]!]!, max), `${summary.layer} argmax ${row}`);
            assert.ok(close(map[summary.argmin[row]!]!, min), `${summary.layer} argmin ${row}`);
            const mean = map.reduce((sum, value) => sum + Math.max(0, value), 0) / map.length;
            assert.ok(close(summary.postReluMean[row]!, mean), `${summary.layer} mean ${row}`);
            for (let hy = 0; hy < heat.side; hy++) {
              for (let hx = 0; hx < heat.side; hx++) {
                let pooled = -Infinity;
                for (let y = hy * heat.factor; y < Math.min(side, (hy + 1) * heat.factor); y++) for (let x = hx * heat.factor; x < Math.min(side, (hx + 1) * heat.factor); x++) pooled = Math.max(pooled, map[y * side + x]!);
                assert.ok(close(summary.heat[(row * heat.side + hy) * heat.side + hx]!, pooled), `${summary.layer} heat ${row} ${hy},${hx}`);
              }
            }
          }
        }
      }
    });

    it('refuses a layer the network does not pass through', async () => {
      const network = runtime.layerNetwork(networkStages(weights, 'block2_conv1', topology), { activation: 'pre-relu' });
      await assert.rejects(network.summarizeMaps({ pixels: new Float32Array(16 * 16 * 3), count: 1, size: 16 }, ['block3_conv1']), /not a convolution on the way to block2_conv1/);
      await network.dispose();
    });
  });
}
