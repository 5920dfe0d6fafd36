import { layersUpTo, type LayerSpec } from './vgg16.ts';
import type { ConvWeights, WeightSet } from './weights/types.ts';

/** A 3x3 'same' ReLU convolution on the way to the target, weights in Keras layout (HWIO). */
export interface ConvStage {
  readonly kind: 'conv';
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly weights: ConvWeights;
}

/** A 2x2, stride 2, 'valid' max pooling. */
export interface PoolStage {
  readonly kind: 'pool';
  readonly name: string;
}

export type Stage = ConvStage | PoolStage;

/**
 * The network from the input up to a target convolution, independent of any runtime: every
 * runtime builds its forward pass and hand-written input gradient from this one description.
 */
export interface NetworkStages {
  readonly target: ConvStage;
  /** The stages before the target, input first. */
  readonly stages: readonly Stage[];
}

export function networkStages(weights: WeightSet, target: string, topology?: readonly LayerSpec[]): NetworkStages {
  const stages = layersUpTo(target, topology).map((spec): Stage => {
    if (spec.kind === 'pool') return { kind: 'pool', name: spec.name };
    const conv = weights.layers.get(spec.name);
    if (!conv) throw new Error(`weights have no ${spec.name}; validate the weights before building the network`);
    return { kind: 'conv', name: spec.name, inChannels: spec.inChannels, outChannels: spec.outChannels, weights: conv };
  });
  const last = stages.pop();
  if (last?.kind !== 'conv') throw new Error(`${target} is not a convolution layer`);
  return { target: last, stages };
}

/** The stages as a topology (every layer up to and including the target), for batching and cost estimates. */
export function stagesTopology(network: NetworkStages): LayerSpec[] {
  return [...network.stages, network.target].map(
    (stage): LayerSpec => (stage.kind === 'pool' ? stage : { kind: 'conv', name: stage.name, inChannels: stage.inChannels, outChannels: stage.outChannels }),
  );
}

/** Side of the target's feature map for an input of `size` px: each pooling halves it, rounding down. */
export function featureMapSide(network: NetworkStages, size: number): number {
  return network.stages.reduce((side, stage) => (stage.kind === 'pool' ? Math.floor(side / 2) : side), size);
}
