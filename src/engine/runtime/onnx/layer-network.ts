import type { Tensor } from 'onnxruntime-node';
import { featureMapSide, type NetworkStages } from '../../stages.ts';
import { checkSummaryLayers, type MapSummary } from '../map-summary.ts';
import { mapWindow, type FilterObjective, type ImageBatch, type LayerNetwork, type MapRegion } from '../types.ts';
import { GraphBuilder } from './graph-builder.ts';
import { mapSummaryGraph, readMapSummaries } from './map-summary-graph.ts';
import type { OnnxBinding } from './network.ts';
import { oihw } from './objective-graph.ts';
import { SessionCache } from './session-cache.ts';

const IMAGES = 'images';
const MEANS = 'means';

/** Forward to the target layer, all of its filters, then each filter's mean over `region`: [B, C]. */
export function layerMeansGraph(network: NetworkStages, batch: number, size: number, objective: FilterObjective, region: MapRegion): Uint8Array {
  const g = new GraphBuilder();
  g.input(IMAGES, [batch, size, size, 3]);
  const same = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } as const;
  const conv = (input: string, stage: NetworkStages['target']): string =>
    g.node('Conv', [input, g.weight(`${stage.name}_kernel`, oihw(stage), [stage.outChannels, stage.inChannels, 3, 3]), g.weight(`${stage.name}_bias`, stage.weights.bias, [stage.outChannels])], same);
  let activation = g.node('Transpose', [IMAGES], { perm: [0, 3, 1, 2] });
  for (const stage of network.stages) {
    activation = stage.kind === 'conv' ? g.node('Relu', [conv(activation, stage)]) : g.node('MaxPool', [activation], { kernel_shape: [2, 2], strides: [2, 2] });
  }
  let target = conv(activation, network.target);
  if (objective.activation === 'post-relu') target = g.node('Relu', [target]);
  const window = g.node('Slice', [target, g.ints([region.top, region.left]), g.ints([region.top + region.height, region.left + region.width]), g.ints([2, 3])]);
  g.node('ReduceMean', [window], { axes: [2, 3], keepdims: 0 }, MEANS);
  g.output(MEANS, [batch, network.target.outChannels]);
  return g.encode(`${network.target.name}_means`);
}

/** Every filter's mean activation of one layer on ONNX Runtime; one session per batch, size and region. */
export class OnnxLayerNetwork implements LayerNetwork {
  readonly layer: string;
  readonly filterCount: number;
  private readonly stages: NetworkStages;
  private readonly objective: FilterObjective;
  private readonly binding: OnnxBinding;
  private readonly sessions: SessionCache;

  constructor(stages: NetworkStages, objective: FilterObjective, binding: OnnxBinding) {
    this.stages = stages;
    this.objective = objective;
    this.binding = binding;
    this.sessions = new SessionCache(binding);
    this.layer = stages.target.name;
    this.filterCount = stages.target.outChannels;
  }

  async meanActivations(images: ImageBatch, region?: MapRegion): Promise<Float32Array> {
    const { count, size } = images;
    const side = featureMapSide(this.stages, size);
    const window = mapWindow(region, side, this.layer);
    const session = this.sessions.get(`${count}/${size}/${window.top},${window.left},${window.height},${window.width}`, () => ({
      model: layerMeansGraph(this.stages, count, size, this.objective, window),
      what: `${this.layer} (all filters, batch ${count}, ${size} px)`,
    }));
    const outputs = await (await session).run({ [IMAGES]: new this.binding.Tensor('float32', images.pixels, [count, size, size, 3]) });
    const means = outputs[MEANS] as Tensor | undefined;
    if (!means || !(means.data instanceof Float32Array)) throw new Error('ONNX Runtime returned no float32 means');
    return means.data;
  }

  async summarizeMaps(images: ImageBatch, layers: readonly string[]): Promise<MapSummary[]> {
    const convs = [...this.stages.stages, this.stages.target].flatMap((stage) => (stage.kind === 'conv' ? [stage.name] : []));
    checkSummaryLayers(layers, convs, this.layer);
    const { count, size } = images;
    const session = this.sessions.get(`summary/${count}/${size}/${layers.join(',')}`, () => ({
      model: mapSummaryGraph(this.stages, count, size, layers),
      what: `${layers.join(', ')} (map summaries, batch ${count}, ${size} px)`,
    }));
    const outputs = await (await session).run({ [IMAGES]: new this.binding.Tensor('float32', images.pixels, [count, size, size, 3]) });
    return readMapSummaries(this.stages, size, layers, outputs as Record<string, Tensor>);
  }

  async dispose(): Promise<void> {
    await this.sessions.releaseAll();
  }
}
