import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { bytesPerImage } from '../../src/engine/batching.ts';
import { BatchRenderer } from '../../src/engine/render-batch.ts';
import { activateBackend, type TfjsBackend } from '../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../src/engine/runtime/tfjs/network.ts';
import { objectiveLoss, objectiveLossAndGradient } from '../../src/engine/runtime/tfjs/objective.ts';
import { TfjsRuntime } from '../../src/engine/runtime/tfjs/runtime.ts';
import { networkStages } from '../../src/engine/stages.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../src/engine/vgg16.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';

const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
const method = { name: 'classic', size: 16, steps: 3, step: 1, seed: 0 } as const;

for (const backend of ['wasm', 'cpu'] satisfies TfjsBackend[]) {
  describe(`tensor memory stays flat (${backend})`, () => {
    let renderer: BatchRenderer;
    before(async () => {
      await activateBackend(backend);
      renderer = new BatchRenderer(new TfjsRuntime(backend), weights, TINY_WIDTHS);
    });
    after(() => renderer.dispose());

    it('rendering batch after batch of every layer does not grow the tensor count or bytes', async () => {
      // A layer's first batch builds its network, which stays until a batch of another layer releases it.
      const settled = new Map<string, tf.MemoryInfo>();
      for (const layer of ATLAS_LAYERS) {
        await renderer.render({ layer, filters: [0, 1], method });
        settled.set(layer, tf.memory());
      }
      for (let round = 0; round < 3; round++) {
        for (const layer of ATLAS_LAYERS) {
          await renderer.render({ layer, filters: [0, 1, 2, 3], method });
          await renderer.render({ layer, filters: [3], method });
          assert.equal(tf.memory().numTensors, settled.get(layer)!.numTensors, `after ${layer} round ${round}`);
          assert.equal(tf.memory().numBytes, settled.get(layer)!.numBytes, `bytes after ${layer} round ${round}`);
        }
      }
    });

    it('one forward/backward pass leaves exactly its loss and gradient, and the forward-only loss exactly its loss', () => {
      const network = buildNetwork(networkStages(weights, 'block3_conv1', vgg16Layers(TINY_WIDTHS)));
      const images = tf.randomUniform([3, 16, 16, 3], 128, 148, 'float32', 3) as tf.Tensor4D;
      const filters = tf.tensor1d([0, 4, 7], 'int32');
      const before = tf.memory().numTensors;
      const { loss, gradient } = objectiveLossAndGradient(network, images, filters);
      assert.equal(tf.memory().numTensors, before + 2);
      const lossOnly = objectiveLoss(network, images, filters);
      assert.equal(tf.memory().numTensors, before + 3);
      assert.deepEqual(lossOnly.dataSync(), loss.dataSync(), 'the forward-only loss is the same, bit for bit');
      tf.dispose([loss, gradient, lossOnly, images, filters]);
      network.dispose();
    });

    it('a pass peaks near the activation memory batchSizeFor budgets for, not a multiple of it', async () => {
      const topology = vgg16Layers(TINY_WIDTHS);
      for (const layer of ATLAS_LAYERS) {
        const network = buildNetwork(networkStages(weights, layer, topology));
        const images = tf.randomUniform([4, 32, 32, 3], 128, 148, 'float32', 5) as tf.Tensor4D;
        const filters = tf.tensor1d([0, 1, 2, 3], 'int32');
        const base = tf.memory().numBytes;
        const info = await tf.profile(() => {
          const { loss, gradient } = objectiveLossAndGradient(network, images, filters);
          tf.dispose([loss, gradient]);
          return [];
        });
        const budget = 4 * bytesPerImage(layer, 32, topology);
        // Keeping every intermediate until the end of the pass used to peak at 2.5-3x the budget.
        assert.ok(info.peakBytes - base <= 1.5 * budget, `${layer}: peak ${info.peakBytes - base} bytes, budget ${budget}`);
        tf.dispose([images, filters]);
        network.dispose();
      }
    });
  });
}
