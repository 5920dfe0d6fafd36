import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtlasError } from '../../src/errors.ts';
import type { ConvWeights, WeightSet } from '../../src/engine/weights/types.ts';
import { validateWeights } from '../../src/engine/weights/validate.ts';
import { randomConv, tinyVggWeights } from '../helpers/tiny-model.ts';

function weightSet(layers: ReadonlyMap<string, ConvWeights>): WeightSet {
  return { source: 'tiny.h5', sha256: '0'.repeat(64), format: 'keras-hdf5', layers };
}

function assertAtlasError(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AtlasError, String(error));
    assert.match(error.message, message);
    assert.ok(error.hint, 'an AtlasError carries a hint');
    return true;
  });
}

test('widths come from the file, and blocks the file lacks keep the real VGG16 widths', () => {
  const layers = tinyVggWeights({ widths: [4, 6, 8, 10, 12], upTo: 'block2_conv2' });
  assert.deepEqual(validateWeights(weightSet(layers), ['block2_conv1']), [4, 6, 256, 512, 512]);
});

test('missing layers are named with every requested target that needs them', () => {
  const layers = tinyVggWeights();
  layers.delete('block3_conv1');
  layers.delete('block3_conv2');
  assertAtlasError(
    () => validateWeights(weightSet(layers), ['block1_conv1', 'block3_conv1', 'block4_conv1']),
    /^weights file tiny\.h5 has no block3_conv1, block3_conv2 \(needed by block3_conv1, block4_conv1\)$/,
  );
  // Targets that do not reach the gap still validate.
  assert.doesNotThrow(() => validateWeights(weightSet(layers), ['block2_conv2']));
});

test('a layer whose out-channels differ from the rest of its block is named with both shapes', () => {
  const layers = tinyVggWeights({ widths: [4, 6, 8, 8, 8] });
  layers.set('block3_conv2', randomConv([3, 3, 8, 5]));
  assertAtlasError(() => validateWeights(weightSet(layers), ['block3_conv2']), /^block3_conv2 kernel has shape 3×3×8×5, expected 3×3×8×8/);
});

test('in-channels must chain from the previous layer, starting at 3', () => {
  const firstLayer = tinyVggWeights();
  firstLayer.set('block1_conv1', randomConv([3, 3, 1, 4]));
  assertAtlasError(() => validateWeights(weightSet(firstLayer), ['block1_conv1']), /^block1_conv1 kernel has shape 3×3×1×4, expected 3×3×3×4/);

  const chain = tinyVggWeights();
  chain.set('block2_conv1', randomConv([3, 3, 5, 6]));
  assertAtlasError(() => validateWeights(weightSet(chain), ['block2_conv1']), /^block2_conv1 kernel has shape 3×3×5×6, expected 3×3×4×6/);
});

test('kernels must be 3x3 and biases as long as the out-channels', () => {
  const wideKernel = tinyVggWeights();
  wideKernel.set('block1_conv2', randomConv([5, 5, 4, 4]));
  assertAtlasError(() => validateWeights(weightSet(wideKernel), ['block2_conv1']), /^block1_conv2 kernel has shape 5×5×4×4, expected 3×3×4×4/);

  const shortBias = tinyVggWeights();
  const conv = shortBias.get('block1_conv2');
  assert.ok(conv);
  shortBias.set('block1_conv2', { ...conv, bias: conv.bias.subarray(1) });
  assertAtlasError(() => validateWeights(weightSet(shortBias), ['block1_conv2']), /^block1_conv2 bias has 3 values, expected 4/);
});

test('an unknown or non-convolution target is rejected with the valid names in the hint', () => {
  const layers = tinyVggWeights();
  assertAtlasError(() => validateWeights(weightSet(layers), ['block1_pool']), /unknown VGG16 convolution layer block1_pool/);
  assertAtlasError(() => validateWeights(weightSet(layers), ['fc1']), /unknown VGG16 convolution layer fc1/);
});
