import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decodeMatrix } from '../../../src/engine/connections/codec.ts';
import { computePair, connectionPairs } from '../../../src/engine/connections/compute.ts';
import { fastestMultiplier } from '../../../src/engine/connections/multiply.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../../src/engine/vgg16.ts';
import { loadKerasHdf5 } from '../../../src/engine/weights/hdf5.ts';
import { VGG16_BLOCK_WIDTHS } from '../../../src/engine/weights/validate.ts';

const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');

test('the real block1/block2 weights: image → block1_conv1 and block1_conv1 → block2_conv1, 8 inputs per block2 filter, sums as the tap-summed kernels multiply', async (t) => {
  if (!existsSync(REAL_WEIGHTS)) return t.skip(`no real weights at ${REAL_WEIGHTS}`);
  const weights = await loadKerasHdf5(REAL_WEIGHTS);
  const topology = vgg16Layers(VGG16_BLOCK_WIDTHS);
  const pairs = connectionPairs(weights, ATLAS_LAYERS, topology);
  assert.deepEqual(pairs.map((pair) => `${pair.from}>${pair.to}:${pair.side}`), ['input>block1_conv1:3', 'block1_conv1>block2_conv1:8']);
  const multiplier = await fastestMultiplier();
  try {
    const file = (await computePair(weights, pairs[1]!, topology, multiplier.multiply))!;
    assert.equal(file.inputs.length, 128);
    assert.ok(file.inputs.every((entry) => entry.inputs.length === 8 && entry.kernelScale > 0));
    const sum = decodeMatrix(file.sum, 128 * 64);
    const tapSummed = (name: string): Float64Array => {
      const conv = weights.layers.get(name)!;
      const [, , inCount, outCount] = conv.kernelShape;
      const summed = new Float64Array(inCount * outCount);
      conv.kernel.forEach((value, k) => (summed[k % (inCount * outCount)]! += value));
      return summed;
    };
    const [first, second] = [tapSummed('block1_conv2'), tapSummed('block2_conv1')];
    for (const [j, i] of [[0, 0], [5, 59], [127, 63], [64, 12]] as const) {
      let expected = 0;
      for (let m = 0; m < 64; m++) expected += first[i * 64 + m]! * second[m * 128 + j]!;
      assert.ok(Math.abs(sum[j * 64 + i]! - expected) < 1e-4 * (1 + Math.abs(expected)), `sum E[${j}][${i}] = ${sum[j * 64 + i]}, expected ${expected}`);
    }
  } finally {
    await multiplier.dispose();
  }
});
