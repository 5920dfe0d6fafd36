import { jsMultiplier, type Multiply } from './multiply.ts';
import type { ConvWeights } from '../weights/types.ts';
import type { PathStep } from './path.ts';

/**
 * Expanded kernels of a linearised path, in the Keras layout: `values[((u * side + v) * inCount + i) * outCount + j]`
 * is how much lower filter `i` at offset (u, v) of the receptive field (rows u, columns v, from its
 * top-left corner, in the lower layer's pixels) adds to upper filter `j`'s pre-activation.
 */
export interface ExpandedKernels {
  readonly side: number;
  readonly inCount: number;
  readonly outCount: number;
  readonly values: Float32Array;
}

/**
 * Composes the path's kernels into one, as Circuits linearises a network: ReLUs are the identity,
 * each 2×2 max pool is an average pool (1/4 each), biases are dropped. Kernels compose as
 * cross-correlations do: a convolution at the current stride s adds its tap (ky, kx) at offset
 * (s·ky, s·kx); a pool spreads each tap over a 2×2 box at stride s and doubles s.
 */
export async function expandKernels(steps: readonly PathStep[], multiply: Multiply = jsMultiplier.multiply): Promise<ExpandedKernels> {
  const [first] = steps;
  let current = first?.kind === 'conv' ? ownKernels(first.weights) : identity(steps);
  let stride = 1;
  for (const step of first?.kind === 'conv' ? steps.slice(1) : steps) {
    if (step.kind === 'pool') {
      current = averagePool(current, stride);
      stride *= 2;
    } else {
      current = await convolve(current, step.weights.kernel, step.weights.kernelShape, stride, multiply);
    }
  }
  return current;
}

function ownKernels(weights: ConvWeights): ExpandedKernels {
  const [side, , inCount, outCount] = weights.kernelShape;
  return { side, inCount, outCount, values: Float32Array.from(weights.kernel) };
}

/** A path that starts with a pool starts from the lower layer itself: a 1×1 identity kernel. */
function identity(steps: readonly PathStep[]): ExpandedKernels {
  const conv = steps.find((step) => step.kind === 'conv');
  if (conv?.kind !== 'conv') throw new Error('a connection path ends in a convolution');
  const channels = conv.weights.kernelShape[2];
  const values = new Float32Array(channels * channels);
  for (let c = 0; c < channels; c++) values[c * channels + c] = 1;
  return { side: 1, inCount: channels, outCount: channels, values };
}

/**
 * Each tap of the kernel multiplies the whole lower kernel at once (positions × inCount rows by
 * mid columns) and the product is added back shifted by the tap's offset.
 */
async function convolve(
  lower: ExpandedKernels,
  kernel: Float32Array,
  shape: readonly [number, number, number, number],
  stride: number,
  multiply: Multiply,
): Promise<ExpandedKernels> {
  const [height, width, mid, outCount] = shape;
  if (mid !== lower.outCount) throw new Error(`kernel takes ${mid} channels, the path brings ${lower.outCount}`);
  if (height !== width) throw new Error('expanded kernels need square convolution kernels');
  const side = lower.side + (height - 1) * stride;
  const { inCount } = lower;
  const plane = inCount * outCount;
  const values = new Float32Array(side * side * plane);
  for (let ky = 0; ky < height; ky++) {
    for (let kx = 0; kx < width; kx++) {
      const tapSize = mid * outCount;
      const tap = kernel.subarray((ky * width + kx) * tapSize, (ky * width + kx + 1) * tapSize);
      const product = await multiply(lower.values, tap, lower.side * lower.side * inCount, mid, outCount);
      for (let p = 0; p < lower.side; p++) {
        for (let q = 0; q < lower.side; q++) {
          const from = (p * lower.side + q) * plane;
          const to = ((p + stride * ky) * side + (q + stride * kx)) * plane;
          for (let k = 0; k < plane; k++) values[to + k]! += product[from + k]!;
        }
      }
    }
  }
  return { side, inCount, outCount, values };
}

function averagePool(lower: ExpandedKernels, stride: number): ExpandedKernels {
  const side = lower.side + stride;
  const plane = lower.inCount * lower.outCount;
  const values = new Float32Array(side * side * plane);
  for (let p = 0; p < lower.side; p++) {
    for (let q = 0; q < lower.side; q++) {
      const from = (p * lower.side + q) * plane;
      for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        const to = ((p + stride * a) * side + (q + stride * b)) * plane;
        for (let k = 0; k < plane; k++) values[to + k]! += lower.values[from + k]! / 4;
      }
    }
  }
  return { side, inCount: lower.inCount, outCount: lower.outCount, values };
}
