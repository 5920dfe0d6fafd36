import { AtlasError } from '../../errors.ts';
import { type ConvSpec, isConvLayerName, layersUpTo, VGG16_LAYERS } from '../vgg16.ts';
import type { WeightSet } from './types.ts';

/** Output channels of the convolutions of block1..block5, in the order `vgg16Layers` takes them. */
export type BlockWidths = readonly [number, number, number, number, number];

export const VGG16_BLOCK_WIDTHS: BlockWidths = [64, 128, 256, 512, 512];

const FULL_WEIGHTS_HINT = 'pass the full VGG16 notop weights with --weights PATH or ATLAS_WEIGHTS=PATH, or restrict --layers to layers the file covers';
const TOPOLOGY_HINT = 'the file does not hold VGG16 weights: pass the keras-applications VGG16 notop weights with --weights PATH or ATLAS_WEIGHTS=PATH';

/**
 * Checks that `weights` hold every convolution from the input up to each target, with 3x3 kernels
 * whose channels chain, and returns the channel width of each block. Widths come from the file, so
 * a tiny test VGG with the real layer names passes as well as the real one.
 */
export function validateWeights(weights: WeightSet, targets: readonly string[]): BlockWidths {
  const needed = neededConvs(weights, targets);
  const widths = inferBlockWidths(weights);
  let expectedIn = 3;
  for (const conv of needed) {
    const layer = weights.layers.get(conv.name);
    if (!layer) continue; // neededConvs has already reported missing layers
    const width = widths[blockIndexOf(conv.name)] ?? 0;
    const expected = [3, 3, expectedIn, width];
    if (layer.kernelShape.some((size, axis) => size !== expected[axis])) {
      throw new AtlasError(
        `${conv.name} kernel has shape ${formatShape(layer.kernelShape)}, expected ${formatShape(expected)} (in weights file ${weights.source})`,
        { hint: TOPOLOGY_HINT },
      );
    }
    if (layer.kernel.length !== expected.reduce((product, size) => product * size, 1)) {
      throw new AtlasError(`${conv.name} kernel has ${layer.kernel.length} values, expected ${formatShape(expected)} (in weights file ${weights.source})`, {
        hint: TOPOLOGY_HINT,
      });
    }
    if (layer.bias.length !== width) {
      throw new AtlasError(`${conv.name} bias has ${layer.bias.length} values, expected ${width} (in weights file ${weights.source})`, {
        hint: TOPOLOGY_HINT,
      });
    }
    expectedIn = width;
  }
  return widths;
}

/** The convolutions the targets need, in topology order; throws naming every missing one and who needs it. */
function neededConvs(weights: WeightSet, targets: readonly string[]): ConvSpec[] {
  const neededBy = new Map<string, string[]>();
  for (const target of targets) {
    if (!isConvLayerName(target)) {
      const names = VGG16_LAYERS.filter((layer) => layer.kind === 'conv').map((layer) => layer.name);
      throw new AtlasError(`unknown VGG16 convolution layer ${target}`, { hint: `choose --layers from ${names.join(', ')}` });
    }
    for (const layer of layersUpTo(target)) {
      if (layer.kind === 'conv') neededBy.set(layer.name, [...(neededBy.get(layer.name) ?? []), target]);
    }
  }
  const needed = VGG16_LAYERS.filter((layer): layer is ConvSpec => layer.kind === 'conv' && neededBy.has(layer.name));
  const missing = needed.filter((conv) => !weights.layers.has(conv.name)).map((conv) => conv.name);
  if (missing.length > 0) {
    const affected = targets.filter((target, index) => targets.indexOf(target) === index && missing.some((name) => neededBy.get(name)?.includes(target)));
    throw new AtlasError(`weights file ${weights.source} has no ${missing.join(', ')} (needed by ${affected.join(', ')})`, { hint: FULL_WEIGHTS_HINT });
  }
  return needed;
}

/**
 * Per block, the out-channel count most of its convolutions share (ties go to the real VGG16
 * width, then the closest to it), so one odd layer is reported as the odd one out. Blocks the
 * file lacks keep the real width.
 */
function inferBlockWidths(weights: WeightSet): BlockWidths {
  const widths = [...VGG16_BLOCK_WIDTHS];
  for (let block = 0; block < widths.length; block++) {
    const real = VGG16_BLOCK_WIDTHS[block] ?? 0;
    const votes = new Map<number, number>();
    for (const layer of VGG16_LAYERS) {
      const conv = layer.kind === 'conv' && blockIndexOf(layer.name) === block ? weights.layers.get(layer.name) : undefined;
      const outChannels = conv?.kernelShape[3];
      if (outChannels !== undefined) votes.set(outChannels, (votes.get(outChannels) ?? 0) + 1);
    }
    const ranked = [...votes].sort(
      ([widthA, countA], [widthB, countB]) => countB - countA || Math.abs(widthA - real) - Math.abs(widthB - real) || widthB - widthA,
    );
    widths[block] = ranked[0]?.[0] ?? real;
  }
  const [w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0] = widths;
  return [w1, w2, w3, w4, w5];
}

function blockIndexOf(layerName: string): number {
  return Number(/^block(\d)_/.exec(layerName)?.[1] ?? 0) - 1;
}

function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}
