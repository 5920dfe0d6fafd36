import { encodeKernel, encodeMatrix, sharedScale } from './codec.ts';
import { CONNECTIONS_TOP, CONNECTIONS_VERSION, type ConnectionLink, type ConnectionPairFile } from './contract.ts';
import type { ExpandedKernels } from './expand.ts';

export interface ConnectionMatrices {
  /** `toCount × fromCount`: strength[j * fromCount + i] = ‖E[j][i]‖₂. */
  readonly strength: Float32Array;
  /** sum[j * fromCount + i] = Σ E[j][i]. */
  readonly sum: Float32Array;
}

/** Weights so large that a strength or sum of the pair leaves float32's range: the pair cannot be shown. */
export class NonFiniteConnectionsError extends Error {
  constructor(from: string, to: string, upper: number, lower: number) {
    super(`connections ${from} → ${to} left out: the expanded weights of ${to} filter ${upper} from ${from} ${lower} are not finite`);
    this.name = 'NonFiniteConnectionsError';
  }
}

export function connectionMatrices(expanded: ExpandedKernels): ConnectionMatrices {
  const { side, inCount, outCount, values } = expanded;
  const squares = new Float64Array(outCount * inCount);
  const sums = new Float64Array(outCount * inCount);
  for (let position = 0; position < side * side; position++) {
    for (let i = 0; i < inCount; i++) {
      const row = (position * inCount + i) * outCount;
      for (let j = 0; j < outCount; j++) {
        const value = values[row + j]!;
        squares[j * inCount + i]! += value * value;
        sums[j * inCount + i]! += value;
      }
    }
  }
  return { strength: Float32Array.from(squares, Math.sqrt), sum: Float32Array.from(sums) };
}

/** E[j][i] as a side × side image, row by row. */
export function kernelOf(expanded: ExpandedKernels, i: number, j: number): Float32Array {
  const { side, inCount, outCount, values } = expanded;
  return Float32Array.from({ length: side * side }, (_, position) => values[(position * inCount + i) * outCount + j]!);
}

/** The `top` indices with the largest values, largest first; ties go to the lower index. */
export function strongest(values: ArrayLike<number>, top: number = CONNECTIONS_TOP): number[] {
  return Array.from({ length: values.length }, (_, k) => k)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, top);
}

/** Everything the atlas keeps of one layer pair: the matrices, each upper filter's top inputs, each lower filter's top outputs. */
export function summarisePair(from: string, to: string, expanded: ExpandedKernels): ConnectionPairFile {
  const { side, inCount, outCount } = expanded;
  const { strength, sum } = connectionMatrices(expanded);
  const nonFinite = strength.findIndex((value, k) => !Number.isFinite(value) || !Number.isFinite(sum[k]!));
  if (nonFinite >= 0) throw new NonFiniteConnectionsError(from, to, Math.floor(nonFinite / inCount), nonFinite % inCount);
  const link = (i: number, j: number, index: number, scale: number, kernel: Float32Array): ConnectionLink => ({
    index,
    strength: significant(strength[j * inCount + i]!),
    sum: significant(sum[j * inCount + i]!),
    kernel: encodeKernel(kernel, scale),
  });
  const inputs = Array.from({ length: outCount }, (_, j) => {
    const chosen = strongest(strength.subarray(j * inCount, (j + 1) * inCount));
    const kernels = chosen.map((i) => kernelOf(expanded, i, j));
    const kernelScale = sharedScale(kernels);
    return { layer: to, index: j, from, side, kernelScale, inputs: chosen.map((i, k) => link(i, j, i, kernelScale, kernels[k]!)) };
  });
  const outputs = Array.from({ length: inCount }, (_, i) => {
    const chosen = strongest(Array.from({ length: outCount }, (_, j) => strength[j * inCount + i]!));
    const kernels = chosen.map((j) => kernelOf(expanded, i, j));
    const kernelScale = sharedScale(kernels);
    return { layer: from, index: i, to, side, kernelScale, outputs: chosen.map((j, k) => link(i, j, j, kernelScale, kernels[k]!)) };
  });
  return {
    version: CONNECTIONS_VERSION,
    from,
    to,
    side,
    fromCount: inCount,
    toCount: outCount,
    strength: encodeMatrix(strength),
    sum: encodeMatrix(sum),
    inputs,
    outputs,
  };
}

/** Four significant digits, enough for a page and a ranking (the pair file's matrices keep float32). */
function significant(value: number): number {
  return Number(value.toPrecision(4));
}
