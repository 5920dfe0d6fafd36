import type { LayerSpec } from '../vgg16.ts';
import type { ConvWeights, WeightSet } from '../weights/types.ts';

/** One step of the linearised path: a convolution (ReLU dropped, bias dropped) or a 2×2 pool taken as an average. */
export type PathStep = { readonly kind: 'conv'; readonly name: string; readonly weights: ConvWeights } | { readonly kind: 'pool'; readonly name: string };

/** Everything between the output of `from` and the pre-activation of `to`, input side first; `to`'s own kernel is the last step. */
export interface ConnectionPath {
  readonly from: string;
  readonly to: string;
  readonly fromCount: number;
  readonly toCount: number;
  readonly steps: readonly PathStep[];
}

/** The layers strictly after `from` up to and including `to`, or undefined when `to` does not follow `from` in the topology. */
export function pathLayers(from: string, to: string, topology: readonly LayerSpec[]): LayerSpec[] | undefined {
  const start = topology.findIndex((layer) => layer.name === from);
  const end = topology.findIndex((layer) => layer.name === to);
  if (start < 0 || end <= start || topology[start]?.kind !== 'conv' || topology[end]?.kind !== 'conv') return undefined;
  return topology.slice(start + 1, end + 1);
}

/** The path from `from` to `to` with its weights, or undefined when the weights lack a convolution on it. */
export function connectionPath(weights: WeightSet, from: string, to: string, topology: readonly LayerSpec[]): ConnectionPath | undefined {
  const layers = pathLayers(from, to, topology);
  const lower = topology.find((layer) => layer.name === from);
  const upper = topology.find((layer) => layer.name === to);
  if (!layers || lower?.kind !== 'conv' || upper?.kind !== 'conv') return undefined;
  const steps: PathStep[] = [];
  for (const layer of layers) {
    if (layer.kind === 'pool') {
      steps.push({ kind: 'pool', name: layer.name });
      continue;
    }
    const conv = weights.layers.get(layer.name);
    if (!conv) return undefined;
    steps.push({ kind: 'conv', name: layer.name, weights: conv });
  }
  return { from, to, fromCount: lower.outChannels, toCount: upper.outChannels, steps };
}

/**
 * Side of the expanded kernel in `from`'s pixels: each convolution widens it by 2 × the current
 * stride, each pool by the stride and then doubles the stride (block1→block2 and block2→block3: 8,
 * block3→block4: 10).
 */
export function expandedSide(steps: readonly Pick<PathStep, 'kind'>[]): number {
  let side = 1;
  let stride = 1;
  for (const step of steps) {
    if (step.kind === 'conv') side += 2 * stride;
    else {
      side += stride;
      stride *= 2;
    }
  }
  return side;
}
