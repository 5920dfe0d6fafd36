/**
 * Issue 5, case 13: SIGINT, SIGTERM and kill -9 in the middle of a layer. The tiny VGG's
 * block1_conv1 is widened to 96 filters, three batches of 32 rendered one at a time, and the
 * signal comes once the first batch is in the cache, with the second in flight and the third queued.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, suite, test } from 'node:test';
import { tempPathFor } from '../../src/lib/atomic-write.ts';
import { LOCK_FILE } from '../../src/lib/dir-lock.ts';
import { tinyVggWeights } from '../helpers/tiny-model.ts';
import { useTempDir } from '../weights/support.ts';
import {
  assertSameAtlas,
  cachedPatternCount,
  filesUnder,
  readValidAtlas,
  runCli,
  startCli,
  tempFilesUnder,
  waitFor,
  writeTinyWeights,
  type CliResult,
} from './support.ts';

const FILTERS = 96;
const BATCH = 32;
const tempDir = useTempDir('atlas-reliability-interrupt-');
let weights = '';

before(async () => {
  weights = await writeTinyWeights(path.join(tempDir(), 'wide.h5'), tinyVggWeights({ upTo: 'block1_conv1', widths: [FILTERS, 6, 8, 8, 8] }));
});

function dirs(name: string): { out: string; cacheDir: string } {
  return { out: path.join(tempDir(), name, 'out'), cacheDir: path.join(tempDir(), name, 'cache') };
}

function args(out: string): string[] {
  return ['--weights', weights, '--methods', 'classic', '--layers', 'block1_conv1', '--size', '48', '--steps', '400', '--workers', '1', '--out', out];
}

/** Starts a run and sends `signal` once its first batch is in the cache. */
async function interrupt(name: string, signal: NodeJS.Signals): Promise<{ out: string; cacheDir: string; result: CliResult; pid: number }> {
  const { out, cacheDir } = dirs(name);
  const run = startCli(args(out), { cacheDir });
  await waitFor(`the first batch of ${name}`, async () => (await cachedPatternCount(cacheDir)) >= BATCH || run.child.exitCode !== null);
  assert.equal(run.child.exitCode, null, `the run ended before it could be interrupted:\n${run.stderr()}`);
  run.child.kill(signal);
  return { out, cacheDir, result: await run.done, pid: run.child.pid ?? 0 };
}

suite('13: SIGINT and SIGTERM', { concurrency: 2 }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`13: ${signal} mid-layer stops the pool, writes what finished to the manifest and exits non-zero`, async () => {
      const { out, cacheDir, result } = await interrupt(signal.toLowerCase(), signal);
      assert.equal(result.signal, null, 'the process handles the signal and exits by itself');
      assert.equal(result.code, 130, result.stderr);
      const manifest = await readValidAtlas(out);
      const finished = manifest.filters.length;
      assert.ok(finished >= BATCH && finished < FILTERS, `stopped mid-layer (${finished} of ${FILTERS})`);
      assert.match(result.stderr, new RegExp(`interrupted by ${signal}: the manifest lists the ${finished} filters that finished; rerun to complete`));
      assert.equal(await cachedPatternCount(cacheDir), finished, 'no batch was rendered after the stop');
      assert.deepEqual(await tempFilesUnder(out, cacheDir), []);
      assert.ok(!(await filesUnder(out)).includes(LOCK_FILE), 'the lock is released');
    });
  }
});

test('13: after kill -9 mid-layer, a rerun completes, byte-identical to an uninterrupted run, and no *.tmp is left', async () => {
  const reference = dirs('reference');
  const uninterrupted = runCli(args(reference.out), { cacheDir: reference.cacheDir });
  try {
    const killed = await interrupt('killed', 'SIGKILL');
    assert.equal(killed.result.signal, 'SIGKILL');
    assert.equal((await readFile(path.join(killed.out, LOCK_FILE), 'utf8')).trim(), String(killed.pid), 'kill -9 leaves its lock behind');
    // What kill -9 in the middle of writeFileAtomic leaves: a temp file named for the dead writer.
    for (const stray of [path.join(killed.out, 'block1_conv1', '0.png'), path.join(killed.cacheDir, 'patterns', 'ab', 'ab.json')]) {
      await mkdir(path.dirname(stray), { recursive: true });
      await writeFile(tempPathFor(stray).replace(`.${process.pid}.`, `.${killed.pid}.`), 'half a file');
    }

    const rerun = await runCli(args(killed.out), { cacheDir: killed.cacheDir });
    assert.equal(rerun.code, 0, rerun.stderr);
    const finished = await readValidAtlas(killed.out);
    assert.equal(finished.filters.length, FILTERS);
    assert.ok(finished.timings.cached >= BATCH, 'the rerun reused what the killed run had finished');

    const referenceResult = await uninterrupted;
    assert.equal(referenceResult.code, 0, referenceResult.stderr);
    await assertSameAtlas(killed.out, reference.out);
    assert.deepEqual(await tempFilesUnder(killed.out, killed.cacheDir), []);
    assert.ok(!(await filesUnder(killed.out)).includes(LOCK_FILE), 'the rerun took over the dead lock and released it');
  } finally {
    await uninterrupted;
  }
});
