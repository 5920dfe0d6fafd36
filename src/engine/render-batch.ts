import { deprocess } from './deprocess.ts';
import { classicAscent } from './method/classic.ts';
import { methodObjective } from './method/describe.ts';
import { EnhancedSetup, enhancedAscent, toUint8 } from './method/enhanced.ts';
import type { FilterAscent } from './method/ascent.ts';
import { isFlatOptimum } from './method/convergence.ts';
import type { Checkpoint, FilterStatus, MethodName, MethodParams } from './method/params.ts';
import { startingNoise } from './noise.ts';
import type { FilterNetwork, FilterObjective, Runtime } from './runtime/types.ts';
import type { TransformSet } from './transform/standard.ts';
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
  readonly method: MethodName;
  readonly layer: string;
  readonly filter: number;
  /** HWC RGB uint8, size×size×3: classic in the model's own channel order (as the notebook shows it), enhanced in RGB. */
  readonly pixels: Uint8Array;
  readonly size: number;
  readonly loss: number[];
  readonly status: FilterStatus;
  readonly failedAtStep?: number;
  /** Enhanced only: the pattern is flat, and its objective had stopped rising (see method/convergence.ts). */
  readonly flatOptimum?: true;
  /** Enhanced only: the objective of the image itself at the start of the last tenth of the steps. */
  readonly checkpoint?: Checkpoint;
}

/** Renders batches on one runtime, building each target layer's network once per objective. */
export class BatchRenderer {
  private readonly networks = new Map<string, FilterNetwork>();
  private readonly setups = new Map<string, EnhancedSetup>();
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
    let ascents: FilterAscent[];
    let toPixels: (image: Float32Array) => Uint8Array;
    if (method.name === 'classic') {
      const starts = filters.map((filter) => startingNoise(method.seed, layer, filter, method.size));
      ascents = await classicAscent(await this.network(layer, methodObjective(method)), filters, starts, method, signal);
      toPixels = deprocess;
    } else {
      ascents = await enhancedAscent(await this.network(layer, methodObjective(method)), this.setup(method.size, method.transforms), filters, method, signal);
      toPixels = toUint8;
    }
    return ascents.map(({ filter, image, loss, status, failedAtStep, checkpoint }) => {
      const pixels = toPixels(image);
      const flatOptimum = method.name === 'enhanced' && status === 'ok' && isFlatOptimum(pixels, loss, checkpoint);
      return {
        method: method.name,
        layer,
        filter,
        pixels,
        size: method.size,
        loss,
        status,
        ...(failedAtStep === undefined ? {} : { failedAtStep }),
        ...(flatOptimum ? { flatOptimum: true } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      };
    });
  }

  async dispose(): Promise<void> {
    this.networks.clear();
    await this.runtime.dispose();
  }

  private setup(size: number, transforms: TransformSet): EnhancedSetup {
    const key = `${transforms}/${size}`;
    let setup = this.setups.get(key);
    if (!setup) {
      setup = new EnhancedSetup(size, transforms);
      this.setups.set(key, setup);
    }
    return setup;
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
