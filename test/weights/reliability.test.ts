import assert from 'node:assert/strict';
import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import h5wasm from 'h5wasm/node';
import { AtlasError } from '../../src/errors.ts';
import { loadKerasHdf5 } from '../../src/engine/weights/hdf5.ts';
import { resolveWeights } from '../../src/engine/weights/source.ts';
import { loadTfjsLayersModel } from '../../src/engine/weights/tfjs.ts';
import { validateWeights } from '../../src/engine/weights/validate.ts';
import { randomConv, tinyVggWeights, writeKerasHdf5, writeTfjsModel } from '../helpers/tiny-model.ts';
import { rejectsWithAtlasError, useTempDir } from './support.ts';

const REAL_WEIGHTS = '/work/shared/vgg16/vgg16_imagenet_block1_block2_notop.h5';

const tempDir = useTempDir('atlas-weights-reliability-');

test('a nonexistent path is named', async () => {
  const missing = path.join(tempDir(), 'nope.h5');
  await rejectsWithAtlasError(loadKerasHdf5(missing), new RegExp(`${missing} does not exist`));
  await rejectsWithAtlasError(resolveWeights(missing), new RegExp(`${missing} does not exist`));
  await rejectsWithAtlasError(resolveWeights(path.join(tempDir(), 'nope', 'model.json')), /does not exist/);
});

test('a truncated HDF5 file (first half of the real one) and garbage bytes are not readable HDF5', async () => {
  const half = path.join(tempDir(), 'half.h5');
  const real = await readFile(REAL_WEIGHTS);
  await writeFile(half, real.subarray(0, real.length / 2));
  const truncatedError = await rejectsWithAtlasError(loadKerasHdf5(half), new RegExp(`^${half} is not a readable HDF5 file`));
  assert.match(truncatedError.message, /truncated/);

  const garbage = path.join(tempDir(), 'garbage.h5');
  await writeFile(garbage, 'this is not HDF5 at all\n'.repeat(40));
  await rejectsWithAtlasError(resolveWeights(garbage), new RegExp(`^${garbage} is not a readable HDF5 file`));

  const empty = path.join(tempDir(), 'empty.h5');
  await writeFile(empty, '');
  await rejectsWithAtlasError(loadKerasHdf5(empty), /is not a readable HDF5 file/);

  // The failures leave h5wasm usable.
  assert.equal((await loadKerasHdf5(REAL_WEIGHTS)).layers.size, 4);
});

test('an HDF5 file without Keras layer_names and a .keras archive are refused with a hint', async () => {
  // Keras 3 `.weights.h5` files look like this: HDF5, but a `layers` tree instead of layer_names.
  const keras3Weights = path.join(tempDir(), 'vgg16.weights.h5');
  await h5wasm.ready;
  const file = new h5wasm.File(keras3Weights, 'w');
  file.create_group('layers').create_group('conv2d').create_group('vars');
  file.close();
  await rejectsWithAtlasError(loadKerasHdf5(keras3Weights), /has no Keras layer_names attribute/);

  const keras3 = path.join(tempDir(), 'model.keras');
  await writeFile(keras3, 'PK\u0003\u0004');
  await rejectsWithAtlasError(resolveWeights(keras3), /Keras 3 \.keras archive/);
});

test('a wrongly shaped block1_conv1 in otherwise real weights is named with both shapes', async () => {
  const real = await loadKerasHdf5(REAL_WEIGHTS);
  const layers = new Map(real.layers);
  layers.set('block1_conv1', randomConv([3, 3, 3, 32]));
  const wrongPath = path.join(tempDir(), 'wrong-shape.h5');
  await writeKerasHdf5(wrongPath, layers, 'legacy');
  const weights = await loadKerasHdf5(wrongPath);
  assert.throws(
    () => validateWeights(weights, ['block1_conv1', 'block2_conv1']),
    (error: unknown) => {
      assert.ok(error instanceof AtlasError);
      assert.match(error.message, /^block1_conv1 kernel has shape 3×3×3×32, expected 3×3×3×64/);
      return true;
    },
  );
});

test('a TF.js model with a missing shard names the shard file', async () => {
  const modelJson = await writeTfjsModel(path.join(tempDir(), 'tfjs-missing'), tinyVggWeights({ upTo: 'block2_conv2' }));
  const shard = path.join(tempDir(), 'tfjs-missing', 'group1-shard2of2.bin');
  await rm(shard);
  await rejectsWithAtlasError(loadTfjsLayersModel(modelJson), new RegExp(`TF.js weights shard ${shard} does not exist`));
});

test('a TF.js model with a short shard names that shard, first or last', async () => {
  const generated = tinyVggWeights({ upTo: 'block2_conv2' });
  const lastShort = await writeTfjsModel(path.join(tempDir(), 'tfjs-short-last'), generated);
  await truncate(path.join(tempDir(), 'tfjs-short-last', 'group1-shard2of2.bin'), 100);
  await rejectsWithAtlasError(loadTfjsLayersModel(lastShort), /TF\.js weights shard \S+group1-shard2of2\.bin is short \(100 bytes;/);

  const firstShort = await writeTfjsModel(path.join(tempDir(), 'tfjs-short-first'), generated);
  await truncate(path.join(tempDir(), 'tfjs-short-first', 'group1-shard1of2.bin'), 64);
  await rejectsWithAtlasError(loadTfjsLayersModel(firstShort), /TF\.js weights shard \S+group1-shard1of2\.bin is short \(64 bytes;/);

  const single = await writeTfjsModel(path.join(tempDir(), 'tfjs-short-single'), generated, { shards: 1 });
  await truncate(path.join(tempDir(), 'tfjs-short-single', 'group1-shard1of1.bin'), 10);
  await rejectsWithAtlasError(loadTfjsLayersModel(single), /group1-shard1of1\.bin is short/);
});

test('a model.json that is not JSON or has no weightsManifest is refused', async () => {
  const notJson = path.join(tempDir(), 'broken', 'model.json');
  await mkdir(path.dirname(notJson), { recursive: true });
  await writeFile(notJson, '{"weightsManifest": [');
  await rejectsWithAtlasError(resolveWeights(notJson), /is not valid JSON/);
  await writeFile(notJson, '{"modelTopology": {}}');
  await rejectsWithAtlasError(resolveWeights(path.dirname(notJson)), /has no usable weightsManifest/);
  await rejectsWithAtlasError(resolveWeights(path.join(tempDir(), 'tfjs-missing', '..')), /has no model\.json/);
});
