import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { activateBackend } from '../../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../../src/engine/runtime/tfjs/network.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { forwardToTarget } from '../../../src/engine/runtime/tfjs/reference.ts';
import { centralRegion, receptiveField } from '../../../src/engine/tuning/region.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';

describe('tuning central region', () => {
  it('receptive fields of VGG16 match the published sizes (block5_pool: 212 px)', () => {
    const layers = ['block1_conv1', 'block1_conv2', 'block2_conv1', 'block3_conv1', 'block4_conv1', 'block4_conv3', 'block5_pool'];
    const sizes = Object.fromEntries(layers.map((layer) => [layer, receptiveField(layer, 64).size]));
    assert.deepEqual(sizes, { block1_conv1: 3, block1_conv2: 5, block2_conv1: 10, block3_conv1: 24, block4_conv1: 60, block4_conv3: 92, block5_pool: 212 });
    assert.deepEqual(receptiveField('block2_conv1', 64), { jump: 2, first: -4, last: 5, size: 10, mapSize: 32 });
  });

  it('at 64 px: the padding-free region for block1–block3, the central half for block4', () => {
    const regions = Object.fromEntries(ATLAS_LAYERS.map((layer) => [layer, centralRegion(layer, 64)]));
    assert.deepEqual(regions, {
      block1_conv1: { top: 1, left: 1, height: 62, width: 62, mapSize: 64, paddingFree: true },
      block2_conv1: { top: 2, left: 2, height: 28, width: 28, mapSize: 32, paddingFree: true },
      block3_conv1: { top: 3, left: 3, height: 10, width: 10, mapSize: 16, paddingFree: true },
      block4_conv1: { top: 2, left: 2, height: 4, width: 4, mapSize: 8, paddingFree: false },
    });
  });

  it('is centred and inside the map at other sizes, odd maps included', () => {
    for (const size of [8, 16, 36, 50, 64, 96, 150, 224]) {
      for (const layer of ATLAS_LAYERS) {
        if (size < 4 * 2 ** ATLAS_LAYERS.indexOf(layer)) continue;
        const region = centralRegion(layer, size);
        const right = region.mapSize - region.left - region.width;
        assert.ok(region.left >= 0 && right >= 0 && region.width >= Math.ceil(region.mapSize / 2), `${layer} at ${size}: ${JSON.stringify(region)}`);
        assert.ok(Math.abs(region.left - right) <= 1, `${layer} at ${size} is centred`);
        assert.deepEqual([region.top, region.height], [region.left, region.width]);
      }
    }
    assert.throws(() => centralRegion('block4_conv1', 4), /no block4_conv1 feature map/);
  });
});

describe('tuning central region: padding-free means unaffected by padding (tiny model, cpu)', () => {
  const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
  const topology = vgg16Layers(TINY_WIDTHS);
  before(async () => {
    await activateBackend('cpu');
  });

  // Surround a 64 px image with 8·jump px of other content: a feature pixel whose receptive field
  // stays inside the 64 px image cannot tell the two inputs apart; one that reaches the padding can.
  for (const layer of ['block1_conv1', 'block2_conv1', 'block3_conv1'] as const) {
    it(`${layer}: the region's activations are the same with or without surrounding content; the border's are not`, () => {
      const size = 64;
      const { jump } = receptiveField(layer, size, topology);
      const margin = 8 * jump;
      const network = buildNetwork(networkStages(weights, layer, topology));
      const [small, large] = tf.tidy(() => {
        const big = tf.add(tf.mul(tf.randomUniform([1, size + 2 * margin, size + 2 * margin, 3], -1, 1, 'float32', 3), 60), 10) as tf.Tensor4D;
        const inner = tf.slice(big, [0, margin, margin, 0], [1, size, size, 3]);
        return [forwardToTarget(network, inner), forwardToTarget(network, big)];
      });
      const region = centralRegion(layer, size, topology);
      const shift = margin / jump;
      const [a, b] = [small.arraySync()[0]!, large.arraySync()[0]!];
      const differs = (y: number, x: number) => a[y]![x]!.some((value, c) => Math.abs(value - b[y + shift]![x + shift]![c]!) > 1e-3 * (1 + Math.abs(value)));
      for (let y = region.top; y < region.top + region.height; y++) {
        for (let x = region.left; x < region.left + region.width; x++) assert.ok(!differs(y, x), `(${y}, ${x}) inside the region is padding-free`);
      }
      const justOutside = [region.top - 1, region.top + region.height].filter((y) => y >= 0 && y < region.mapSize);
      assert.ok(justOutside.length > 0, 'there is a border to test');
      for (const y of justOutside) {
        assert.ok(Array.from({ length: region.mapSize }, (_, x) => differs(y, x)).some(Boolean), `row ${y}, just outside the region, feels the padding`);
      }
      tf.dispose([small, large]);
      network.dispose();
    });
  }
});
