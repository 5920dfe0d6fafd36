import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { FilterEntry } from '../../src/atlas/manifest.ts';
import type { PrecomputeSummary } from '../../src/atlas/precompute.ts';
import { BatchRenderer } from '../../src/engine/render-batch.ts';
import { createRuntime } from '../../src/engine/runtime/select.ts';
import { loadKerasHdf5 } from '../../src/engine/weights/hdf5.ts';
import { VGG16_BLOCK_WIDTHS } from '../../src/engine/weights/validate.ts';
import { AtlasError } from '../../src/errors.ts';
import sharp from 'sharp';
import { runPrecompute } from '../helpers/run-atlas.ts';
import { useTempDir } from '../weights/support.ts';

/** The real Keras VGG16 ImageNet weights of block1 and block2, shipped beside the repository. */
const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');
const tempDir = useTempDir('atlas-real-');

async function pixelStats(file: string): Promise<{ std: number; pixels: Buffer }> {
  const pixels = await sharp(file).raw().toBuffer();
  const mean = pixels.reduce((sum, v) => sum + v, 0) / pixels.length;
  const variance = pixels.reduce((sum, v) => sum + (v - mean) ** 2, 0) / pixels.length;
  return { std: Math.sqrt(variance), pixels };
}

describe('real VGG16 weights (block1, block2)', { skip: existsSync(REAL_WEIGHTS) ? false : `${REAL_WEIGHTS} is missing` }, () => {
  let summary: PrecomputeSummary;
  const outDir = path.join(tempDir(), 'atlas');
  before(async () => {
    const flags = ['--weights', REAL_WEIGHTS, '--methods', 'classic', '--layers', 'block1_conv1,block2_conv1', '--filters', '0-5', '--size', '64', '--out', outDir];
    summary = await runPrecompute(flags, path.join(tempDir(), 'cache'));
  });

  it('renders the requested filters with the notebook defaults (64 px, 40 steps)', () => {
    assert.equal(summary.manifest.filters.length, 12);
    assert.deepEqual(summary.manifest.methods.map((method) => method.params), [{ name: 'classic', size: 64, steps: 40, step: 1, seed: 0 }]);
    for (const filter of summary.manifest.filters) assert.equal(filter.loss.length, 41, `${filter.layer}:${filter.index} has steps + 1 losses`);
  });

  it('live filters give non-degenerate, distinct patterns whose loss rises', async () => {
    const live = summary.manifest.filters.filter((filter) => filter.status === 'ok');
    assert.ok(live.length >= 8, `most of the 12 filters are live (got ${live.length})`);
    const seen = new Set<string>();
    for (const filter of live) {
      const { std, pixels } = await pixelStats(path.join(outDir, filter.image));
      assert.ok(std > 10, `${filter.layer}:${filter.index} has contrast (std ${std.toFixed(1)})`);
      const fingerprint = pixels.toString('base64');
      assert.ok(!seen.has(fingerprint), `${filter.layer}:${filter.index} differs from the others`);
      seen.add(fingerprint);
      const rises = filter.loss.slice(1).filter((value, step) => value > filter.loss[step]!).length;
      assert.ok(filter.loss.at(-1)! > filter.loss[0]!, `${filter.layer}:${filter.index} loss rises: ${filter.loss[0]} → ${filter.loss.at(-1)}`);
      assert.ok(rises >= 36, `${filter.layer}:${filter.index} loss rises in ${rises} of 40 steps`);
    }
  });

  it('flags filters that never activate on gray noise as dead, with a flat zero loss', () => {
    const dead: FilterEntry[] = summary.manifest.filters.filter((filter) => filter.status === 'dead');
    for (const filter of dead) assert.ok(filter.loss.every((value) => value === 0), `${filter.layer}:${filter.index} dead filter has zero loss`);
  });

  it('records the weights sha256 and source in the manifest', () => {
    assert.equal(summary.manifest.model.weights.sha256, '6083f3b4991fcd9ad49f0e228b83c855320c818ad905375419c4c6846aabc46f');
    // Only the file name is published, never a path of the machine that built the atlas.
    assert.equal(summary.manifest.model.weights.source, path.basename(REAL_WEIGHTS));
  });

  it('asking for block3_conv1 from this file names the missing layer', async () => {
    await assert.rejects(
      runPrecompute(['--weights', REAL_WEIGHTS, '--layers', 'block3_conv1', '--out', path.join(tempDir(), 'b3')], path.join(tempDir(), 'cache')),
      (error: unknown) => error instanceof AtlasError && /has no block3_conv1/.test(error.message) && /needed by block3_conv1/.test(error.message),
    );
  });

  for (const backend of ['onnx', 'wasm'] as const) {
    it(`on ${backend}, a filter’s pixels do not depend on its batch at the real widths`, async () => {
      const weights = await loadKerasHdf5(REAL_WEIGHTS);
      const renderer = new BatchRenderer(await createRuntime(backend, 1), weights, VGG16_BLOCK_WIDTHS);
      const method = { name: 'classic', size: 32, steps: 3, step: 1, seed: 0 } as const;
      try {
        const batch = await renderer.render({ layer: 'block2_conv1', filters: [8, 9, 10, 11], method });
        for (const [k, filter] of [8, 9, 10, 11].entries()) {
          const [alone] = await renderer.render({ layer: 'block2_conv1', filters: [filter], method });
          assert.deepEqual(alone?.pixels, batch[k]!.pixels, `block2_conv1:${filter}`);
        }
      } finally {
        await renderer.dispose();
      }
    });
  }
});
