import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { AtlasError } from '../../src/errors.ts';
import { loadKerasHdf5 } from '../../src/engine/weights/hdf5.ts';
import { resolveWeights } from '../../src/engine/weights/source.ts';
import { loadTfjsLayersModel } from '../../src/engine/weights/tfjs.ts';
import type { ConvWeights, WeightSet } from '../../src/engine/weights/types.ts';
import { validateWeights } from '../../src/engine/weights/validate.ts';
import { TINY_WIDTHS, tinyVggWeights, writeKerasHdf5, writeTfjsModel } from '../helpers/tiny-model.ts';
import { useTempDir } from './support.ts';

const REAL_WEIGHTS = '/work/shared/vgg16/vgg16_imagenet_block1_block2_notop.h5';
const REAL_SHA256 = '6083f3b4991fcd9ad49f0e228b83c855320c818ad905375419c4c6846aabc46f';

const tempDir = useTempDir('atlas-weights-loaders-');

function assertSameLayers(actual: ReadonlyMap<string, ConvWeights>, expected: ReadonlyMap<string, ConvWeights>): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, layer] of expected) {
    const loaded = actual.get(name);
    assert.ok(loaded, name);
    assert.deepEqual(loaded.kernelShape, layer.kernelShape, `${name} kernel shape`);
    assert.deepEqual(loaded.kernel, layer.kernel, `${name} kernel`);
    assert.deepEqual(loaded.bias, layer.bias, `${name} bias`);
  }
}

test('the tiny model loads to the generated tensors from legacy HDF5, Keras 2 HDF5, a model_weights file and TF.js', async () => {
  const generated = tinyVggWeights({ seed: 3 });
  const legacyPath = path.join(tempDir(), 'tiny-legacy.h5');
  const keras2Path = path.join(tempDir(), 'tiny-keras2.hdf5');
  const fullModelPath = path.join(tempDir(), 'tiny-full-model.h5');
  await writeKerasHdf5(legacyPath, generated, 'legacy');
  await writeKerasHdf5(keras2Path, generated, 'keras2');
  await writeKerasHdf5(fullModelPath, generated, 'keras2', { underModelWeights: true });
  const modelJsonPath = await writeTfjsModel(path.join(tempDir(), 'tiny-tfjs'), generated);

  const loaded: WeightSet[] = [
    await loadKerasHdf5(legacyPath),
    await loadKerasHdf5(keras2Path),
    await loadKerasHdf5(fullModelPath),
    await loadTfjsLayersModel(modelJsonPath),
  ];
  assert.equal(generated.size, 13);
  for (const weights of loaded) {
    assertSameLayers(weights.layers, generated);
    assert.deepEqual(validateWeights(weights, ['block5_conv3']), TINY_WIDTHS);
    assert.match(weights.sha256, /^[0-9a-f]{64}$/);
  }
  assert.deepEqual(loaded.map((weights) => weights.format), ['keras-hdf5', 'keras-hdf5', 'keras-hdf5', 'tfjs-layers']);
  assert.equal(loaded[0]?.source, legacyPath);
});

test('resolveWeights picks the loader from the path: .h5 file, model.json, or a directory holding model.json', async () => {
  const generated = tinyVggWeights({ seed: 4, upTo: 'block2_conv2' });
  const h5Path = path.join(tempDir(), 'resolve.h5');
  await writeKerasHdf5(h5Path, generated, 'keras2');
  const tfjsDir = path.join(tempDir(), 'resolve-tfjs');
  const modelJsonPath = await writeTfjsModel(tfjsDir, generated, { shards: 1 });

  const fromH5 = await resolveWeights(h5Path);
  const fromModelJson = await resolveWeights(modelJsonPath);
  const fromDir = await resolveWeights(tfjsDir);
  assert.equal(fromH5.format, 'keras-hdf5');
  assert.equal(fromModelJson.format, 'tfjs-layers');
  assert.equal(fromDir.format, 'tfjs-layers');
  assert.equal(fromDir.source, tfjsDir);
  assert.equal(fromDir.sha256, fromModelJson.sha256);
  for (const weights of [fromH5, fromModelJson, fromDir]) assertSameLayers(weights.layers, generated);
});

test('the real block1/block2 file loads with the README shapes, values and sha256', async () => {
  const weights = await loadKerasHdf5(REAL_WEIGHTS);
  assert.equal(weights.sha256, REAL_SHA256);
  assert.deepEqual([...weights.layers.keys()], ['block1_conv1', 'block1_conv2', 'block2_conv1', 'block2_conv2']);
  const shapes = Object.fromEntries([...weights.layers].map(([name, layer]) => [name, [...layer.kernelShape, layer.bias.length]]));
  assert.deepEqual(shapes, {
    block1_conv1: [3, 3, 3, 64, 64],
    block1_conv2: [3, 3, 64, 64, 64],
    block2_conv1: [3, 3, 64, 128, 128],
    block2_conv2: [3, 3, 128, 128, 128],
  });
  const block1Conv1 = weights.layers.get('block1_conv1');
  assert.equal(block1Conv1?.kernel[0], Math.fround(0.42947057));
  // HWIO index [2, 2, 63, 63] of a 3x3x64x64 kernel, the README's second cross-checked value.
  const block1Conv2 = weights.layers.get('block1_conv2');
  assert.equal(block1Conv2?.kernel[((2 * 3 + 2) * 64 + 63) * 64 + 63], Math.fround(0.016082443));

  assert.deepEqual(validateWeights(weights, ['block1_conv1', 'block2_conv1']).slice(0, 2), [64, 128]);
  assert.throws(
    () => validateWeights(weights, ['block1_conv1', 'block3_conv1']),
    (error: unknown) => {
      assert.ok(error instanceof AtlasError);
      assert.match(error.message, /has no block3_conv1 \(needed by block3_conv1\)/);
      assert.ok(error.message.includes(REAL_WEIGHTS));
      assert.match(error.hint ?? '', /--weights/);
      assert.match(error.hint ?? '', /--layers/);
      return true;
    },
  );
});
