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
/**
 * Measured on wasm at 64 px: an image costs the same from batch 2-4 up to 16, while 32 is 10-20 %
 * slower per image on block2/block3 (bigger working set) and no faster on block4.
 */
export const MAX_BATCH = 16;
export const MIN_BATCH = 8;
/**
 * The target convolution computes all B batch filters for every image (B² pairs, of which the
 * batch keeps B), forward and backward: cap that at this fraction of an image's other work.
 * block1_conv1 has no other work, so it gets MIN_BATCH: 4.7 ms per image at 8 against 21 ms at 32
 * (4.0 ms at 4, too little to matter: block1_conv1 is under 0.1 % of the atlas).
 */
export const PAIRS_OVERHEAD = 0.05;

/** Multiply-adds per image up to the target (excluded), and of one target channel. */
function targetCosts(target: string, size: number, topology?: readonly LayerSpec[]): { before: number; perTargetChannel: number } {
  let side = size;
  let before = 0;
  let perTargetChannel = 0;
  for (const spec of layersUpTo(target, topology)) {
    if (spec.kind === 'pool') {
      side = Math.floor(side / 2);
      continue;
    }
    perTargetChannel = side * side * 9 * spec.inChannels;
    if (spec.name !== target) before += perTargetChannel * spec.outChannels;
  }
  return { before, perTargetChannel };
}

/** How many filters of `target` at `size` px go through the network together. */
export function batchSizeFor(target: string, size: number, topology?: readonly LayerSpec[]): number {
  const fit = Math.floor(ACTIVATION_BUDGET_BYTES / bytesPerImage(target, size, topology));
  const { before, perTargetChannel } = targetCosts(target, size, topology);
  const pairs = Math.floor((PAIRS_OVERHEAD * before) / perTargetChannel);
  return Math.max(1, Math.min(fit, Math.max(MIN_BATCH, Math.min(MAX_BATCH, pairs))));
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
