import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { runInChild } from '../../src/bench/tasks.ts';
import { writeTinyModel } from '../helpers/run-atlas.ts';
import { useTempDir } from '../weights/support.ts';

const tempDir = useTempDir('atlas-bench-runner-');
const sample = [
  { layer: 'block1_conv1', filters: [0, 3] },
  { layer: 'block2_conv1', filters: [5] },
];

describe('bench runner (child processes, tiny model)', () => {
  let weights = '';
  before(async () => {
    weights = await writeTinyModel(tempDir());
  });

  it('times the naive port per layer on the cpu backend and reports its peak RSS', async () => {
    const result = await runInChild({ kind: 'naive', weights, sample, size: 16, steps: 2 }, tempDir());
    assert.equal(result.backend, 'cpu');
    assert.deepEqual(
      result.layers.map((timing) => [timing.layer, timing.filters]),
      [['block1_conv1', 2], ['block2_conv1', 1]],
    );
    assert.ok(result.layers.every((timing) => timing.seconds > 0));
    assert.ok(result.maxRssBytes > 10e6, `peak RSS ${result.maxRssBytes}`);
  });

  it('runs the engine through precompute with a fresh cache, rendering every sample filter', async () => {
    const dir = path.join(tempDir(), 'engine');
    await mkdir(dir);
    const result = await runInChild({ kind: 'engine', weights, sample, method: 'classic', size: 16, steps: 2, dir, workers: 2, backend: 'wasm' }, dir);
    assert.equal(result.rendered, 3);
    assert.equal(result.workers, 2);
    assert.equal(result.backend, 'wasm');
    assert.ok(result.seconds > 0 && result.maxRssBytes > 10e6);
    const manifest = JSON.parse(await readFile(path.join(dir, 'atlas', 'manifest.json'), 'utf8')) as { tuning?: unknown; methods: { params: { name: string } }[] };
    assert.equal(manifest.tuning, undefined, 'the engine rows time the patterns alone; the tuning has a row of its own');
    assert.deepEqual(manifest.methods.map((method) => method.params.name), ['classic']);
  });

  it('times every layer\'s tuning in the worker pool', async () => {
    const result = await runInChild({ kind: 'tuning', weights, layers: ['block1_conv1', 'block2_conv1'], size: 16, backend: 'onnx', workers: 2 }, tempDir());
    assert.deepEqual(result.layers.map((entry) => entry.layer), ['block1_conv1', 'block2_conv1']);
    assert.ok(result.seconds > 0 && result.layers.every((entry) => entry.seconds > 0 && entry.seconds <= result.seconds + 0.01));
    assert.ok(result.stimuli > 1000, `${result.stimuli} stimuli`);
  });

  it('sends synthetic photographs through every atlas layer for the examples row, timing decode, forward and crops', async () => {
    const dir = path.join(tempDir(), 'examples');
    const result = await runInChild({ kind: 'examples', weights, images: 3, size: 32, backend: 'onnx', workers: 1, dir }, tempDir());
    assert.equal(result.images, 3);
    assert.ok(result.passSeconds > 0 && result.decodeSeconds > 0 && result.forwardSeconds > 0 && result.fileSeconds > 0, JSON.stringify(result));
    assert.ok(result.flops > 0);
    const manifest = JSON.parse(await readFile(path.join(dir, 'atlas', 'manifest.json'), 'utf8')) as { examplesProtocol: { imageCount: number } };
    assert.equal(manifest.examplesProtocol.imageCount, 3);
  });

  it('reports a failing run with its error', async () => {
    await assert.rejects(runInChild({ kind: 'naive', weights: path.join(tempDir(), 'missing.h5'), sample, size: 16, steps: 2 }, tempDir()), /bench naive run failed/);
  });
});
