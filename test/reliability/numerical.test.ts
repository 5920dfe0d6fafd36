/**
 * Issue 5, case 15, through the CLI: a dead filter (zero gradient everywhere) is recorded as
 * "dead" with finite numbers and a valid image; a filter whose activations overflow to Inf is
 * stopped and recorded as "failed" at its step, without touching the other filters of its batch.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import type { FilterEntry, Manifest, MethodName } from '../../src/atlas/manifest.ts';
import type { ConvWeights } from '../../src/engine/weights/types.ts';
import { withDeadFilter } from '../helpers/run-atlas.ts';
import { tinyVggWeights } from '../helpers/tiny-model.ts';
import { useTempDir } from '../weights/support.ts';
import { readValidAtlas, runCli, writeTinyWeights } from './support.ts';

const LAYER = 'block1_conv1';
const DEAD = 2;
const POISONED = 1;
const tempDir = useTempDir('atlas-reliability-numerical-');
let weights = '';

/** Kernel values of 1e38 for one filter: finite weights whose activations overflow float32 to Inf. */
function withOverflowingFilter(layers: Map<string, ConvWeights>, layer: string, filter: number): Map<string, ConvWeights> {
  const conv = layers.get(layer);
  if (!conv) throw new Error(`no ${layer} in the model`);
  const outChannels = conv.kernelShape[3];
  const kernel = conv.kernel.map((value, i) => (i % outChannels === filter ? 1e38 : value));
  return new Map(layers).set(layer, { ...conv, kernel });
}

before(async () => {
  const layers = withOverflowingFilter(withDeadFilter(tinyVggWeights({ upTo: LAYER }), LAYER, DEAD), LAYER, POISONED);
  weights = await writeTinyWeights(path.join(tempDir(), 'dead-and-poisoned.h5'), layers);
});

async function render(name: string, filters: string, backend: string, expectedCode = 0, extra: readonly string[] = []): Promise<{ out: string; manifest: Manifest; stdout: string; stderr: string }> {
  const out = path.join(tempDir(), name, 'out');
  const args = ['--weights', weights, '--layers', LAYER, '--filters', filters, '--size', '16', '--steps', '8', '--workers', '1', '--backend', backend, '--out', out, ...extra];
  const result = await runCli(args, { cacheDir: path.join(tempDir(), name, 'cache') });
  assert.equal(result.code, expectedCode, result.stderr);
  return { out, manifest: await readValidAtlas(out), stdout: result.stdout, stderr: result.stderr };
}

function entry(manifest: Manifest, method: MethodName, index: number): FilterEntry {
  const found = manifest.filters.find((filter) => filter.method === method && filter.layer === LAYER && filter.index === index);
  assert.ok(found, `${LAYER}:${index} (${method}) is in the manifest`);
  return found;
}

for (const backend of ['onnx', 'wasm']) test(`15 (${backend}): a dead filter is "dead", a filter that overflows is "failed" at its step, and neither poisons its batch`, async () => {
  // A failed filter makes the run exit 1 after writing everything, with one line that names it.
  const [all, withoutPoisoned] = await Promise.all([render(`${backend}-all`, '0-3', backend, 1), render(`${backend}-without-poisoned`, `0,${DEAD},3`, backend)]);
  const failedLines = all.stderr.split('\n').filter((line) => line.startsWith('error:'));
  assert.deepEqual(failedLines, [`error: 2 filter(s) failed with a non-finite loss or gradient: ${LAYER} ${POISONED} (classic, step 0), ${LAYER} ${POISONED} (enhanced, step 0)`]);
  // --allow-failed keeps the exit status 0 (a rerun from the cache, the same atlas).
  const allowed = await render(`${backend}-all`, '0-3', backend, 0, ['--allow-failed']);
  assert.deepEqual(allowed.manifest.filters, all.manifest.filters);
  assert.equal(all.manifest.backend, backend);

  // Per method: 8 classic steps, and the tests' config gives the enhanced method 3.
  for (const [method, steps] of [['classic', 8], ['enhanced', 3]] as const) {
    const dead = entry(all.manifest, method, DEAD);
    assert.equal(dead.status, 'dead', method);
    assert.equal(dead.failedAtStep, undefined);
    assert.equal(dead.loss.length, steps + 1);
    // Its activation is its bias, -1, everywhere: 0 after the ReLU (classic, and the enhanced final image),
    // -1 before it (every enhanced step: its pre-ReLU mean never turns positive, so it never leaves the pre-ReLU start).
    const expected = Array.from({ length: steps + 1 }, (_, k) => (method === 'enhanced' && k < steps ? -1 : 0));
    assert.deepEqual(dead.loss, expected, `${method}: a dead filter's loss is its bias before the ReLU and 0 after it`);

    const failed = entry(all.manifest, method, POISONED);
    assert.equal(failed.status, 'failed', method);
    assert.equal(failed.failedAtStep, 0, 'the overflow shows at the first step');
    assert.ok(failed.loss.every(Number.isFinite), 'only finite losses are recorded');

    for (const index of [0, DEAD, 3]) {
      const batched = entry(all.manifest, method, index);
      const alone = entry(withoutPoisoned.manifest, method, index);
      assert.notEqual(batched.status, 'failed', `${LAYER}:${index} (${method}) is not failed`);
      assert.deepEqual(batched.loss, alone.loss, `${LAYER}:${index} (${method}) has the same loss with and without the poisoned filter in its batch`);
      for (const image of [batched.image, batched.webp]) {
        const [withIt, withoutIt] = await Promise.all([readFile(path.join(all.out, image)), readFile(path.join(withoutPoisoned.out, image))]);
        assert.ok(withIt.equals(withoutIt), `${image} is byte-identical with and without the poisoned filter in its batch`);
      }
    }
    assert.equal(entry(all.manifest, method, 0).status, 'ok');
  }
  assert.match(all.stdout, /2 dead/);
  assert.match(all.stdout, /2 failed/);
});
