import { featureMapSide, type ConvStage, type NetworkStages } from '../../stages.ts';
import type { FilterObjective } from '../types.ts';
import { GraphBuilder } from './graph-builder.ts';

export interface ObjectiveGraphShape {
  readonly batch: number;
  readonly size: number;
  readonly objective: FilterObjective;
  /** Without it, the graph computes the loss only. */
  readonly withGradient: boolean;
}

/** The graph's input and output names. */
export const GRAPH_IO = {
  images: 'images',
  /** The batch's own target filters, one per image, OIHW: [B, in, 3, 3]. */
  targetKernel: 'target_kernel',
  /** The same kernels flipped in space, as the grouped backward convolution takes them: [B·in, 1, 3, 3]. */
  targetKernelFlipped: 'target_kernel_flipped',
  targetBias: 'target_bias',
  loss: 'loss',
  gradient: 'gradient',
} as const;

/** The conv's HWIO kernel with each value moved to `target(y, x, in, out)`. */
function relayout(conv: ConvStage, target: (y: number, x: number, i: number, o: number) => number): Float32Array {
  const { inChannels: cin, outChannels: cout, weights } = conv;
  const out = new Float32Array(weights.kernel.length);
  for (let y = 0; y < 3; y++)
    for (let x = 0; x < 3; x++)
      for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) out[target(y, x, i, o)] = weights.kernel[((y * 3 + x) * cin + i) * cout + o]!;
  return out;
}

/** Keras HWIO (3, 3, in, out) as ONNX's OIHW (out, in, 3, 3). */
export function oihw(conv: ConvStage): Float32Array {
  const cin = conv.inChannels;
  return relayout(conv, (y, x, i, o) => ((o * cin + i) * 3 + y) * 3 + x);
}

/**
 * The kernel whose forward 'same' convolution of the output gradient is the input gradient:
 * flipped in space, in and out swapped, (in, out, 3, 3). A forward conv runs far faster than a
 * transposed one.
 */
export function backwardOihw(conv: ConvStage): Float32Array {
  const cout = conv.outChannels;
  return relayout(conv, (y, x, i, o) => ((i * cout + o) * 3 + (2 - y)) * 3 + (2 - x));
}

const SAME = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } as const;

interface KeptConv {
  readonly kind: 'conv';
  readonly output: string;
  readonly backwardKernel: string;
}
interface KeptPool {
  readonly kind: 'pool';
  readonly input: string;
  readonly output: string;
  readonly indices: string;
  readonly channels: number;
  /** Side of the pooling's input and output. */
  readonly side: number;
  readonly pooled: number;
}

/**
 * The classic objective and its hand-written input gradient as one ONNX graph, from the same stage
 * list the tfjs engine uses: the forward pass keeps each stage's output; only the batch's own
 * target filters are computed (a grouped convolution, image b with filter b); the backward pass
 * runs forward convolutions with flipped kernels, ReLU slopes and max-pool routing.
 */
export function objectiveGraph(network: NetworkStages, shape: ObjectiveGraphShape): Uint8Array {
  const { batch, size, objective, withGradient } = shape;
  const g = new GraphBuilder();
  g.input(GRAPH_IO.images, [batch, size, size, 3]);
  const cin = network.target.inChannels;
  g.input(GRAPH_IO.targetKernel, [batch, cin, 3, 3]);
  g.input(GRAPH_IO.targetBias, [batch]);
  if (withGradient) g.input(GRAPH_IO.targetKernelFlipped, [batch * cin, 1, 3, 3]);

  let activation = g.node('Transpose', [GRAPH_IO.images], { perm: [0, 3, 1, 2] });
  let channels = 3;
  let side = size;
  const kept: (KeptConv | KeptPool)[] = [];
  for (const stage of network.stages) {
    if (stage.kind === 'conv') {
      const kernel = g.weight(`${stage.name}_kernel`, oihw(stage), [stage.outChannels, stage.inChannels, 3, 3]);
      const bias = g.weight(`${stage.name}_bias`, stage.weights.bias, [stage.outChannels]);
      activation = g.node('Relu', [g.node('Conv', [activation, kernel, bias], SAME)]);
      const backwardKernel = withGradient ? g.weight(`${stage.name}_backward`, backwardOihw(stage), [stage.inChannels, stage.outChannels, 3, 3]) : '';
      kept.push({ kind: 'conv', output: activation, backwardKernel });
      channels = stage.outChannels;
    } else {
      const input = activation;
      const pooled = Math.floor(side / 2);
      activation = g.node('MaxPool', [input], { kernel_shape: [2, 2], strides: [2, 2] }, undefined, 2);
      kept.push({ kind: 'pool', input, output: activation, indices: `${activation}_1`, channels, side, pooled });
      side = pooled;
    }
  }
  if (channels !== cin) throw new Error(`${network.target.name} takes ${cin} channels, the stages give ${channels}`);
  const mapSide = featureMapSide(network, size);

  // Image b's channels form group b of a grouped convolution with filter b: B channels, not B².
  const grouped = g.node('Reshape', [activation, g.ints([1, batch * cin, mapSide, mapSide])]);
  const preActivation = g.node('Conv', [grouped, GRAPH_IO.targetKernel, GRAPH_IO.targetBias], { ...SAME, group: batch });
  const scored = objective.activation === 'post-relu' ? g.node('Relu', [preActivation]) : preActivation;
  const mean = g.node('ReduceMean', [scored], { axes: [2, 3], keepdims: 0 });
  g.node('Reshape', [mean, g.ints([batch])], {}, GRAPH_IO.loss);
  g.output(GRAPH_IO.loss, [batch]);
  if (!withGradient) return g.encode(`${network.target.name}_loss`);

  const area = g.scalar(mapSide * mapSide);
  // d mean / d pre-activation: 1/(h·w), times ReLU's slope (1 where the pre-activation is > 0) for the post-ReLU objective.
  const slope = objective.activation === 'post-relu' ? g.node('Sign', [scored]) : g.node('Expand', [g.scalar(1), g.ints([1, batch, mapSide, mapSide])]);
  const dPre = g.node('Div', [slope, area]);
  const dGrouped = g.node('Conv', [dPre, GRAPH_IO.targetKernelFlipped], { ...SAME, group: batch });
  let upstream = g.node('Reshape', [dGrouped, g.ints([batch, cin, mapSide, mapSide])]);

  // ReLU's slope is the sign of the post-ReLU output. Before a pooling it is applied to the pooled
  // output, 4x smaller: the gradient only reaches each window's maximum, whose sign that is.
  let slopeApplied = false;
  for (let i = kept.length - 1; i >= 0; i--) {
    const stage = kept[i]!;
    if (stage.kind === 'conv') {
      const dPreActivation = slopeApplied ? upstream : g.node('Mul', [upstream, reluSlope(g, stage.output)]);
      upstream = g.node('Conv', [dPreActivation, stage.backwardKernel], SAME);
      slopeApplied = false;
    } else {
      upstream = maxPoolInputGradient(g, batch, stage, g.node('Mul', [upstream, reluSlope(g, stage.output)]));
      slopeApplied = true;
    }
  }
  g.node('Transpose', [upstream], { perm: [0, 2, 3, 1] }, GRAPH_IO.gradient);
  g.output(GRAPH_IO.gradient, [batch, size, size, 3]);
  return g.encode(`${network.target.name}_gradient`);
}

/**
 * Each pooled output's gradient goes to the input(s) equal to its maximum, as in the tfjs engine.
 * Odd sides drop the last row/column in the forward pass, which then gets no gradient.
 */
/** 1 where a post-ReLU output is > 0, else 0 (Greater and Cast run faster here than Sign). */
function reluSlope(g: GraphBuilder, output: string): string {
  return g.node('Cast', [g.node('Greater', [output, g.scalar(0)])], { to: 1 });
}

function maxPoolInputGradient(g: GraphBuilder, batch: number, pool: KeptPool, upstream: string): string {
  return g.node('MaxUnpool', [upstream, pool.indices, g.ints([batch, pool.channels, pool.side, pool.side])], { kernel_shape: [2, 2], strides: [2, 2] });
}
