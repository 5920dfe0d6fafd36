import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIVATION_BUDGET_BYTES, batchSizeFor, bytesPerImage, MAX_BATCH, MIN_BATCH } from '../../src/engine/batching.ts';
import { ATLAS_LAYERS, VGG16_LAYERS } from '../../src/engine/vgg16.ts';

describe('batch size per layer and size', () => {
  it('block1_conv1, whose only work is the B x B target pairs, gets the smallest batch', () => {
    assert.equal(batchSizeFor('block1_conv1', 64), MIN_BATCH);
  });

  it('deeper layers at 64 px batch up to MAX_BATCH, keeping the pairs overhead small', () => {
    assert.deepEqual(
      ATLAS_LAYERS.map((layer) => batchSizeFor(layer, 64)),
      [MIN_BATCH, 13, MAX_BATCH, MAX_BATCH],
    );
  });

  it('never plans more activation memory than the budget, but always at least one image', () => {
    for (const size of [32, 64, 150, 224, 512]) {
      for (const layer of ATLAS_LAYERS) {
        const batch = batchSizeFor(layer, size, VGG16_LAYERS);
        assert.ok(batch >= 1 && batch <= MAX_BATCH, `${layer} at ${size}: ${batch}`);
        if (batch > 1) assert.ok(batch * bytesPerImage(layer, size) <= ACTIVATION_BUDGET_BYTES, `${layer} at ${size} px`);
      }
    }
  });
});
