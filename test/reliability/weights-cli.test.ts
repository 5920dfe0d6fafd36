/**
 * Issue 5, weights cases 1-7, at the CLI: each bad weights source makes `npm run precompute` exit
 * non-zero with one error line and a hint, and leaves nothing usable behind in --out or the cache.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, suite, test } from 'node:test';
import { CANONICAL_WEIGHTS_MD5 } from '../../src/engine/weights/download.ts';
import { randomConv, tinyVggWeights, writeTfjsModel } from '../helpers/tiny-model.ts';
import { useTempDir } from '../weights/support.ts';
import { assertCleanFailure, assertNothingWritten, filesUnder, readValidAtlas, runCli, startCli, tempFilesUnder, waitFor, writeTinyWeights, type CliResult } from './support.ts';

const CANONICAL_NAME = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const QUICK = ['--layers', 'block1_conv1', '--size', '8', '--steps', '2', '--workers', '1'];

type Serve = 'whole' | 'drop-halfway' | 'drop-chunked' | 'stall-halfway';

const tempDir = useTempDir('atlas-reliability-weights-');
const serveMode = new Map<string, Serve>();
let served = new Uint8Array();
let server: Server;
let baseUrl = '';
let runs = 0;

before(async () => {
  served = await readFile(await writeTinyWeights(path.join(tempDir(), 'served.h5')));
  server = createServer((request, response) => {
    const mode = serveMode.get(request.url ?? '') ?? 'whole';
    const headers = mode === 'drop-chunked' ? {} : { 'content-length': String(served.length) };
    response.writeHead(200, { 'content-type': 'application/octet-stream', ...headers });
    if (mode === 'whole') {
      response.end(served);
      return;
    }
    response.write(served.subarray(0, served.length / 2));
    if (mode !== 'stall-halfway') setTimeout(() => response.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A fresh out dir and cache for one CLI run. */
function freshRun(): { out: string; cacheDir: string } {
  const dir = path.join(tempDir(), `run-${++runs}`);
  return { out: path.join(dir, 'out'), cacheDir: path.join(dir, 'cache') };
}

async function failsCleanly(weights: string, problem: RegExp, fix: RegExp, extra: readonly string[] = []): Promise<CliResult> {
  const { out, cacheDir } = freshRun();
  const result = await runCli(['--weights', weights, ...QUICK, ...extra, '--out', out], { cacheDir });
  assertCleanFailure(result, problem, fix);
  await assertNothingWritten(out, cacheDir);
  return result;
}

// Each case has its own files, cache and --out: they run a few at a time.
suite('weights at the CLI', { concurrency: 3 }, () => {
  test('1: a weights path that does not exist', async () => {
    const missing = path.join(tempDir(), 'no-such-file.h5');
    await failsCleanly(missing, new RegExp(`weights file ${missing} does not exist`), /--weights/);

    const { out, cacheDir } = freshRun();
    const viaEnv = await runCli([...QUICK, '--out', out], { cacheDir, env: { ATLAS_WEIGHTS: missing } });
    assertCleanFailure(viaEnv, /does not exist/, /ATLAS_WEIGHTS/);

    const verbose = await runCli(['--weights', missing, ...QUICK, '--out', out, '--verbose'], { cacheDir });
    assert.notEqual(verbose.code, 0);
    assert.match(verbose.stderr, /^\s+at .+/m, '--verbose prints the stack trace');
  });

  test('2: a truncated or corrupt HDF5 file', async () => {
    const truncated = path.join(tempDir(), 'truncated.h5');
    await writeFile(truncated, served.subarray(0, served.length / 2));
    await failsCleanly(truncated, new RegExp(`${truncated} is not a readable HDF5 file \\(.*truncated`), /truncated or corrupt: download it again/);

    const garbage = path.join(tempDir(), 'garbage.h5');
    await writeFile(garbage, 'not HDF5\n'.repeat(100));
    await failsCleanly(garbage, new RegExp(`${garbage} is not a readable HDF5 file`), /--weights PATH/);
  });

  test('3: a cached canonical file whose md5 mismatches is set aside, never used', async () => {
    const { out, cacheDir } = freshRun();
    const cached = path.join(cacheDir, 'weights', CANONICAL_NAME);
    await mkdir(path.dirname(cached), { recursive: true });
    // A perfectly readable HDF5 file (the tiny VGG) posing as the canonical Keras download.
    await writeFile(cached, served);
    const url = `${baseUrl}/keras-applications/${CANONICAL_NAME}`;
    const servedMd5 = createHash('md5').update(served).digest('hex');
    const result = await runCli([...QUICK, '--out', out], { cacheDir, env: { ATLAS_WEIGHTS: url } });
    assertCleanFailure(result, new RegExp(`downloaded ${url} has md5 ${servedMd5}, expected ${CANONICAL_WEIGHTS_MD5}`), /--weights PATH/);
    assert.match(result.stderr, new RegExp(`cached weights ${cached} has md5 ${servedMd5}, expected ${CANONICAL_WEIGHTS_MD5}: moved it to ${cached}\\.corrupt`));
    await assertNothingWritten(out, cacheDir, (file) => file === `weights/${CANONICAL_NAME}.corrupt`);
    assert.deepEqual(await filesUnder(cacheDir), [`weights/${CANONICAL_NAME}.corrupt`]);
  });

  test('4: right layer names, wrong shapes: the layer and both shapes are named', async () => {
    const layers = tinyVggWeights({ upTo: 'block4_conv1' });
    layers.set('block2_conv1', randomConv([3, 3, 8, 6]));
    const wrong = await writeTinyWeights(path.join(tempDir(), 'wrong-shape.h5'), layers);
    await failsCleanly(wrong, /block2_conv1 kernel has shape 3×3×8×6, expected 3×3×4×6/, /does not hold VGG16 weights/, ['--layers', 'block2_conv1']);
  });

  test('5: a TF.js model.json whose shard is missing or short', async () => {
    const layers = tinyVggWeights({ upTo: 'block2_conv2' });
    const missingDir = path.join(tempDir(), 'tfjs-missing');
    const missingModel = await writeTfjsModel(missingDir, layers);
    await rm(path.join(missingDir, 'group1-shard2of2.bin'));
    await failsCleanly(missingModel, new RegExp(`TF.js weights shard ${missingDir}/group1-shard2of2\\.bin does not exist`), /--weights PATH/);

    const shortDir = path.join(tempDir(), 'tfjs-short');
    await writeTfjsModel(shortDir, layers);
    await truncate(path.join(shortDir, 'group1-shard2of2.bin'), 100);
    await failsCleanly(shortDir, /TF\.js weights shard \S+group1-shard2of2\.bin is short \(100 bytes;/, /truncated: copy or download the model again/);
  });

  test('6: weights lacking a layer a requested target needs', async () => {
    const partial = await writeTinyWeights(path.join(tempDir(), 'block1-2.h5'), tinyVggWeights({ upTo: 'block2_conv2' }));
    await failsCleanly(partial, /has no block3_conv1 \(needed by block3_conv1\)/, /restrict --layers/, ['--layers', 'block1_conv1,block3_conv1', '--size', '16']);
  });

  test('7: a download interrupted halfway leaves nothing, and the next run downloads it whole', async () => {
    for (const mode of ['drop-halfway', 'drop-chunked'] as const) {
      const url = `${baseUrl}/${mode}/tiny-vgg16.h5`;
      serveMode.set(new URL(url).pathname, mode);
      const { out, cacheDir } = freshRun();
      const result = await runCli([...QUICK, '--out', out], { cacheDir, env: { ATLAS_WEIGHTS: url } });
      assertCleanFailure(result, new RegExp(`download of ${url} (was interrupted after \\d+|is incomplete)`), /run again to retry/);
      await assertNothingWritten(out, cacheDir);

      serveMode.set(new URL(url).pathname, 'whole');
      const rerun = await runCli([...QUICK, '--out', out], { cacheDir, env: { ATLAS_WEIGHTS: url } });
      assert.equal(rerun.code, 0, rerun.stderr);
      const manifest = await readValidAtlas(out);
      assert.equal(manifest.model.weights.sha256, createHash('sha256').update(served).digest('hex'), 'rendered from the whole file');
      assert.deepEqual((await filesUnder(cacheDir)).filter((file) => file.startsWith('weights/')), ['weights/tiny-vgg16.h5']);
    }
  });
});

test('7: Ctrl-C during a download stops it: exit 130, no partial file in the cache, nothing in --out (CLI)', async () => {
  serveMode.set('/stall.h5', 'stall-halfway');
  const { out, cacheDir } = freshRun();
  const running = startCli(['--weights', `${baseUrl}/stall.h5`, ...QUICK, '--out', out], { cacheDir });
  await waitFor('the download to start', async () => running.stderr().includes('downloading'));
  running.child.kill('SIGINT');
  const result = await running.done;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /interrupted by SIGINT before rendering started/);
  assert.deepEqual(await tempFilesUnder(out, cacheDir), []);
  assert.ok(!(await filesUnder(cacheDir)).some((file) => file.endsWith('stall.h5')), 'no downloaded file was kept');
  assert.ok(!(await filesUnder(out)).some((file) => file.endsWith('manifest.json')), 'no manifest was written');
});
