import type { Tensor } from 'onnxruntime-node';
import { featureMapSide, type NetworkStages } from '../../stages.ts';
import { heatmapGeometry, type MapSummary } from '../map-summary.ts';
import { GraphBuilder } from './graph-builder.ts';
import { oihw } from './objective-graph.ts';

const IMAGES = 'images';
const FIELDS = ['max', 'argmax', 'min', 'argmin', 'mean', 'heat'] as const;
type Field = (typeof FIELDS)[number];

function outputName(layer: string, field: Field): string {
  return `${layer}_${field}`;
}

/** The side of every conv stage's map (and the target's) for an input of `size` px. */
function convSides(network: NetworkStages, size: number): Map<string, number> {
  const sides = new Map<string, number>();
  let side = size;
  for (const stage of network.stages) {
    if (stage.kind === 'pool') side = Math.floor(side / 2);
    else sides.set(stage.name, side);
  }
  sides.set(network.target.name, featureMapSide(network, size));
  return sides;
}

/**
 * Forward to the deepest of `layers`, and for each of them every filter's pre-ReLU max, min, their
 * first flat positions, the post-ReLU mean and the max-pooled heatmap, all reduced in the graph.
 */
export function mapSummaryGraph(network: NetworkStages, batch: number, size: number, layers: readonly string[]): Uint8Array {
  const g = new GraphBuilder();
  g.input(IMAGES, [batch, size, size, 3]);
  const sides = convSides(network, size);
  const same = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } as const;
  const summarize = (layer: string, preRelu: string, postRelu: string, channels: number): void => {
    const side = sides.get(layer)!;
    const flat = g.node('Reshape', [preRelu, g.ints([batch, channels, side * side])]);
    g.node('ReduceMax', [flat], { axes: [2], keepdims: 0 }, outputName(layer, 'max'));
    g.node('ReduceMin', [flat], { axes: [2], keepdims: 0 }, outputName(layer, 'min'));
    g.node('Cast', [g.node('ArgMax', [flat], { axis: 2, keepdims: 0 })], { to: 6 }, outputName(layer, 'argmax'));
    g.node('Cast', [g.node('ArgMin', [flat], { axis: 2, keepdims: 0 })], { to: 6 }, outputName(layer, 'argmin'));
    g.node('ReduceMean', [postRelu], { axes: [2, 3], keepdims: 0 }, outputName(layer, 'mean'));
    const heat = heatmapGeometry(side);
    if (heat.factor === 1) g.node('Identity', [preRelu], {}, outputName(layer, 'heat'));
    else g.node('MaxPool', [preRelu], { kernel_shape: [heat.factor, heat.factor], strides: [heat.factor, heat.factor], ceil_mode: 1 }, outputName(layer, 'heat'));
    for (const field of FIELDS) {
      const shape = field === 'heat' ? [batch, channels, heat.side, heat.side] : [batch, channels];
      g.output(outputName(layer, field), shape, field === 'argmax' || field === 'argmin' ? 'int32' : 'float32');
    }
  };
  const conv = (input: string, stage: NetworkStages['target']): string =>
    g.node('Conv', [input, g.weight(`${stage.name}_kernel`, oihw(stage), [stage.outChannels, stage.inChannels, 3, 3]), g.weight(`${stage.name}_bias`, stage.weights.bias, [stage.outChannels])], same);
  let activation = g.node('Transpose', [IMAGES], { perm: [0, 3, 1, 2] });
  for (const stage of [...network.stages, network.target]) {
    if (stage.kind === 'pool') {
      activation = g.node('MaxPool', [activation], { kernel_shape: [2, 2], strides: [2, 2] });
      continue;
    }
    const preRelu = conv(activation, stage);
    activation = g.node('Relu', [preRelu]);
    if (layers.includes(stage.name)) summarize(stage.name, preRelu, activation, stage.outChannels);
    if (stage.name === network.target.name) break;
  }
  return g.encode(`${network.target.name}_map_summary`);
}

/** The graph's outputs as MapSummary objects (copies the caller owns and may transfer), in the order of `layers`. */
export function readMapSummaries(network: NetworkStages, size: number, layers: readonly string[], outputs: Record<string, Tensor>): MapSummary[] {
  const sides = convSides(network, size);
  const convs = new Map([...network.stages, network.target].flatMap((stage) => (stage.kind === 'conv' ? [[stage.name, stage.outChannels] as const] : [])));
  return layers.map((layer) => {
    const floats = (field: Field): Float32Array => {
      const data = outputs[outputName(layer, field)]?.data;
      if (!(data instanceof Float32Array)) throw new Error(`ONNX Runtime returned no float32 ${outputName(layer, field)}`);
      return data.slice();
    };
    const ints = (field: Field): Int32Array => {
      const data = outputs[outputName(layer, field)]?.data;
      if (!(data instanceof Int32Array)) throw new Error(`ONNX Runtime returned no int32 ${outputName(layer, field)}`);
      return data.slice();
    };
    const side = sides.get(layer)!;
    return {
      layer,
      filterCount: convs.get(layer)!,
      side,
      max: floats('max'),
      argmax: ints('argmax'),
      min: floats('min'),
      argmin: ints('argmin'),
      postReluMean: floats('mean'),
      heat: floats('heat'),
      heatSide: heatmapGeometry(side).side,
    };
  });
}
