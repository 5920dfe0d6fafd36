/**
 * Dataset examples end to end on the tiny model (S = 32): what the manifest holds against an
 * independent forward pass, bad files, worker counts, shards and merge, the cache, and an
 * oriented-edge filter finding gratings of its orientation.
 */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { mergeShards } from '../../../src/atlas/merge.ts';
import { readManifest, type ExampleEntry, type Manifest } from '../../../src/atlas/manifest.ts';
import { caffeBatch, preprocessImage } from '../../../src/engine/examples/preprocess.ts';
import { activateBackend } from '../../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../../src/engine/runtime/tfjs/network.ts';
import { forwardToTarget } from '../../../src/engine/runtime/tfjs/reference.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { ConvWeights } from '../../../src/engine/weights/types.ts';
import { writeExampleSet, type ExampleSetFiles } from '../../helpers/example-images.ts';
import { runPrecompute, withTempDir, writeTinyModel } from '../../helpers/run-atlas.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';

const SIZE = 32;
const LAYERS = ['block1_conv1', 'block2_conv1', 'block3_conv1'];
const quiet = (): void => undefined;

/** Per image (in `images` order), filter `filter`'s pre-ReLU maximum and minimum with their positions, from the plain tfjs pass. */
async function independentExtrema(weights: Map<string, ConvWeights>, layer: string, files: readonly string[], filter: number): Promise<{ max: number; argmax: number; min: number; argmin: number }[]> {
  await activateBackend('cpu');
  const pixels = caffeBatch(await Promise.all(files.map((file) => preprocessImage(file, SIZE))), SIZE);
  const network = buildNetwork(networkStages({ source: 't', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: weights }, layer, vgg16Layers(TINY_WIDTHS)));
  const maps = tf.tidy(() => forwardToTarget(network, tf.tensor4d(pixels, [files.length, SIZE, SIZE, 3]), 'pre-relu'));
  const [, side, , channels] = maps.shape;
  const values = (await maps.data()) as Float32Array;
  maps.dispose();
  network.dispose();
  return files.map((_, b) => {
    const map = Array.from({ length: side * side }, (_, p) => values[(b * side * side + p) * channels + filter]!);
    const max = Math.max(...map);
    const min = Math.min(...map);
    return { max, argmax: map.indexOf(max), min, argmin: map.indexOf(min) };
  });
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-3 * (1 + Math.abs(b));
const examplesOf = (manifest: Manifest): ExampleEntry[] => manifest.examples ?? [];

describe('dataset examples on the tiny model', () => {
  let dir: string;
  let set: ExampleSetFiles;
  let weightsFile: string;
  const weights = tinyVggWeights();
  const flags = (out: string, extra: readonly string[] = []): string[] => [
    '--weights', weightsFile, '--layers', LAYERS.join(','), '--filters', '0-1', '--methods', 'classic', '--steps', '1', '--size', '32',
    '--examples', `${set.dir}/**/*`, '--examples-size', String(SIZE), '--examples-k', '4', '--out', path.join(dir, out), ...extra,
  ];
  let whole: Manifest;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-examples-'));
    set = await writeExampleSet(path.join(dir, 'images'), 40);
    weightsFile = await writeTinyModel(dir, weights);
    whole = (await runPrecompute([...flags('whole'), '--workers', '1'], path.join(dir, 'cache-1'))).manifest;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes an entry per selected filter, counts the bad files and names no local path', async () => {
    assert.deepEqual(examplesOf(whole).map((entry) => `${entry.layer}/${entry.index}`), LAYERS.flatMap((layer) => [`${layer}/0`, `${layer}/1`]));
    const protocol = whole.examplesProtocol!;
    assert.equal(protocol.imageCount, set.good.length);
    assert.equal(protocol.skippedCount, set.bad.length);
    assert.deepEqual(protocol.receptiveField, { block1_conv1: 3, block2_conv1: 10, block3_conv1: 24 });
    for (const entry of examplesOf(whole)) {
      assert.equal(entry.top.length, 4);
      assert.equal(entry.bottom.length, 4);
      assert.equal(new Set(entry.top.map((example) => example.image)).size, 4, 'one entry per image');
      for (const example of [...entry.top, ...entry.bottom]) {
        assert.ok(set.good.includes(example.image), `${example.image} is a good image, named relative to the set's root`);
        for (const file of [example.crop.file, example.whole, ...(example.heatmap ? [example.heatmap] : [])]) assert.ok((await stat(path.join(dir, 'whole', file))).isFile(), file);
      }
      assert.ok(entry.top.every((example) => example.heatmap), 'every top example has a heatmap');
    }
    assert.ok(!JSON.stringify(whole).includes(dir), 'no absolute local path in the manifest');
    assert.deepEqual(protocol.source, { kind: 'folder', globs: ['images/**/*'] }, 'an absolute glob is shown from its root folder');
  });

  it('maxima, minima and their positions equal an independent forward pass', async () => {
    const files = set.good.map((name) => path.join(set.dir, name));
    for (const entry of examplesOf(whole)) {
      const extrema = await independentExtrema(weights, entry.layer, files, entry.index);
      const side = SIZE >> LAYERS.indexOf(entry.layer);
      const byImage = new Map(set.good.map((name, i) => [name, extrema[i]!] as const));
      const expectedTop = [...byImage].sort(([, a], [, b]) => b.max - a.max).slice(0, 4);
      const expectedBottom = [...byImage].sort(([, a], [, b]) => a.min - b.min).slice(0, 4);
      entry.top.forEach((example, rank) => {
        assert.ok(close(example.value, expectedTop[rank]![1].max), `${entry.layer}/${entry.index} top ${rank}: ${example.value} vs ${expectedTop[rank]![1].max}`);
        const mine = byImage.get(example.image)!;
        assert.ok(close(example.value, mine.max), 'the value is that image’s maximum');
        assert.equal(example.y * side + example.x, mine.argmax, `${entry.layer}/${entry.index} top ${rank} position`);
      });
      entry.bottom.forEach((example, rank) => {
        assert.ok(close(example.value, expectedBottom[rank]![1].min), `${entry.layer}/${entry.index} bottom ${rank}`);
        assert.equal(example.y * side + example.x, byImage.get(example.image)!.argmin, `${entry.layer}/${entry.index} bottom ${rank} position`);
      });
      const fired = extrema.filter((item) => item.max > 0).length / extrema.length;
      assert.ok(Math.abs(entry.stats.fireRate - fired) < 1e-9, 'fire rate');
      const median = [...extrema.map((item) => item.max)].sort((a, b) => a - b)[Math.ceil(0.5 * extrema.length) - 1]!;
      const p50 = entry.stats.maxPercentiles.find((item) => item.p === 50)!.value;
      assert.ok(Math.abs(p50 - median) <= 0.011 * Math.abs(median) + 1e-6, `median of the maxima ${p50} vs ${median}`);
    }
  });

  it('is identical with 2 workers, and 2 shards merge into it; a missing shard is refused unless --allow-partial', async () => {
    const two = (await runPrecompute([...flags('two'), '--workers', '2'], path.join(dir, 'cache-2'))).manifest;
    assert.deepEqual(two.examples, whole.examples);
    assert.deepEqual(two.examplesProtocol, whole.examplesProtocol);
    for (const index of [1, 2]) await runPrecompute([...flags(`shard-${index}`), '--workers', '1', '--shard', `${index}/2`], path.join(dir, `cache-s${index}`));
    const shard1 = await readManifest(path.join(dir, 'shard-1', 'manifest.json'));
    assert.ok(shard1.shard?.selection?.examplesBatches?.length, 'the shard records its batches');
    assert.ok(shard1.examplesProtocol!.imageCount < whole.examplesProtocol!.imageCount, 'a shard sees part of the images');
    const merged = await mergeShards(path.join(dir, 'merged'), [path.join(dir, 'shard-2'), path.join(dir, 'shard-1')], { log: quiet });
    assert.deepEqual(merged.manifest.examples, whole.examples);
    assert.deepEqual(merged.manifest.examplesProtocol, whole.examplesProtocol);
    for (const entry of examplesOf(merged.manifest)) for (const example of entry.top) assert.ok((await stat(path.join(dir, 'merged', example.crop.file))).isFile());
    await assert.rejects(mergeShards(path.join(dir, 'partial'), [path.join(dir, 'shard-1')], { log: quiet }), /shard 2\/2 missing/);
    const lines: string[] = [];
    const partial = await mergeShards(path.join(dir, 'partial'), [path.join(dir, 'shard-1')], { log: (line) => lines.push(line), allowPartial: true });
    assert.match(lines.join('\n'), /--allow-partial: shard 2\/2 missing.*partial/);
    assert.equal(partial.manifest.examplesProtocol!.imageCount, shard1.examplesProtocol!.imageCount);
    const unfinished = { ...shard1, shard: { ...shard1.shard!, finished: false } };
    await writeFile(path.join(dir, 'shard-1', 'manifest.json'), JSON.stringify(unfinished));
    await assert.rejects(mergeShards(path.join(dir, 'refused'), [path.join(dir, 'shard-1'), path.join(dir, 'shard-2')], { log: quiet }), /^AtlasError: shard 1\/2 in .*shard-1 did not finish \(interrupted, or a batch failed\)$/);
  });

  it('a rerun with nothing changed measures nothing; adding a layer measures only that layer', async () => {
    const again = await runPrecompute([...flags('whole'), '--workers', '1'], path.join(dir, 'cache-1'));
    assert.deepEqual(again.examples?.measuredLayers, []);
    assert.deepEqual(again.manifest.examples, whole.examples);
    const more = await runPrecompute([...flags('whole'), '--workers', '1', '--layers', [...LAYERS, 'block4_conv1'].join(',')], path.join(dir, 'cache-1'));
    assert.deepEqual(more.examples?.measuredLayers, ['block4_conv1']);
    assert.deepEqual(more.examples?.cachedLayers, LAYERS);
  });
});

/** A block1_conv1 whose filters 0 and 1 are a vertical-edge and a horizontal-edge detector (Sobel, on all channels). */
function withEdgeFilters(layers: Map<string, ConvWeights>): Map<string, ConvWeights> {
  const conv = layers.get('block1_conv1')!;
  const [, , inChannels, outChannels] = conv.kernelShape;
  const kernel = Float32Array.from(conv.kernel);
  const sobel = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      for (let c = 0; c < inChannels; c++) {
        const base = ((row * 3 + col) * inChannels + c) * outChannels;
        kernel[base] = sobel[row]![col]!;
        kernel[base + 1] = sobel[col]![row]!;
      }
    }
  }
  const bias = Float32Array.from(conv.bias, (value, i) => (i < 2 ? 0 : value));
  return new Map(layers).set('block1_conv1', { ...conv, kernel, bias });
}

it('an oriented-edge filter gets gratings of its orientation as top examples', async () => {
  await withTempDir('atlas-examples-edges-', async (dir) => {
    const set = await writeExampleSet(path.join(dir, 'images'), 40);
    const weightsFile = await writeTinyModel(dir, withEdgeFilters(tinyVggWeights()));
    const summary = await runPrecompute(
      ['--weights', weightsFile, '--layers', 'block1_conv1', '--filters', '0-1', '--methods', 'classic', '--steps', '1', '--size', '32', '--examples', `${set.dir}/gratings/*`, '--examples-size', '32', '--examples-k', '2', '--out', path.join(dir, 'out'), '--workers', '1'],
      path.join(dir, 'cache'),
    );
    const [vertical, horizontal] = summary.manifest.examples!;
    const inGratings = (name: string): string => `gratings/${name}`;
    assert.deepEqual(vertical!.top.map((example) => inGratings(example.image)).sort(), [...set.gratings.get(0)!].sort(), 'vertical stripes (varying along x) excite the vertical-edge filter most');
    assert.deepEqual(horizontal!.top.map((example) => inGratings(example.image)).sort(), [...set.gratings.get(90)!].sort(), 'horizontal stripes excite the horizontal-edge filter most');
  });
});
