import type { LayerSpec } from '../vgg16.ts';
import type { WeightSet } from '../weights/types.ts';
import { INPUT_LAYER, type ConnectionPairFile } from './contract.ts';
import { expandKernels, type ExpandedKernels } from './expand.ts';
import type { Multiply } from './multiply.ts';
import { connectionPath, expandedSide } from './path.ts';
import { summarisePair } from './summary.ts';

export interface LayerPair {
  readonly from: string;
  readonly to: string;
  /** Side of the pair's kernels, in pixels of `from`. */
  readonly side: number;
}

/**
 * The pairs of consecutive atlas layers, input side first, whose weights in between the set holds;
 * and, when the first of them is the network's first convolution, the RGB image → that layer.
 */
export function connectionPairs(weights: WeightSet, layers: readonly string[], topology: readonly LayerSpec[]): LayerPair[] {
  const rank = (name: string): number => topology.findIndex((layer) => layer.name === name);
  const ordered = [...new Set(layers)].filter((name) => rank(name) >= 0).sort((a, b) => rank(a) - rank(b));
  const pairs: LayerPair[] = [];
  const firstConv = topology.find((layer) => layer.kind === 'conv');
  if (ordered[0] !== undefined && ordered[0] === firstConv?.name && weights.layers.has(firstConv.name)) {
    pairs.push({ from: INPUT_LAYER, to: firstConv.name, side: 3 });
  }
  for (let k = 1; k < ordered.length; k++) {
    const path = connectionPath(weights, ordered[k - 1]!, ordered[k]!, topology);
    if (path) pairs.push({ from: path.from, to: path.to, side: expandedSide(path.steps) });
  }
  return pairs;
}

/** The expanded kernels of a pair, or undefined when the weights lack a convolution on its path. */
export async function pairKernels(weights: WeightSet, pair: Pick<LayerPair, 'from' | 'to'>, topology: readonly LayerSpec[], multiply?: Multiply): Promise<ExpandedKernels | undefined> {
  if (pair.from === INPUT_LAYER) return inputKernels(weights, pair.to);
  const path = connectionPath(weights, pair.from, pair.to, topology);
  return path && expandKernels(path.steps, multiply);
}

export async function computePair(weights: WeightSet, pair: Pick<LayerPair, 'from' | 'to'>, topology: readonly LayerSpec[], multiply?: Multiply): Promise<ConnectionPairFile | undefined> {
  const kernels = await pairKernels(weights, pair, topology, multiply);
  return kernels && summarisePair(pair.from, pair.to, kernels);
}

/**
 * The first convolution's own kernels, with their input channels in RGB order: the network takes
 * caffe input, whose channels are blue, green, red.
 */
function inputKernels(weights: WeightSet, layer: string): ExpandedKernels | undefined {
  const conv = weights.layers.get(layer);
  if (!conv) return undefined;
  const [side, , channels, outCount] = conv.kernelShape;
  const values = new Float32Array(conv.kernel.length);
  for (let position = 0; position < side * side; position++) {
    for (let c = 0; c < channels; c++) {
      const from = (position * channels + c) * outCount;
      const to = (position * channels + (channels - 1 - c)) * outCount;
      values.set(conv.kernel.subarray(from, from + outCount), to);
    }
  }
  return { side, inCount: channels, outCount, values };
}
