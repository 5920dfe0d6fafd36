/**
 * Issue 5, case 16: a render worker that throws, crashes or exits does not hang the pool; the
 * failure names the layer and filters, and the rest of the work finishes. Faults come from
 * fixtures/crash-on-filter.ts (ATLAS_TEST_CRASH), in the pool, in precompute and in the CLI.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { resolveConfig } from '../../src/atlas/config.ts';
import { precompute } from '../../src/atlas/precompute.ts';
import { BatchFailedError, WorkerPool } from '../../src/engine/pool.ts';
import type { BatchJob } from '../../src/engine/render-batch.ts';
import { loadKerasHdf5 } from '../../src/engine/weights/hdf5.ts';
import { validateWeights } from '../../src/engine/weights/validate.ts';
import { useTempDir } from '../weights/support.ts';
import { assertCleanFailure, TEST_CONFIG, readValidAtlas, runCli, tempFilesUnder, writeTinyWeights } from './support.ts';

const CRASHING_WORKER = new URL('./fixtures/crashing-worker.ts', import.meta.url);
const CRASH_PRELOAD = path.join(import.meta.dirname, 'fixtures', 'crash-on-filter.ts');
const method = { name: 'classic', size: 8, steps: 2, step: 1, seed: 0 } as const;
const tempDir = useTempDir('atlas-reliability-crash-');
let weightsPath = '';

before(async () => {
  weightsPath = await writeTinyWeights(path.join(tempDir(), 'tiny.h5'));
});

/** Sets ATLAS_TEST_CRASH for the workers started during `body` (a worker copies the environment when it starts). */
async function withFault<T>(fault: string, body: () => Promise<T>): Promise<T> {
  process.env['ATLAS_TEST_CRASH'] = fault;
  try {
    return await body();
  } finally {
    delete process.env['ATLAS_TEST_CRASH'];
  }
}

const jobs: BatchJob[] = [
  { layer: 'block1_conv1', filters: [0, 1], method },
  { layer: 'block1_conv1', filters: [2, 3], method },
  { layer: 'block2_conv1', filters: [0, 1, 2], method },
  { layer: 'block2_conv1', filters: [3, 4, 5], method },
];

for (const [mode, what, reason] of [
  ['throw', 'throws in its render', /test fault: render of block1_conv1:2 throws/],
  ['crash', 'dies of an uncaught exception', /worker crashed: test fault: worker crashes on block1_conv1:2/],
  ['exit', 'exits', /worker exited with code 7/],
] as const) {
  test(`16: a worker that ${what} fails that batch alone, naming layer and filters; the pool goes on`, { timeout: 120_000 }, async () => {
    const weights = await loadKerasHdf5(weightsPath);
    const widths = validateWeights(weights, ['block2_conv1']);
    await withFault(`${mode}:block1_conv1:2`, async () => {
      // One worker: the batches queued behind the fault need the replacement worker.
      const pool = new WorkerPool({ workers: 1, threads: 1, backend: 'cpu', weights, widths, workerUrl: CRASHING_WORKER });
      try {
        await pool.ready();
        const settled = await Promise.allSettled(jobs.map((job) => pool.run(job)));
        const [first, faulty, ...rest] = settled;
        assert.equal(faulty?.status, 'rejected');
        const error: unknown = faulty.status === 'rejected' ? faulty.reason : undefined;
        assert.ok(error instanceof BatchFailedError, String(error));
        assert.match(error.message, /^block1_conv1 filters 2,3: /);
        assert.match(error.message, reason);
        for (const [index, result] of [first, ...rest].entries()) {
          assert.equal(result?.status, 'fulfilled', `batch ${index} renders: ${result?.status === 'rejected' ? String(result.reason) : ''}`);
        }
        const after = await pool.run(jobs[0]!);
        assert.deepEqual(after.map((rendered) => rendered.filter), [0, 1], 'the pool still renders after the fault');
      } finally {
        await pool.close();
      }
    });
  });
}

test('16: precompute with a crashing worker reports the failed batch and writes the rest', { timeout: 120_000 }, async () => {
  const out = path.join(tempDir(), 'precompute', 'out');
  const cacheDir = path.join(tempDir(), 'precompute', 'cache');
  const flags = ['--config', TEST_CONFIG, '--weights', weightsPath, '--methods', 'classic', '--layers', 'block1_conv1,block2_conv1', '--size', '8', '--steps', '2', '--workers', '2', '--out', out];
  const config = await resolveConfig(flags, { ATLAS_CACHE_DIR: cacheDir });
  const summary = await withFault('crash:block2_conv1:1', () => precompute({ config, log: () => undefined, workerUrl: CRASHING_WORKER }));
  assert.equal(summary.failures.length, 1);
  assert.match(summary.failures[0] ?? '', /^block2_conv1 filters 0,1,2,3,4,5: worker crashed: test fault/);
  assert.equal(summary.interrupted, false);
  const manifest = await readValidAtlas(out);
  assert.deepEqual(manifest.filters.map((filter) => `${filter.layer}:${filter.index}`), ['block1_conv1:0', 'block1_conv1:1', 'block1_conv1:2', 'block1_conv1:3']);
  assert.deepEqual(await tempFilesUnder(out, cacheDir), []);
});

test('16: the CLI prints the failed batch with a hint, exits 1 and keeps what finished', { timeout: 120_000 }, async () => {
  const out = path.join(tempDir(), 'cli', 'out');
  const cacheDir = path.join(tempDir(), 'cli', 'cache');
  const args = ['--weights', weightsPath, '--methods', 'classic', '--layers', 'block1_conv1,block2_conv1', '--size', '8', '--steps', '2', '--workers', '2', '--out', out];
  const result = await runCli(args, { cacheDir, nodeArgs: ['--import', CRASH_PRELOAD], env: { ATLAS_TEST_CRASH: 'crash:block2_conv1:1' } });
  assert.equal(result.code, 1, result.stderr);
  assertCleanFailure(result, /^error: batch failed: block2_conv1 filters 0,1,2,3,4,5: worker crashed: test fault/, /rerun/);
  const manifest = await readValidAtlas(out);
  assert.deepEqual(manifest.filters.map((filter) => filter.layer), ['block1_conv1', 'block1_conv1', 'block1_conv1', 'block1_conv1']);
  assert.deepEqual(await tempFilesUnder(out, cacheDir), []);
});
