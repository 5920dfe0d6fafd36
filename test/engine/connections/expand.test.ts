import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandKernels, type ExpandedKernels } from '../../../src/engine/connections/expand.ts';
import { fastestMultiplier } from '../../../src/engine/connections/multiply.ts';
import { connectionPath, expandedSide, type PathStep } from '../../../src/engine/connections/path.ts';
import { connectionMatrices, kernelOf } from '../../../src/engine/connections/summary.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { ConvWeights, WeightSet } from '../../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';
import { forward, impulse } from './linear-network.ts';

/** The atlas's pairs, then a path that starts with a pool and one of a single convolution: [from, to, side, final stride]. */
const PAIRS = [
  ['block1_conv1', 'block2_conv1', 8, 2],
  ['block2_conv1', 'block3_conv1', 8, 2],
  ['block3_conv1', 'block4_conv1', 10, 2],
  ['block1_conv2', 'block2_conv1', 6, 2],
  ['block1_conv1', 'block1_conv2', 3, 1],
] as const;

const topology = vgg16Layers(TINY_WIDTHS);
const weightSet = (layers: ReadonlyMap<string, ConvWeights>): WeightSet => ({ source: 'test', sha256: '0'.repeat(64), format: 'keras-hdf5', layers });
const tiny = weightSet(tinyVggWeights({ seed: 3 }));

/** A 3×3 kernel that is `spatial[ky][kx] × channels[c][o]`. */
function separableConv(spatial: readonly (readonly number[])[], channels: readonly (readonly number[])[]): ConvWeights {
  const inCount = channels.length;
  const outCount = channels[0]!.length;
  const kernel = new Float32Array(9 * inCount * outCount);
  for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < inCount; c++) for (let o = 0; o < outCount; o++) {
    kernel[((ky * 3 + kx) * inCount + c) * outCount + o] = spatial[ky]![kx]! * channels[c]![o]!;
  }
  return { kernel, kernelShape: [3, 3, inCount, outCount], bias: new Float32Array(outCount).fill(5) };
}

const ONES = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
const at = (row: number, column: number): number[][] => [0, 1, 2].map((ky) => [0, 1, 2].map((kx) => (ky === row && kx === column ? 1 : 0)));

function value(expanded: ExpandedKernels, u: number, v: number, i: number, j: number): number {
  return expanded.values[((u * expanded.side + v) * expanded.inCount + i) * expanded.outCount + j]!;
}

test('all-ones kernels through conv, pool, conv give the separable profile [1,2,3,3,3,3,2,1]/2 in each direction', async () => {
  const steps: PathStep[] = [
    { kind: 'conv', name: 'a', weights: separableConv(ONES, [[1]]) },
    { kind: 'pool', name: 'p' },
    { kind: 'conv', name: 'b', weights: separableConv(ONES, [[1]]) },
  ];
  const expanded = await expandKernels(steps);
  const profile = [1, 2, 3, 3, 3, 3, 2, 1].map((n) => n / 2);
  assert.equal(expanded.side, 8);
  for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) assert.ok(Math.abs(value(expanded, u, v, 0, 0) - profile[u]! * profile[v]!) < 1e-6, `(${u}, ${v})`);
});

test('single taps land where the closed form puts them, scaled by the product of the channel matrices', async () => {
  // Lower tap at row 0, column 2; the pool spreads it over rows 0-1, columns 2-3; the upper tap at
  // row 2, column 0 moves it by 2 × (2, 0) at stride 2: rows 4-5, columns 2-3, each (A·B)/4.
  const a = [[1, -2], [0.5, 3]];
  const b = [[2, 0, 1], [-1, 4, 0.25]];
  const expanded = await expandKernels([
    { kind: 'conv', name: 'a', weights: separableConv(at(0, 2), a) },
    { kind: 'pool', name: 'p' },
    { kind: 'conv', name: 'b', weights: separableConv(at(2, 0), b) },
  ]);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) {
      const product = a[i]![0]! * b[0]![j]! + a[i]![1]! * b[1]![j]!;
      for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) {
        const expected = u >= 4 && u <= 5 && v >= 2 && v <= 3 ? product / 4 : 0;
        assert.ok(Math.abs(value(expanded, u, v, i, j) - expected) < 1e-6, `E[${j}][${i}](${u}, ${v}) = ${value(expanded, u, v, i, j)}, expected ${expected}`);
      }
    }
  }
});

for (const [from, to, side, stride] of PAIRS) {
  test(`${from} → ${to}: the kernels are ${side}×${side} and equal the linearised network's response to an impulse`, async () => {
    const path = connectionPath(tiny, from, to, topology);
    assert.ok(path);
    assert.equal(expandedSide(path.steps), side);
    const expanded = await await expandKernels(path.steps);
    assert.equal(expanded.side, side);
    assert.deepEqual([expanded.inCount, expanded.outCount], [path.fromCount, path.toCount]);
    // The upper unit at (y, y) sees lower pixels from stride·y − (side − stride)/2 on; impulses there, far from the borders.
    const mapSide = 2 * side;
    const y = Math.ceil(side / 2);
    const first = stride * y - (side - stride) / 2;
    for (const i of [0, path.fromCount - 1]) {
      for (let u = 0; u < side; u++) {
        for (let v = 0; v < side; v++) {
          const response = forward(impulse(mapSide, path.fromCount, first + u, first + v, i), path.steps);
          for (let j = 0; j < path.toCount; j++) {
            const expected = response.values[(y * response.side + y) * path.toCount + j]!;
            assert.ok(Math.abs(value(expanded, u, v, i, j) - expected) < 1e-5 * (1 + Math.abs(expected)), `E[${j}][${i}](${u}, ${v})`);
          }
        }
      }
    }
  });

  test(`${from} → ${to}: the sums of E[j][i] are the product of each convolution's kernel summed over its taps`, async () => {
    const path = connectionPath(tiny, from, to, topology)!;
    let product: number[][] | undefined;
    for (const step of path.steps) {
      if (step.kind === 'pool') continue; // averaging keeps the total
      const [, , inCount, outCount] = step.weights.kernelShape;
      const summed = Array.from({ length: inCount }, (_, c) =>
        Array.from({ length: outCount }, (_, o) => Array.from({ length: 9 }, (_, tap) => step.weights.kernel[(tap * inCount + c) * outCount + o]!).reduce((s, x) => s + x, 0)),
      );
      product = product ? product.map((row) => summed[0]!.map((_, o) => row.reduce((s, x, m) => s + x * summed[m]![o]!, 0))) : summed;
    }
    const { sum, strength } = connectionMatrices(await expandKernels(path.steps));
    const expanded = await await expandKernels(path.steps);
    for (let j = 0; j < path.toCount; j++) {
      for (let i = 0; i < path.fromCount; i++) {
        const expected = product![i]![j]!;
        assert.ok(Math.abs(sum[j * path.fromCount + i]! - expected) < 1e-4 * (1 + Math.abs(expected)), `sum E[${j}][${i}] = ${sum[j * path.fromCount + i]}, product ${expected}`);
        const norm = Math.hypot(...kernelOf(expanded, i, j));
        assert.ok(Math.abs(strength[j * path.fromCount + i]! - norm) < 1e-5 * (1 + norm));
      }
    }
  });
}

test('no path when the weights lack a convolution in between, or the layers are not in order', async () => {
  const layers = new Map(tiny.layers);
  layers.delete('block3_conv2');
  assert.equal(connectionPath(weightSet(layers), 'block3_conv1', 'block4_conv1', topology), undefined);
  assert.ok(connectionPath(weightSet(layers), 'block1_conv1', 'block2_conv1', topology));
  assert.equal(connectionPath(tiny, 'block2_conv1', 'block1_conv1', topology), undefined);
});

test('ONNX Runtime\'s MatMul gives the JavaScript loop\'s kernels, on every pair', async (t) => {
  const multiplier = await fastestMultiplier();
  if (multiplier.name !== 'onnx') return t.skip('ONNX Runtime does not load here');
  try {
    for (const [from, to] of PAIRS) {
      const path = connectionPath(tiny, from, to, topology)!;
      const [js, onnx] = [await expandKernels(path.steps), await expandKernels(path.steps, multiplier.multiply)];
      const largest = Math.max(...js.values.map(Math.abs));
      js.values.forEach((value, k) => assert.ok(Math.abs(value - onnx.values[k]!) <= 1e-5 * largest, `${from} → ${to} value ${k}`));
    }
  } finally {
    await multiplier.dispose();
  }
});
