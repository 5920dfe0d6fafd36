import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConnectionsCache, connectionsKey } from '../../../src/engine/connections/cache.ts';
import { decodeKernel, decodeMatrix } from '../../../src/engine/connections/codec.ts';
import { computePair, connectionPairs, pairKernels } from '../../../src/engine/connections/compute.ts';
import { ConnectionPairFile, INPUT_LAYER } from '../../../src/engine/connections/contract.ts';
import { connectionMatrices, kernelOf, NonFiniteConnectionsError } from '../../../src/engine/connections/summary.ts';
import { writeConnections } from '../../../src/atlas/connections/run.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';

const WIDTHS = [4, 10, 12, 12, 8] as const;
const topology = vgg16Layers(WIDTHS);
const weights: WeightSet = { source: 'test', sha256: 'a'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights({ seed: 5, widths: WIDTHS, upTo: 'block4_conv1' }) };

test('each upper filter lists its 8 strongest inputs, strongest first, with kernels on one shared scale', async () => {
  const pair = { from: 'block2_conv1', to: 'block3_conv1' };
  const file = ConnectionPairFile.parse(await computePair(weights, pair, topology));
  const expanded = (await pairKernels(weights, pair, topology))!;
  const { strength, sum } = connectionMatrices(expanded);
  assert.deepEqual(decodeMatrix(file.strength, 12 * 10), strength);
  assert.deepEqual(decodeMatrix(file.sum, 12 * 10), sum);
  for (const entry of file.inputs) {
    const row = Array.from(strength.subarray(entry.index * 10, (entry.index + 1) * 10));
    const ranked = row.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value).slice(0, 8).map(({ i }) => i);
    assert.deepEqual(entry.inputs.map((link) => link.index), ranked);
    const kernels = entry.inputs.map((link) => kernelOf(expanded, link.index, entry.index));
    assert.equal(entry.kernelScale, Math.max(...kernels.flatMap((kernel) => [...kernel].map(Math.abs))));
    entry.inputs.forEach((link, k) => {
      const decoded = decodeKernel(link.kernel, entry.kernelScale);
      assert.equal(decoded.length, 64);
      kernels[k]!.forEach((value, p) => assert.ok(Math.abs(decoded[p]! - value) <= entry.kernelScale / 254 + 1e-7));
      assert.equal(link.strength, Number(strength[entry.index * 10 + link.index]!.toPrecision(4)));
    });
  }
  for (const entry of file.outputs) {
    const column = Array.from({ length: 12 }, (_, j) => strength[j * 10 + entry.index]!);
    assert.deepEqual(entry.outputs.map((link) => link.strength), [...column].sort((a, b) => b - a).slice(0, 8).map((value) => Number(value.toPrecision(4))));
  }
});

test('block1_conv1 takes its own kernels from the image, channels reordered from caffe BGR to RGB', async () => {
  const file = (await computePair(weights, { from: INPUT_LAYER, to: 'block1_conv1' }, topology))!;
  const conv = weights.layers.get('block1_conv1')!;
  for (const entry of file.inputs) {
    assert.equal(entry.side, 3);
    for (const link of entry.inputs) {
      const bgr = 2 - link.index;
      const own = Array.from({ length: 9 }, (_, tap) => conv.kernel[(tap * 3 + bgr) * 4 + entry.index]!);
      const decoded = decodeKernel(link.kernel, entry.kernelScale);
      own.forEach((value, tap) => assert.ok(Math.abs(decoded[tap]! - value) <= entry.kernelScale / 254 + 1e-7));
    }
  }
});

test('pairs: consecutive atlas layers, in topology order, only where the weights in between are there', async () => {
  const names = (pairs: ReturnType<typeof connectionPairs>): string[] => pairs.map((pair) => `${pair.from}>${pair.to}:${pair.side}`);
  assert.deepEqual(names(connectionPairs(weights, ['block4_conv1', 'block1_conv1', 'block3_conv1', 'block2_conv1'], topology)), [
    'input>block1_conv1:3', 'block1_conv1>block2_conv1:8', 'block2_conv1>block3_conv1:8', 'block3_conv1>block4_conv1:10',
  ]);
  const partial: WeightSet = { ...weights, layers: tinyVggWeights({ widths: TINY_WIDTHS, upTo: 'block2_conv2' }) };
  assert.deepEqual(names(connectionPairs(partial, ['block1_conv1', 'block2_conv1', 'block3_conv1', 'block4_conv1'], vgg16Layers(TINY_WIDTHS))), [
    'input>block1_conv1:3', 'block1_conv1>block2_conv1:8',
  ]);
  assert.deepEqual(names(connectionPairs(weights, ['block2_conv1', 'block4_conv1'], topology)), ['block2_conv1>block4_conv1:26']);
});

test('the cache returns a pair by its key only, and ignores a damaged entry', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'connections-cache-'));
  try {
    const cache = new ConnectionsCache(dir);
    const key = connectionsKey(weights.sha256, 'block1_conv1', 'block2_conv1');
    assert.notEqual(key, connectionsKey('b'.repeat(64), 'block1_conv1', 'block2_conv1'));
    assert.equal(await cache.get(key), undefined);
    const pair = (await computePair(weights, { from: 'block1_conv1', to: 'block2_conv1' }, topology))!;
    await cache.put(key, pair);
    assert.deepEqual(await cache.get(key), pair);
    await writeFile(path.join(cache.root, `${key}.json`), '{"key": "');
    assert.equal(await cache.get(key), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a pair whose expanded weights overflow float32 is left out with a warning, not written with nulls', async () => {
  const layers = new Map(tinyVggWeights({ seed: 5, widths: WIDTHS, upTo: 'block2_conv1' }));
  const first = layers.get('block1_conv1')!;
  const kernel = Float32Array.from(first.kernel);
  for (let k = 2; k < kernel.length; k += first.kernelShape[3]) kernel[k] = 3e38; // every tap of filter 2: the sum leaves float32
  layers.set('block1_conv1', { ...first, kernel });
  const overflowing: WeightSet = { ...weights, layers };
  await assert.rejects(computePair(overflowing, { from: INPUT_LAYER, to: 'block1_conv1' }, topology), NonFiniteConnectionsError);

  const outDir = await mkdtemp(path.join(os.tmpdir(), 'connections-overflow-'));
  try {
    const lines: string[] = [];
    const selection = new Map([['block1_conv1', [0, 1, 2, 3]], ['block2_conv1', [0, 1]]]);
    const written = await writeConnections({ outDir, weights: overflowing, topology, selection, log: (line) => lines.push(line) });
    assert.deepEqual(written?.connectionsProtocol.pairs.map(({ from, to }) => `${from}→${to}`), ['block1_conv1→block2_conv1']);
    assert.ok(written?.connections.every((entry) => entry.inputs.every((link) => Number.isFinite(link.sum) && Number.isFinite(link.strength))));
    assert.deepEqual(lines.filter((line) => line.startsWith('warning:')), [`warning: connections ${INPUT_LAYER} → block1_conv1 left out: the expanded weights of block1_conv1 filter 2 from ${INPUT_LAYER} 0 are not finite`]);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
