import { deprocess } from './deprocess.ts';
import { classicAscent } from './method/classic.ts';
import type { FilterStatus, MethodParams } from './method/params.ts';
import { startingNoise } from './noise.ts';
import type { FilterNetwork, FilterObjective, Runtime } from './runtime/types.ts';
import { networkStages } from './stages.ts';
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

const CLASSIC_OBJECTIVE: FilterObjective = { activation: 'post-relu' };

/** Renders batches on one runtime, building each target layer's network once. */
export class BatchRenderer {
  private readonly networks = new Map<string, FilterNetwork>();
  private readonly runtime: Runtime;
  private readonly weights: WeightSet;
  private readonly widths: BlockWidths;

  constructor(runtime: Runtime, weights: WeightSet, widths: BlockWidths) {
    this.runtime = runtime;
    this.weights = weights;
    this.widths = widths;
  }

  /** `signal` stops the ascent between two steps (the render then rejects). */
  async render(job: BatchJob, signal?: AbortSignal): Promise<RenderedFilter[]> {
    const { layer, filters, method } = job;
    const network = await this.network(layer, CLASSIC_OBJECTIVE);
    const starts = filters.map((filter) => startingNoise(method.seed, layer, filter, method.size));
    const ascents = await classicAscent(network, filters, starts, method, signal);
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

  async dispose(): Promise<void> {
    this.networks.clear();
    await this.runtime.dispose();
  }

  /**
   * The layer's network for `objective`. Networks of other layers are released first: batches come
   * layer by layer (heaviest first), and a runtime's compiled sessions and their memory arenas
   * would otherwise add up over the run.
   */
  private async network(layer: string, objective: FilterObjective): Promise<FilterNetwork> {
    for (const [key, other] of this.networks) {
      if (other.layer === layer) continue;
      this.networks.delete(key);
      await other.dispose();
    }
    const key = `${layer}/${objective.activation}`;
    let network = this.networks.get(key);
    if (!network) {
      network = this.runtime.filterNetwork(networkStages(this.weights, layer, vgg16Layers(this.widths)), objective);
      this.networks.set(key, network);
    }
    return network;
  }
}
