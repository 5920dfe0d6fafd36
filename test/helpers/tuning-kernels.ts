import type { ConvWeights } from '../../src/engine/weights/types.ts';

/** 3×3 kernels as rows top to bottom (Keras H index), columns left to right (W index). */
export type Kernel3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/** Responds to a left-to-right brightening: a vertical edge, so vertical stripes (90°). */
export const SOBEL_VERTICAL_EDGE: Kernel3 = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];
/** Responds to a top-to-bottom brightening: a horizontal edge, so horizontal stripes (0°). */
export const SOBEL_HORIZONTAL_EDGE: Kernel3 = [
  [-1, -2, -1],
  [0, 0, 0],
  [1, 2, 1],
];
/** Brightens towards the bottom right: stripes along ↗ (45°). */
export const DIAGONAL_DOWN_RIGHT: Kernel3 = [
  [-2, -1, 0],
  [-1, 0, 1],
  [0, 1, 2],
];
/** Brightens towards the top right: stripes along ↘ (135°). */
export const DIAGONAL_UP_RIGHT: Kernel3 = [
  [0, 1, 2],
  [-1, 0, 1],
  [-2, -1, 0],
];

/**
 * Sets filter `filter` of a 3×3 first-layer conv (HWIO) to `kernel` scaled per input channel by
 * `channelScale` (in the network's own channel order: caffe input is B, G, R), and its bias.
 */
export function plantFilter(conv: ConvWeights, filter: number, kernel: Kernel3, channelScale: readonly number[], bias: number): void {
  const [height, width, inChannels, outChannels] = conv.kernelShape;
  if (height !== 3 || width !== 3 || channelScale.length !== inChannels) throw new Error('plantFilter needs a 3×3 kernel and one scale per input channel');
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      for (let ch = 0; ch < inChannels; ch++) conv.kernel[((r * 3 + c) * inChannels + ch) * outChannels + filter] = kernel[r]![c]! * channelScale[ch]!;
    }
  }
  conv.bias[filter] = bias;
}
