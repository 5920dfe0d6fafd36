/**
 * Backend choice through the CLI: ONNX Runtime when it loads, the tfjs engine when it does not,
 * and a one-line error with a hint when the backend asked for cannot load.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { tinyVggWeights } from '../helpers/tiny-model.ts';
import { useTempDir } from '../weights/support.ts';
import { assertCleanFailure, readValidAtlas, runCli, writeTinyWeights } from './support.ts';

const tempDir = useTempDir('atlas-reliability-backends-');
const WITHOUT_ONNXRUNTIME = ['--import', path.join(import.meta.dirname, 'fixtures', 'without-onnxruntime.ts')];
let weights = '';

before(async () => {
  weights = await writeTinyWeights(path.join(tempDir(), 'tiny.h5'), tinyVggWeights({ upTo: 'block1_conv1' }));
});

function args(name: string, backend: string): string[] {
  return ['--weights', weights, '--layers', 'block1_conv1', '--size', '16', '--steps', '2', '--backend', backend, '--out', path.join(tempDir(), name)];
}

test('--backend auto renders on ONNX Runtime when it loads, and says so in the manifest', async () => {
  const result = await runCli(args('auto', 'auto'), { cacheDir: path.join(tempDir(), 'cache-auto') });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /backend onnx/);
  assert.equal((await readValidAtlas(path.join(tempDir(), 'auto'))).backend, 'onnx');
});

test('without onnxruntime-node, --backend auto falls back to the tfjs engine (wasm)', async () => {
  const result = await runCli(args('fallback', 'auto'), { cacheDir: path.join(tempDir(), 'cache-fallback'), nodeArgs: WITHOUT_ONNXRUNTIME });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await readValidAtlas(path.join(tempDir(), 'fallback'))).backend, 'wasm');
});

test('without onnxruntime-node, --backend onnx is a one-line error saying how to install it', async () => {
  const result = await runCli(args('missing', 'onnx'), { cacheDir: path.join(tempDir(), 'cache-missing'), nodeArgs: WITHOUT_ONNXRUNTIME });
  assertCleanFailure(result, /^error: backend onnx is not available: Cannot find package 'onnxruntime-node'/, /npm install onnxruntime-node.*--backend auto/);
});

test('--backend onnx-cuda without the CUDA provider is a one-line error naming the install flag', async () => {
  const result = await runCli(args('cuda', 'onnx-cuda'), { cacheDir: path.join(tempDir(), 'cache-cuda') });
  assertCleanFailure(result, /^error: backend onnx-cuda is not available: /, /ONNXRUNTIME_NODE_INSTALL=cuda12/);
});
