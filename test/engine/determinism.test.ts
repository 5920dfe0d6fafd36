import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BatchRenderer } from '../../src/engine/render-batch.ts';
import { createRuntime, type ResolvedBackend } from '../../src/engine/runtime/select.ts';
import type { WeightSet } from '../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../helpers/tiny-model.ts';
import { runPrecompute, TINY_LAYERS, writeTinyModel } from '../helpers/run-atlas.ts';
import { useTempDir } from '../weights/support.ts';

const tempDir = useTempDir('atlas-determinism-');
const methods = [
  { name: 'classic', size: 32, steps: 5, step: 1, seed: 0 },
  { name: 'enhanced', size: 32, steps: 4, learningRate: 0.05, seed: 0, transforms: 'periodic', objective: 'post-relu', preReluStart: true, schedule: 'cosine', weightDecay: 0 },
] as const;

async function atlasFiles(outDir: string): Promise<Map<string, Buffer>> {
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as { filters: { image: string; webp: string }[] };
  const files = new Map<string, Buffer>();
  for (const filter of manifest.filters) {
    for (const file of [filter.image, filter.webp]) files.set(file, await readFile(path.join(outDir, file)));
  }
  return files;
}

function assertSameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file)!), `${file} differs`);
}

for (const backend of ['onnx', 'wasm'] satisfies ResolvedBackend[]) {
  describe(`determinism (${backend})`, () => {
    let weightsPath = '';
    before(async () => {
      weightsPath = await writeTinyModel(tempDir());
    });

    const run = (name: string, extra: string[]) =>
      runPrecompute(
        ['--weights', weightsPath, '--layers', TINY_LAYERS, '--size', '32', '--steps', '5', '--backend', backend, '--out', path.join(tempDir(), `${backend}-${name}`), ...extra],
        path.join(tempDir(), `cache-${backend}-${name}`),
      );

    it('two runs give byte-identical PNG and WebP files', async () => {
      const first = await run('first', ['--workers', '2']);
      const second = await run('second', ['--workers', '2']);
      assert.equal(first.manifest.backend, backend);
      assert.equal(first.rendered, 2 * 26, 'both methods, 26 filters each');
      assert.equal(second.rendered, 2 * 26, 'the second run has its own cache, so it renders everything again');
      assertSameFiles(await atlasFiles(path.join(tempDir(), `${backend}-first`)), await atlasFiles(path.join(tempDir(), `${backend}-second`)));
    });

    it('one worker and two workers give byte-identical files', async () => {
      await run('one-worker', ['--workers', '1']);
      assertSameFiles(await atlasFiles(path.join(tempDir(), `${backend}-first`)), await atlasFiles(path.join(tempDir(), `${backend}-one-worker`)));
    });
  });
}

describe('batch composition does not change a filter’s pixels', () => {
  const weights: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights() };
  for (const backend of ['onnx', 'wasm', 'cpu'] satisfies ResolvedBackend[]) {
    describe(backend, () => {
      let renderer: BatchRenderer;
      before(async () => {
        renderer = new BatchRenderer(await createRuntime(backend, 1), weights, TINY_WIDTHS);
      });
      after(() => renderer.dispose());

      for (const [layer, method] of ['block1_conv1', 'block3_conv1', 'block4_conv1'].flatMap((layer) => methods.map((method) => [layer, method] as const))) {
        it(`${layer}, ${method.name}: one batch of all, smaller batches and single filters agree exactly`, async () => {
          const filters = layer === 'block1_conv1' ? [0, 1, 2, 3] : [0, 1, 2, 3, 4, 5, 6, 7];
          const whole = await renderer.render({ layer, filters, method });
          const split = [...(await renderer.render({ layer, filters: filters.slice(0, 3), method })), ...(await renderer.render({ layer, filters: filters.slice(3), method }))];
          const single: typeof whole = [];
          for (const filter of filters) single.push(...(await renderer.render({ layer, filters: [filter], method })));
          for (const other of [split, single]) {
            other.forEach((result, k) => {
              assert.equal(result.filter, whole[k]!.filter);
              assert.deepEqual(result.pixels, whole[k]!.pixels, `${layer} filter ${result.filter} pixels`);
              assert.deepEqual(result.loss, whole[k]!.loss, `${layer} filter ${result.filter} loss`);
            });
          }
        });
      }
    });
  }
});
