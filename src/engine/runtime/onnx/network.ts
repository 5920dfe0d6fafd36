import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { batchSizeFor } from '../../batching.ts';
import { stagesTopology, type NetworkStages } from '../../stages.ts';
import { checkBatch, preReluReads, type ActivationSite, type FilterNetwork, type FilterObjective, type ImageBatch, type LossAndGradient } from '../types.ts';
import { GRAPH_IO, objectiveGraph, oihw } from './objective-graph.ts';
import { SessionCache } from './session-cache.ts';

/** What the network needs of onnxruntime-node: tensors and sessions from model bytes. */
export interface OnnxBinding {
  readonly Tensor: typeof Tensor;
  createSession(model: Uint8Array, what: string): Promise<InferenceSession>;
}

/**
 * How a post-ReLU graph answers for the pre-ReLU mean: the image's target bias is raised by this much, so
 * the pre-activation is positive wherever it is above −2^16 (VGG16's are within a few thousand):
 * the ReLU passes it whole, its slope is 1 everywhere, which is the pre-ReLU gradient exactly, and
 * the loss less this shift is the pre-ReLU mean (to float32's 2^-7 at 2^16, about 0.008).
 */
export const PRE_RELU_BIAS_SHIFT = 2 ** 16;

interface TargetKernels {
  readonly kernel: Float32Array;
  readonly flipped: Float32Array;
  readonly bias: Float32Array;
}

/**
 * The objective of one target layer on ONNX Runtime. Sessions are built on first use, one per
 * image size and kind (with or without the gradient), and reused for every batch.
 *
 * Each session takes the layer's standard batch G (batchSizeFor), and filter f always runs in
 * slot f mod G, the other slots holding copies. A filter's arithmetic then never depends on which
 * filters share its batch: ONNX Runtime's kernels may round differently for another batch size,
 * or for an image at another memory alignment (its offset in the batch).
 */
export class OnnxFilterNetwork implements FilterNetwork {
  readonly layer: string;
  readonly filterCount: number;
  private readonly stages: NetworkStages;
  private readonly objective: FilterObjective;
  private readonly binding: OnnxBinding;
  private readonly sessions: SessionCache;
  /** The target's kernels per filter, OIHW, and spatially flipped, so a batch's are slices of these. */
  private readonly kernels: { readonly oihw: Float32Array; readonly flipped: Float32Array; readonly perFilter: number };
  private lastTargets: { readonly key: string; readonly targets: TargetKernels } | undefined;

  constructor(stages: NetworkStages, objective: FilterObjective, binding: OnnxBinding) {
    this.stages = stages;
    this.objective = objective;
    this.binding = binding;
    this.sessions = new SessionCache(binding);
    this.layer = stages.target.name;
    this.filterCount = stages.target.outChannels;
    const all = oihw(stages.target);
    const flipped = new Float32Array(all.length);
    for (let k = 0; k < all.length; k += 9) for (let j = 0; j < 9; j++) flipped[k + j] = all[k + 8 - j]!;
    this.kernels = { oihw: all, flipped, perFilter: stages.target.inChannels * 9 };
  }

  async lossAndGradient(images: ImageBatch, filters: readonly number[], sites?: readonly ActivationSite[]): Promise<LossAndGradient> {
    const { loss, gradient } = await this.run(images, filters, true, sites);
    if (!gradient) throw new Error('the gradient session returned no gradient');
    return { loss, gradient };
  }

  async loss(images: ImageBatch, filters: readonly number[]): Promise<Float32Array> {
    return (await this.run(images, filters, false)).loss;
  }

  async dispose(): Promise<void> {
    await this.sessions.releaseAll();
  }

  private async run(images: ImageBatch, filters: readonly number[], withGradient: boolean, sites?: readonly ActivationSite[]): Promise<{ loss: Float32Array; gradient?: Float32Array }> {
    checkBatch(images, filters, this.filterCount);
    const preRelu = preReluReads(this.objective, sites, filters.length);
    const shift = (b: number): number => (preRelu?.[b] ? PRE_RELU_BIAS_SHIFT : 0);
    const { count, size } = images;
    const capacity = batchSizeFor(this.layer, size, stagesTopology(this.stages));
    const perImage = size * size * 3;
    const loss = new Float32Array(count);
    const gradient = withGradient ? new Float32Array(count * perImage) : undefined;
    for (const run of slotRuns(filters, capacity)) {
      const pixels = new Float32Array(capacity * perImage);
      const slotFilters = new Array<number>(capacity);
      const slotShifts = new Array<number>(capacity).fill(0);
      run.forEach((b, slot) => {
        if (b === undefined) return;
        pixels.set(images.pixels.subarray(b * perImage, (b + 1) * perImage), slot * perImage);
        slotFilters[slot] = filters[b]!;
        slotShifts[slot] = shift(b);
      });
      // Empty slots repeat an image of the run; their results are dropped.
      const filler = run.find((b) => b !== undefined)!;
      for (let slot = 0; slot < capacity; slot++) {
        if (run[slot] !== undefined) continue;
        pixels.set(images.pixels.subarray(filler * perImage, (filler + 1) * perImage), slot * perImage);
        slotFilters[slot] = filters[filler]!;
      }
      const outputs = await this.runFull(pixels, slotFilters, size, withGradient, slotShifts);
      const runLoss = floats(outputs[GRAPH_IO.loss]);
      const runGradient = withGradient ? floats(outputs[GRAPH_IO.gradient]) : undefined;
      run.forEach((b, slot) => {
        if (b === undefined) return;
        loss[b] = runLoss[slot]! - slotShifts[slot]!;
        gradient?.set(runGradient!.subarray(slot * perImage, (slot + 1) * perImage), b * perImage);
      });
    }
    return gradient ? { loss, gradient } : { loss };
  }

  /** One session run on a full batch. */
  private async runFull(pixels: Float32Array, filters: readonly number[], size: number, withGradient: boolean, biasShifts: readonly number[]): Promise<InferenceSession.ReturnType> {
    const batch = filters.length;
    const session = await this.session(batch, size, withGradient);
    const targets = this.targets(filters, biasShifts);
    const { Tensor: OrtTensor } = this.binding;
    const cin = this.stages.target.inChannels;
    const feeds: Record<string, Tensor> = {
      [GRAPH_IO.images]: new OrtTensor('float32', pixels, [batch, size, size, 3]),
      [GRAPH_IO.targetKernel]: new OrtTensor('float32', targets.kernel, [batch, cin, 3, 3]),
      [GRAPH_IO.targetBias]: new OrtTensor('float32', targets.bias, [batch]),
    };
    if (withGradient) feeds[GRAPH_IO.targetKernelFlipped] = new OrtTensor('float32', targets.flipped, [batch * cin, 1, 3, 3]);
    return session.run(feeds);
  }

  private session(batch: number, size: number, withGradient: boolean): Promise<InferenceSession> {
    return this.sessions.get(`${withGradient ? 'gradient' : 'loss'}/${batch}/${size}`, () => ({
      model: objectiveGraph(this.stages, { batch, size, objective: this.objective, withGradient }),
      what: `${this.layer} (${withGradient ? 'loss and gradient' : 'loss'}, batch ${batch}, ${size} px)`,
    }));
  }

  /** The batch's target kernels, flipped kernels and biases; the same filters come back every step. */
  private targets(filters: readonly number[], biasShifts: readonly number[]): TargetKernels {
    const key = `${filters.join(',')}+${biasShifts.join(',')}`;
    if (this.lastTargets?.key === key) return this.lastTargets.targets;
    const { perFilter, oihw: all, flipped } = this.kernels;
    const targets: TargetKernels = {
      kernel: new Float32Array(filters.length * perFilter),
      flipped: new Float32Array(filters.length * perFilter),
      bias: new Float32Array(filters.map((filter, slot) => this.stages.target.weights.bias[filter]! + biasShifts[slot]!)),
    };
    filters.forEach((filter, b) => {
      targets.kernel.set(all.subarray(filter * perFilter, (filter + 1) * perFilter), b * perFilter);
      targets.flipped.set(flipped.subarray(filter * perFilter, (filter + 1) * perFilter), b * perFilter);
    });
    this.lastTargets = { key, targets };
    return targets;
  }
}

/**
 * Session runs for a batch: each run maps slots to batch positions (a sparse array), with filter f
 * in slot f mod `capacity`; a filter whose slot is taken goes to a later run.
 */
export function slotRuns(filters: readonly number[], capacity: number): (number | undefined)[][] {
  const runs: (number | undefined)[][] = [];
  filters.forEach((filter, b) => {
    const slot = filter % capacity;
    let run = runs.find((candidate) => candidate[slot] === undefined);
    if (!run) {
      run = new Array<number | undefined>(capacity).fill(undefined);
      runs.push(run);
    }
    run[slot] = b;
  });
  return runs;
}

function floats(tensor: Tensor | undefined): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error('ONNX Runtime returned no float32 output');
  return tensor.data;
}
