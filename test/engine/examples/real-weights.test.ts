/** Dataset examples on the real VGG16 block1/block2 weights, with an image set made in code (S = 64). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { caffeBatch, preprocessImage } from '../../../src/engine/examples/preprocess.ts';
import { activateBackend } from '../../../src/engine/runtime/tfjs/backend.ts';
import { buildNetwork } from '../../../src/engine/runtime/tfjs/network.ts';
import { forwardToTarget } from '../../../src/engine/runtime/tfjs/reference.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import { loadKerasHdf5 } from '../../../src/engine/weights/hdf5.ts';
import { writeExampleSet } from '../../helpers/example-images.ts';
import { runPrecompute, withTempDir } from '../../helpers/run-atlas.ts';

const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');
const SIZE = 64;
/** block1_conv1 58's luminance kernel is a vertical-edge detector, 10's a horizontal one (their summed 3×3 kernels' Sobel components). */
const VERTICAL = 58;
const HORIZONTAL = 10;

describe('dataset examples on the real block1/block2 weights', { skip: existsSync(REAL_WEIGHTS) ? false : `${REAL_WEIGHTS} is missing` }, () => {
  it('edge filters pick gratings of their orientation; values and positions match an independent pass; 1 and 2 workers agree', async () => {
    await withTempDir('atlas-examples-real-', async (dir) => {
      const set = await writeExampleSet(path.join(dir, 'images'), SIZE);
      const flags = (out: string, glob: string, workers: string): string[] => [
        '--weights', REAL_WEIGHTS, '--layers', 'block1_conv1,block2_conv1', '--filters', `${HORIZONTAL},${VERTICAL}`, '--methods', 'classic', '--steps', '1', '--size', '32',
        '--examples', glob, '--examples-size', String(SIZE), '--examples-k', '2', '--out', path.join(dir, out), '--workers', workers,
      ];
      const gratings = await runPrecompute(flags('gratings', `${set.dir}/gratings/*`, '1'), path.join(dir, 'cache'));
      const entry = (layer: string, index: number) => gratings.manifest.examples!.find((candidate) => candidate.layer === layer && candidate.index === index)!;
      const tops = (index: number): string[] => entry('block1_conv1', index).top.map((example) => `gratings/${example.image}`).sort();
      assert.deepEqual(tops(VERTICAL), [...set.gratings.get(0)!].sort(), 'the vertical-edge filter prefers vertical stripes');
      assert.deepEqual(tops(HORIZONTAL), [...set.gratings.get(90)!].sort(), 'the horizontal-edge filter prefers horizontal stripes');

      const one = await runPrecompute(flags('one', `${set.dir}/**/*`, '1'), path.join(dir, 'cache'));
      const two = await runPrecompute(flags('two', `${set.dir}/**/*`, '2'), path.join(dir, 'cache-2'));
      assert.deepEqual(two.manifest.examples, one.manifest.examples, 'identical with 2 workers');
      assert.equal(one.manifest.examplesProtocol!.skippedCount, set.bad.length);

      const weights = await loadKerasHdf5(REAL_WEIGHTS);
      await activateBackend('cpu');
      const pixels = caffeBatch(await Promise.all(set.good.map((name) => preprocessImage(path.join(set.dir, name), SIZE))), SIZE);
      for (const example of one.manifest.examples!) {
        const network = buildNetwork(networkStages(weights, example.layer, vgg16Layers()));
        const maps = tf.tidy(() => forwardToTarget(network, tf.tensor4d(pixels, [set.good.length, SIZE, SIZE, 3]), 'pre-relu'));
        const [, side, , channels] = maps.shape;
        const values = (await maps.data()) as Float32Array;
        maps.dispose();
        network.dispose();
        const at = (image: string, x: number, y: number): number => values[((set.good.indexOf(image) * side + y) * side + x) * channels + example.index]!;
        const maxOf = (image: string): number => Math.max(...Array.from({ length: side * side }, (_, p) => values[(set.good.indexOf(image) * side * side + p) * channels + example.index]!));
        const best = Math.max(...set.good.map(maxOf));
        assert.ok(Math.abs(example.top[0]!.value - best) <= 1e-3 * (1 + Math.abs(best)), `${example.layer}/${example.index}: top value ${example.top[0]!.value} vs ${best}`);
        for (const item of [...example.top, ...example.bottom]) {
          const there = at(item.image, item.x, item.y);
          assert.ok(Math.abs(item.value - there) <= 1e-3 * (1 + Math.abs(there)), `${example.layer}/${example.index} ${item.image}: ${item.value} at (${item.x}, ${item.y}) vs ${there}`);
        }
      }
    });
  });
});
