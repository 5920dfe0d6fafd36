/**
 * Issue 5, case 14: two precompute processes on the same --out and the same cache at once both
 * finish, leaving a valid manifest, valid images and no temp files.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE } from '../../src/lib/dir-lock.ts';
import { useTempDir } from '../weights/support.ts';
import { filesUnder, readValidAtlas, runCli, tempFilesUnder, writeTinyWeights } from './support.ts';

const tempDir = useTempDir('atlas-reliability-concurrency-');

test('14: two runs on the same --out and cache at once both finish with a valid atlas', async () => {
  const weights = await writeTinyWeights(path.join(tempDir(), 'tiny.h5'));
  const out = path.join(tempDir(), 'out');
  const cacheDir = path.join(tempDir(), 'cache');
  const layers = 'block1_conv1,block2_conv1,block3_conv1,block4_conv1';
  const args = ['--weights', weights, '--layers', layers, '--size', '32', '--steps', '6', '--workers', '1', '--out', out];
  const [first, second] = await Promise.all([runCli(args, { cacheDir }), runCli(args, { cacheDir })]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);

  const manifest = await readValidAtlas(out);
  assert.deepEqual(
    manifest.layers.map((layer) => [layer.name, manifest.filters.filter((filter) => filter.layer === layer.name).length]),
    [['block1_conv1', 2 * 4], ['block2_conv1', 2 * 6], ['block3_conv1', 2 * 8], ['block4_conv1', 2 * 8]],
    'every filter once per method',
  );
  const images = (await filesUnder(out)).filter((file) => /\/\d+\.(png|webp)$/.test(file));
  assert.equal(images.length, 2 * manifest.filters.length, 'exactly the images the manifest names');
  assert.deepEqual(await tempFilesUnder(out, cacheDir), []);
  assert.ok(!(await filesUnder(out)).includes(LOCK_FILE), 'the lock is released');
});
