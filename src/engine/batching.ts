import { layersUpTo, type LayerSpec } from './vgg16.ts';

/**
 * Activation memory one image needs in a forward/backward pass to `target`, in bytes: every
 * stage output is kept for the backward pass, and the backward pass holds about two more of the
 * largest at once.
 */
export function bytesPerImage(target: string, size: number, topology?: readonly LayerSpec[]): number {
  let side = size;
  let kept = size * size * 3;
  let largest = kept;
  for (const spec of layersUpTo(target, topology)) {
    if (spec.kind === 'pool') side = Math.floor(side / 2);
    const channels = spec.kind === 'conv' ? spec.outChannels : 0;
    const elements = side * side * channels;
    kept += elements;
    largest = Math.max(largest, elements);
  }
  return (kept + 3 * largest) * 4;
}

/**
 * Each wasm instance has a 32-bit heap; tfjs-wasm grows it to 2 GiB at most. Leave room for
 * the weights, the allocator's fragmentation and XNNPACK's packed buffers.
 */
export const ACTIVATION_BUDGET_BYTES = 512 * 1024 * 1024;
export const MAX_BATCH = 32;

/** How many filters of `target` at `size` px go through the network together. */
export function batchSizeFor(target: string, size: number, topology?: readonly LayerSpec[]): number {
  const fit = Math.floor(ACTIVATION_BUDGET_BYTES / bytesPerImage(target, size, topology));
  return Math.max(1, Math.min(MAX_BATCH, fit));
}

/**
 * Splits the wanted filters of a layer into batches along fixed groups of indices:
 * [0, g), [g, 2g), ... A filter's batch depends only on the layer, the size and which of its
 * group's filters are wanted, never on workers or shards.
 */
export function groupIntoBatches(filters: readonly number[], groupSize: number): number[][] {
  const groups = new Map<number, number[]>();
  for (const filter of [...filters].sort((a, b) => a - b)) {
    const group = Math.floor(filter / groupSize);
    const members = groups.get(group) ?? [];
    members.push(filter);
    groups.set(group, members);
  }
  return [...groups.values()];
}

/** Analytic FLOPs of one ascent step for one filter: forward to the target plus the input gradient. */
export function flopsPerStep(target: string, size: number, topology?: readonly LayerSpec[]): number {
  let side = size;
  let flops = 0;
  layersUpTo(target, topology).forEach((spec) => {
    if (spec.kind === 'pool') {
      side = Math.floor(side / 2);
      return;
    }
    const macs = side * side * 9 * spec.inChannels * spec.outChannels;
    // Forward plus input-gradient backward, both counted at full width as a plain port computes
    // them (the engine itself skips most of the target layer; that saving counts as speed).
    flops += 4 * macs;
  });
  return flops;
}
