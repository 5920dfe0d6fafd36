import type { FilterStatus, MethodParams } from '../atlas/manifest.ts';
import { ascend } from './ascent.ts';
import { deprocess } from './deprocess.ts';
import { buildNetwork, type Network } from './network.ts';
import { startingNoise } from './noise.ts';
import { vgg16Layers } from './vgg16.ts';
import type { BlockWidths } from './weights/validate.ts';
import type { WeightSet } from './weights/types.ts';

export interface BatchJob {
  readonly layer: string;
  readonly filters: readonly number[];
  readonly method: MethodParams;
}

export interface RenderedFilter {
  readonly layer: string;
  readonly filter: number;
  /** Deprocessed HWC RGB uint8, size×size×3, channels in the model's own order. */
  readonly pixels: Uint8Array;
  readonly size: number;
  readonly loss: number[];
  readonly status: FilterStatus;
  readonly failedAtStep?: number;
}

/** Renders batches on the current backend, building each target layer's network once. */
export class BatchRenderer {
  private readonly networks = new Map<string, Network>();
  private readonly weights: WeightSet;
  private readonly widths: BlockWidths;

  constructor(weights: WeightSet, widths: BlockWidths) {
    this.weights = weights;
    this.widths = widths;
  }

  render(job: BatchJob): RenderedFilter[] {
    const { layer, filters, method } = job;
    const network = this.network(layer);
    const starts = filters.map((filter) => startingNoise(method.seed, layer, filter, method.size));
    const ascents = ascend(network, filters, starts, method.size, { steps: method.steps, step: method.step });
    return ascents.map(({ filter, image, loss, status, failedAtStep }) => ({
      layer,
      filter,
      pixels: deprocess(image),
      size: method.size,
      loss,
      status,
      ...(failedAtStep === undefined ? {} : { failedAtStep }),
    }));
  }

  dispose(): void {
    for (const network of this.networks.values()) network.dispose();
    this.networks.clear();
  }

  private network(layer: string): Network {
    let network = this.networks.get(layer);
    if (!network) {
      network = buildNetwork(this.weights, layer, vgg16Layers(this.widths));
      this.networks.set(layer, network);
    }
    return network;
  }
}
