import type { NetworkStages } from '../stages.ts';
import type { MapSummary } from './map-summary.ts';

/**
 * Where a filter's activation is read: after its ReLU (the notebook's loss) or before it (Lucid's
 * `_pre_relu` tensors, which still have a gradient where the filter is silent).
 */
export type ActivationSite = 'post-relu' | 'pre-relu';

/** The objective every method maximises: the mean over the feature map of one filter's activation. */
export interface FilterObjective {
  readonly activation: ActivationSite;
}

/**
 * A batch of square images in NHWC order, float32: `count` images of `size`×`size`×3, channels
 * in the order the network's weights expect.
 */
export interface ImageBatch {
  readonly pixels: Float32Array;
  readonly count: number;
  readonly size: number;
}

export interface LossAndGradient {
  /** loss[b]: the objective of filter filters[b] on image b. */
  readonly loss: Float32Array;
  /** ∂loss[b]/∂image b, laid out like the images. */
  readonly gradient: Float32Array;
}

/**
 * One network up to one target layer on one runtime, for one objective. Image b of a batch is
 * scored by filter filters[b] of the target layer; the images never interact.
 */
export interface FilterNetwork {
  readonly layer: string;
  readonly filterCount: number;
  /**
   * `sites[b]` reads image b's objective at another site than the network's own: a post-ReLU
   * network can also answer for the pre-ReLU mean (the enhanced method's start), image by image, so
   * that one network, and one set of compiled sessions, serves both. A pre-ReLU network answers only pre-ReLU.
   */
  lossAndGradient(images: ImageBatch, filters: readonly number[], sites?: readonly ActivationSite[]): Promise<LossAndGradient>;
  /** The same loss as lossAndGradient, without the backward pass. */
  loss(images: ImageBatch, filters: readonly number[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** A window of a feature map, in its own pixels. */
export interface MapRegion {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/** `region`, or the whole `side`×`side` map when absent; throws when it does not fit inside the map. */
export function mapWindow(region: MapRegion | undefined, side: number, layer: string): MapRegion {
  const window = region ?? { top: 0, left: 0, height: side, width: side };
  const { top, left, height, width } = window;
  if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > side || left + width > side) {
    throw new Error(`region ${JSON.stringify(window)} is not inside the ${side}×${side} map of ${layer}`);
  }
  return window;
}

/**
 * One network up to one target layer, forward only, for all of its filters at once: what tuning
 * curves and the quality measurements need.
 */
export interface LayerNetwork {
  readonly layer: string;
  readonly filterCount: number;
  /** For each image, the mean of every filter's activation over `region` (default: the whole map): count × filterCount, image-major. */
  meanActivations(images: ImageBatch, region?: MapRegion): Promise<Float32Array>;
  /**
   * From one forward pass, per-filter summaries of the pre-ReLU maps of each of `layers`: the
   * target or convolutions before it. The network's objective does not matter here.
   */
  summarizeMaps(images: ImageBatch, layers: readonly string[]): Promise<MapSummary[]>;
  dispose(): Promise<void>;
}

/** A runtime that can run networks: one implementation per library (tfjs, ONNX Runtime). */
export interface Runtime {
  /** The backend name recorded in the manifest and the cache key, e.g. "onnx" or "wasm". */
  readonly name: string;
  filterNetwork(network: NetworkStages, objective: FilterObjective): FilterNetwork;
  layerNetwork(network: NetworkStages, objective: FilterObjective): LayerNetwork;
  dispose(): Promise<void>;
}

/**
 * For each image of a call, whether it is read before the ReLU although the network's objective is
 * post-ReLU; undefined when no image is. A pre-ReLU network cannot answer post-ReLU.
 */
export function preReluReads(objective: FilterObjective, sites: readonly ActivationSite[] | undefined, count: number): boolean[] | undefined {
  if (sites === undefined) return undefined;
  if (sites.length !== count) throw new Error(`${sites.length} activation sites for ${count} images`);
  if (objective.activation === 'pre-relu') {
    if (sites.includes('post-relu')) throw new Error('a pre-ReLU network cannot give the post-ReLU objective');
    return undefined;
  }
  return sites.includes('pre-relu') ? sites.map((site) => site === 'pre-relu') : undefined;
}

export function checkBatch(images: ImageBatch, filters: readonly number[], filterCount: number): void {
  if (images.count !== filters.length) throw new Error(`${images.count} images but ${filters.length} filters`);
  if (images.pixels.length !== images.count * images.size * images.size * 3) throw new Error('image batch has the wrong number of values');
  for (const filter of filters) {
    if (!Number.isInteger(filter) || filter < 0 || filter >= filterCount) throw new Error(`filter ${filter} is out of range 0..${filterCount - 1}`);
  }
}

/**
 * The networks a runtime has made and not yet disposed: disposing the runtime disposes them, and
 * a network disposed on its own leaves the set.
 */
export class LiveNetworks {
  private readonly live = new Set<{ dispose(): Promise<void> }>();

  track(network: FilterNetwork): FilterNetwork {
    this.live.add(network);
    return {
      layer: network.layer,
      filterCount: network.filterCount,
      lossAndGradient: (images, filters, sites) => network.lossAndGradient(images, filters, sites),
      loss: (images, filters) => network.loss(images, filters),
      dispose: () => this.release(network),
    };
  }

  trackLayer(network: LayerNetwork): LayerNetwork {
    this.live.add(network);
    return {
      layer: network.layer,
      filterCount: network.filterCount,
      meanActivations: (images, region) => network.meanActivations(images, region),
      summarizeMaps: (images, layers) => network.summarizeMaps(images, layers),
      dispose: () => this.release(network),
    };
  }

  private async release(network: { dispose(): Promise<void> }): Promise<void> {
    if (this.live.delete(network)) await network.dispose();
  }

  async disposeAll(): Promise<void> {
    const all = [...this.live];
    this.live.clear();
    for (const network of all) await network.dispose();
  }
}
