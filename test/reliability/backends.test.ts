/**
 * Backend choice through the CLI: ONNX Runtime when it loads, the tfjs engine when it does not,
 * and a one-line error with a hint when the backend asked for cannot load.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { ONNX_INSTALL_STEP } from '../../src/engine/runtime/fallback-notice.ts';
import { importOnnxRuntime } from '../../src/engine/runtime/onnx/runtime.ts';
import { tinyVggWeights } from '../helpers/tiny-model.ts';
import { useTempDir } from '../weights/support.ts';
import { assertCleanFailure, readValidAtlas, runCli, writeTinyWeights } from './support.ts';

const tempDir = useTempDir('atlas-reliability-backends-');
const WITHOUT_ONNXRUNTIME = ['--import', path.join(import.meta.dirname, 'fixtures', 'without-onnxruntime.ts')];
const BROKEN_ONNXRUNTIME = ['--import', path.join(import.meta.dirname, 'fixtures', 'broken-onnxruntime.ts')];
let weights = '';

before(async () => {
  weights = await writeTinyWeights(path.join(tempDir(), 'tiny.h5'), tinyVggWeights({ upTo: 'block1_conv1' }));
});

function args(name: string, backend: string): string[] {
  return ['--weights', weights, '--layers', 'block1_conv1', '--size', '16', '--steps', '2', '--backend', backend, '--out', path.join(tempDir(), name)];
}

/** Where onnxruntime-node 1.30 ships its CPU binding (its bin/napi-v6/), so where `npm ci` must install it. */
const ONNX_PLATFORMS = ['linux/x64', 'linux/arm64', 'darwin/arm64', 'win32/x64', 'win32/arm64'];
const PLATFORM = `${process.platform}/${process.arch}`;

test('onnxruntime-node is installed and loads where it ships a binding, rather than the suite passing on wasm', { skip: ONNX_PLATFORMS.includes(PLATFORM) ? false : `onnxruntime-node ships no binding for ${PLATFORM}` }, async () => {
  const imported = await importOnnxRuntime();
  const failure = 'failure' in imported ? imported.failure : undefined;
  assert.equal(
    failure,
    undefined,
    `onnxruntime-node ${failure?.installed ? `is installed but does not load (${failure.reason})` : 'is not installed'} on ${PLATFORM}: ${ONNX_INSTALL_STEP}, then rerun the tests`,
  );
});

test('--backend auto renders on ONNX Runtime when it loads, and says so in the manifest', async () => {
  const result = await runCli(args('auto', 'auto'), { cacheDir: path.join(tempDir(), 'cache-auto') });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /backend onnx/);
  assert.equal((await readValidAtlas(path.join(tempDir(), 'auto'))).backend, 'onnx');
});

test('without onnxruntime-node, --backend auto falls back to wasm, says why, what it costs and the fix once, and again in the summary', async () => {
  const result = await runCli(args('fallback', 'auto'), { cacheDir: path.join(tempDir(), 'cache-fallback'), nodeArgs: WITHOUT_ONNXRUNTIME });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await readValidAtlas(path.join(tempDir(), 'fallback'))).backend, 'wasm');
  const notices = result.stderr.split('\n').filter((line) => line.includes('ONNX Runtime'));
  assert.equal(notices.length, 1, result.stderr);
  assert.match(notices[0]!, /^warning: ONNX Runtime is not available: onnxruntime-node is not installed; using wasm instead, about [\d.]+x slower .*; to fix it, run `npm ci` with npm >= 11\.16/);
  assert.ok(result.stdout.split('\n').includes(notices[0]!), `the summary repeats the warning; stdout:\n${result.stdout}`);
});

test('when onnxruntime-node is installed but fails to load, --backend auto says so with the loader\'s message', async () => {
  const result = await runCli(args('broken', 'auto'), { cacheDir: path.join(tempDir(), 'cache-broken'), nodeArgs: BROKEN_ONNXRUNTIME });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await readValidAtlas(path.join(tempDir(), 'broken'))).backend, 'wasm');
  const notices = result.stderr.split('\n').filter((line) => line.includes('ONNX Runtime'));
  assert.equal(notices.length, 1, result.stderr);
  assert.match(notices[0]!, /^warning: ONNX Runtime is not available: onnxruntime-node failed to load \(.*onnxruntime_binding\.node: cannot open shared object file.*\); using wasm instead, .*; to fix it, reinstall it: run `npm ci` with npm >= 11\.16/);
});

test('without onnxruntime-node, --backend onnx is a one-line error saying how to install it', async () => {
  const result = await runCli(args('missing', 'onnx'), { cacheDir: path.join(tempDir(), 'cache-missing'), nodeArgs: WITHOUT_ONNXRUNTIME });
  assertCleanFailure(result, /^error: backend onnx is not available: Cannot find package 'onnxruntime-node'/, /npm ci` with npm >= 11\.16.*npm install onnxruntime-node.*--backend auto/);
});

test('--backend onnx-cuda without the CUDA provider is a one-line error naming the install flag', async () => {
  const result = await runCli(args('cuda', 'onnx-cuda'), { cacheDir: path.join(tempDir(), 'cache-cuda') });
  assertCleanFailure(result, /^error: backend onnx-cuda is not available: /, /ONNXRUNTIME_NODE_INSTALL=cuda12/);
});
