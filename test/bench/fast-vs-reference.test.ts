import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encodePng } from '../../src/atlas/images.ts';
import { deprocess } from '../../src/engine/deprocess.ts';
import type { FilterAscent } from '../../src/engine/method/ascent.ts';
import { classicAscent } from '../../src/engine/method/classic.ts';
import { startingNoise } from '../../src/engine/noise.ts';
import { activateBackend, type TfjsBackend } from '../../src/engine/runtime/tfjs/backend.ts';
import { TfjsFilterNetwork } from '../../src/engine/runtime/tfjs/runtime.ts';
import { networkStages } from '../../src/engine/stages.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../src/engine/vgg16.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';

// The engine's images against the naive port's (batch 1, tf.grad of the plain graph), over a whole ascent.
const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
const topology = vgg16Layers(TINY_WIDTHS);
const size = 32;
const params = { size, steps: 10, step: 1 };
const filters = [0, 2, 3];

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

for (const backend of ['cpu', 'wasm'] satisfies TfjsBackend[]) {
  describe(`engine vs naive port over a whole ascent (${backend})`, () => {
    before(async () => {
      await activateBackend(backend);
    });

    for (const layer of ATLAS_LAYERS) {
      it(`${layer}: same status, losses within float tolerance, same PNG bytes`, async () => {
        const stages = networkStages(weights, layer, topology);
        const network = new TfjsFilterNetwork(stages, { activation: 'post-relu' });
        const reference = new TfjsFilterNetwork(stages, { activation: 'post-relu' }, 'tf.grad');
        try {
          const starts = filters.map((filter) => startingNoise(0, layer, filter, size));
          const fast = await classicAscent(network, filters, starts, params);
          const naive: FilterAscent[] = [];
          for (const [b, filter] of filters.entries()) naive.push(...(await classicAscent(reference, [filter], [starts[b]!], params)));
          for (const [b, filter] of filters.entries()) {
            const mine = fast[b]!;
            const theirs = naive[b]!;
            assert.equal(mine.filter, filter);
            assert.equal(mine.status, theirs.status, `filter ${filter} status`);
            assert.equal(mine.loss.length, params.steps + 1);
            mine.loss.forEach((loss, k) => {
              assert.ok(Math.abs(loss - theirs.loss[k]!) <= 1e-5 * Math.max(1, Math.abs(theirs.loss[k]!)), `filter ${filter} loss ${k}: ${loss} vs ${theirs.loss[k]}`);
            });
            // Pixel values are around 128 (float32 spacing 1.5e-5): a few ulps of drift over 10 steps at most.
            assert.ok(maxAbsDifference(mine.image, theirs.image) <= 1e-3, `filter ${filter} images differ`);
            const [png, naivePng] = await Promise.all([encodePng(deprocess(mine.image), size), encodePng(deprocess(theirs.image), size)]);
            assert.ok(png.equals(naivePng), `filter ${filter}: the PNGs differ`);
          }
        } finally {
          await Promise.all([network.dispose(), reference.dispose()]);
        }
      });
    }
  });
}
