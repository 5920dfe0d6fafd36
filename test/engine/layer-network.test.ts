/** The forward-only "every filter's mean activation" call, on each runtime, against the plain tfjs graph. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime, type ResolvedBackend } from '../../src/engine/runtime/select.ts';
import { activateBackend } from '../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../src/engine/runtime/tfjs/network.ts';
import { forwardToTarget } from '../../src/engine/runtime/tfjs/reference.ts';
import type { ActivationSite, Runtime } from '../../src/engine/runtime/types.ts';
import { featureMapSide, networkStages } from '../../src/engine/stages.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../src/engine/vgg16.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';

const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
const topology = vgg16Layers(TINY_WIDTHS);

/** Mean of each channel over the region, from the reference forward pass on the cpu backend: count × channels. */
async function referenceMeans(layer: string, pixels: Float32Array, count: number, size: number, activation: ActivationSite, region: { top: number; left: number; height: number; width: number }): Promise<Float32Array> {
  await activateBackend('cpu');
  const network = buildNetwork(networkStages(weights, layer, topology));
  try {
    const means = tf.tidy(() => {
      const target = forwardToTarget(network, tf.tensor4d(pixels, [count, size, size, 3]), activation);
      return tf.mean(tf.slice(target, [0, region.top, region.left, 0], [count, region.height, region.width, -1]), [1, 2]);
    });
    const values = (await means.data()) as Float32Array;
    means.dispose();
    return values;
  } finally {
    network.dispose();
  }
}

for (const backend of ['onnx', 'wasm'] satisfies ResolvedBackend[]) {
  describe(`every filter's mean activation (${backend})`, () => {
    let runtime: Runtime;
    before(async () => {
      runtime = await createRuntime(backend, 1);
    });
    after(() => runtime.dispose());

    for (const layer of ATLAS_LAYERS) {
      for (const activation of ['post-relu', 'pre-relu'] as const) {
        it(`${layer}, ${activation}: matches the plain forward pass over a region and over the whole map, image-major`, async () => {
          const size = 36;
          const count = 3;
          const pixels = Float32Array.from({ length: count * size * size * 3 }, (_, i) => 20 * Math.sin(i * 0.37) + 5 * Math.cos(i * 0.011));
          const stages = networkStages(weights, layer, topology);
          const side = featureMapSide(stages, size);
          const network = runtime.layerNetwork(stages, { activation });
          for (const region of [{ top: 1, left: 0, height: side - 2, width: side - 1 }, undefined]) {
            const got = await network.meanActivations({ pixels, count, size }, region);
            const expected = await referenceMeans(layer, pixels, count, size, activation, region ?? { top: 0, left: 0, height: side, width: side });
            if (backend === 'wasm') await activateBackend('wasm');
            assert.equal(got.length, count * stages.target.outChannels);
            got.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) <= 1e-4 * (1 + Math.abs(expected[i]!)), `value ${i}: ${value} vs ${expected[i]}`));
          }
          await network.dispose();
        });
      }
    }

    it('refuses a region outside the feature map', async () => {
      const network = runtime.layerNetwork(networkStages(weights, 'block2_conv1', topology), { activation: 'post-relu' });
      const pixels = new Float32Array(16 * 16 * 3);
      await assert.rejects(network.meanActivations({ pixels, count: 1, size: 16 }, { top: 4, left: 0, height: 5, width: 8 }), /not inside the 8×8 map/);
      await network.dispose();
    });
  });
}
