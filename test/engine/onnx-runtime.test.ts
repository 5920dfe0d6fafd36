/**
 * The ONNX Runtime engine against the tfjs engine: the same loss and input gradient for the same
 * images, the same per-step losses along an ascent, the same dead filters, and images that
 * differ by a level here and there (a ReLU that sits within rounding of zero can switch).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchSizeFor, groupIntoBatches } from '../../src/engine/batching.ts';
import { normalizedGradientStep } from '../../src/engine/optimize/normalized-gradient.ts';
import { startingNoise } from '../../src/engine/noise.ts';
import { BatchRenderer, type RenderedFilter } from '../../src/engine/render-batch.ts';
import { createRuntime } from '../../src/engine/runtime/select.ts';
import type { ActivationSite, FilterNetwork, Runtime } from '../../src/engine/runtime/types.ts';
import { networkStages } from '../../src/engine/stages.ts';
import { ATLAS_LAYERS, vgg16Layers, type LayerSpec } from '../../src/engine/vgg16.ts';
import { loadKerasHdf5 } from '../../src/engine/weights/hdf5.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { VGG16_BLOCK_WIDTHS, type BlockWidths } from '../../src/engine/weights/validate.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';

const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');
const tiny: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };

function noiseBatch(layer: string, filters: readonly number[], size: number): { pixels: Float32Array; count: number; size: number } {
  const pixels = new Float32Array(filters.length * size * size * 3);
  filters.forEach((filter, b) => pixels.set(startingNoise(0, layer, filter, size), b * size * size * 3));
  return { pixels, count: filters.length, size };
}

function maxAbs(values: Float32Array): number {
  return values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-3);
}

/**
 * Runs the classic ascent on `leader` and, at every step, scores the leader's own image with
 * `follower` too; returns the largest relative difference of the two losses.
 */
async function teacherForcedLossDifference(leader: FilterNetwork, follower: FilterNetwork, layer: string, filters: readonly number[], size: number, steps: number): Promise<number> {
  const batch = noiseBatch(layer, filters, size);
  const perImage = size * size * 3;
  let largest = 0;
  for (let update = 0; update <= steps; update++) {
    const [{ loss, gradient }, theirs] = await Promise.all([leader.lossAndGradient(batch, filters), follower.loss(batch, filters)]);
    loss.forEach((value, b) => (largest = Math.max(largest, relative(theirs[b]!, value))));
    if (update < steps) filters.forEach((_, b) => normalizedGradientStep(batch.pixels, gradient, b * perImage, perImage, 1));
  }
  return largest;
}

/** Both runtimes with a network per (layer, objective), made on first use. */
function runtimePair(weights: WeightSet, topology: readonly LayerSpec[]) {
  let onnx: Runtime;
  let wasm: Runtime;
  before(async () => {
    [onnx, wasm] = await Promise.all([createRuntime('onnx', 1), createRuntime('wasm', 1)]);
  });
  after(async () => {
    await Promise.all([onnx.dispose(), wasm.dispose()]);
  });
  return (layer: string, activation: ActivationSite = 'post-relu') => {
    const stages = networkStages(weights, layer, topology);
    return { onnx: onnx.filterNetwork(stages, { activation }), wasm: wasm.filterNetwork(stages, { activation }) };
  };
}

async function renderBoth(weights: WeightSet, widths: BlockWidths, selection: readonly (readonly [string, readonly number[]])[], size: number, steps: number) {
  const method = { name: 'classic', size, steps, step: 1, seed: 0 } as const;
  const rendered: Record<'onnx' | 'wasm', RenderedFilter[]> = { onnx: [], wasm: [] };
  for (const backend of ['onnx', 'wasm'] as const) {
    const renderer = new BatchRenderer(await createRuntime(backend, 1), weights, widths);
    for (const [layer, filters] of selection) {
      for (const group of groupIntoBatches(filters, batchSizeFor(layer, size))) rendered[backend].push(...(await renderer.render({ layer, filters: group, method })));
    }
    await renderer.dispose();
  }
  return rendered;
}

describe('ONNX Runtime engine on the tiny VGG', () => {
  const networks = runtimePair(tiny, vgg16Layers(TINY_WIDTHS));

  for (const layer of ATLAS_LAYERS) {
    for (const activation of ['post-relu', 'pre-relu'] as const) {
      // 36 px: odd feature-map sides after two poolings, where the pooling drops a row and a column.
      for (const size of [32, 36]) {
        it(`${layer}, ${activation}, ${size} px: the graph's loss and input gradient match the tfjs engine's`, async () => {
          const filters = [0, 1, 2, 3];
          const batch = noiseBatch(layer, filters, size);
          const { onnx, wasm } = networks(layer, activation);
          const [mine, theirs, lossOnly] = await Promise.all([onnx.lossAndGradient(batch, filters), wasm.lossAndGradient(batch, filters), onnx.loss(batch, filters)]);
          // A pre-ReLU mean cancels large positive and negative activations: compare against max(1, |loss|).
          theirs.loss.forEach((value, b) => assert.ok(Math.abs(mine.loss[b]! - value) <= 1e-4 * Math.max(1, Math.abs(value)), `filter ${b}: loss ${mine.loss[b]} vs ${value}`));
          assert.deepEqual(lossOnly, mine.loss, 'the forward-only graph gives the same loss, bit for bit');
          const scale = maxAbs(theirs.gradient);
          assert.ok(scale > 0, 'the gradient is not all zero');
          const difference = maxAbs(mine.gradient.map((value, i) => value - theirs.gradient[i]!));
          assert.ok(difference <= 1e-4 * scale, `gradients differ by ${difference} (scale ${scale})`);
        });
      }
    }
  }

  it('a post-ReLU network asked for the pre-ReLU mean of some images answers for those as a pre-ReLU network does (the enhanced method\'s start)', async () => {
    const filters = [0, 1, 2, 3];
    const sites = ['pre-relu', 'post-relu', 'pre-relu', 'post-relu'] as const;
    for (const layer of ['block1_conv1', 'block3_conv1']) {
      const batch = noiseBatch(layer, filters, 32);
      const perImage = 32 * 32 * 3;
      const post = networks(layer, 'post-relu');
      const pre = networks(layer, 'pre-relu');
      for (const backend of ['onnx', 'wasm'] as const) {
        const [mixed, preOnly, postOnly] = await Promise.all([post[backend].lossAndGradient(batch, filters, sites), pre[backend].lossAndGradient(batch, filters), post[backend].lossAndGradient(batch, filters)]);
        sites.forEach((site, b) => {
          const reference = site === 'pre-relu' ? preOnly : postOnly;
          // ONNX raises the bias by 2^16 and takes it off the loss again: float32's step there is 2^-7.
          assert.ok(Math.abs(mixed.loss[b]! - reference.loss[b]!) <= 0.01, `${layer} ${backend} image ${b} (${site}): ${mixed.loss[b]} vs ${reference.loss[b]}`);
          const own = reference.gradient.subarray(b * perImage, (b + 1) * perImage);
          const difference = maxAbs(mixed.gradient.subarray(b * perImage, (b + 1) * perImage).map((value, i) => value - own[i]!));
          assert.ok(difference <= 1e-5 * maxAbs(own), `${layer} ${backend} image ${b} (${site}): gradients differ by ${difference}`);
        });
        const differs = maxAbs(postOnly.gradient.map((value, i) => value - preOnly.gradient[i]!));
        assert.ok(differs > 0.01 * maxAbs(preOnly.gradient), `${layer} ${backend}: the two sites give different gradients`);
      }
      await assert.rejects(pre.onnx.lossAndGradient(batch, filters, sites), /pre-ReLU network cannot/);
    }
  });

  it('per-step losses agree within 1e-4 relative along a whole ascent, scored on the same images', async () => {
    for (const layer of ATLAS_LAYERS) {
      const { onnx, wasm } = networks(layer);
      const difference = await teacherForcedLossDifference(wasm, onnx, layer, [0, 1, 2, 3], 32, 10);
      assert.ok(difference <= 1e-4, `${layer}: ${difference}`);
    }
  });
});

describe('ONNX Runtime engine on the real block1/block2 weights', { skip: existsSync(REAL_WEIGHTS) ? false : `${REAL_WEIGHTS} is missing` }, () => {
  let real: WeightSet;
  before(async () => {
    real = await loadKerasHdf5(REAL_WEIGHTS);
  });
  const all = (count: number): number[] => Array.from({ length: count }, (_, i) => i);

  it('per-step losses agree within 1e-4 relative along 40 steps at 64 px, scored on the same images', async () => {
    const [onnx, wasm] = await Promise.all([createRuntime('onnx', 1), createRuntime('wasm', 1)]);
    try {
      for (const layer of ['block1_conv1', 'block2_conv1']) {
        const stages = networkStages(real, layer, vgg16Layers(VGG16_BLOCK_WIDTHS));
        const objective = { activation: 'post-relu' } as const;
        const difference = await teacherForcedLossDifference(wasm.filterNetwork(stages, objective), onnx.filterNetwork(stages, objective), layer, all(8).map((i) => i + 8), 64, 40);
        assert.ok(difference <= 1e-4, `${layer}: ${difference}`);
      }
    } finally {
      await Promise.all([onnx.dispose(), wasm.dispose()]);
    }
  });

  it('the dead filters are the same 16 on both engines (a dead filter never moves, so one step decides)', async () => {
    const rendered = await renderBoth(real, VGG16_BLOCK_WIDTHS, [['block1_conv1', all(64)], ['block2_conv1', all(128)]], 64, 1);
    const dead = (results: RenderedFilter[]): string[] => results.filter((r) => r.status === 'dead').map((r) => `${r.layer}:${r.filter}`);
    assert.deepEqual(dead(rendered.onnx), dead(rendered.wasm));
    assert.equal(dead(rendered.onnx).length, 16);
  });

  it('free-running images differ by a level or two on a small share of pixel values', async () => {
    const rendered = await renderBoth(real, VGG16_BLOCK_WIDTHS, [['block1_conv1', all(16)], ['block2_conv1', all(16)]], 64, 40);
    const counts = new Map<number, number>();
    let total = 0;
    rendered.onnx.forEach((mine, k) => {
      const theirs = rendered.wasm[k]!;
      assert.equal(mine.status, theirs.status, `${mine.layer}:${mine.filter}`);
      mine.pixels.forEach((value, i) => {
        const level = Math.abs(value - theirs.pixels[i]!);
        counts.set(level, (counts.get(level) ?? 0) + 1);
        total++;
      });
    });
    const within = (levels: number): number => [...counts].filter(([level]) => level <= levels).reduce((sum, [, n]) => sum + n, 0) / total;
    // Measured here: 93.5 % identical, 98.6 % within 1 level, 99.5 % within 2, 99.89 % within 4.
    assert.ok(within(0) >= 0.9, `identical: ${within(0)}`);
    assert.ok(within(2) >= 0.99, `within 2 levels: ${within(2)}`);
    assert.ok(within(4) >= 0.995, `within 4 levels: ${within(4)}`);
  });
});
