/**
 * A plain forward pass through the linearised path (convolutions without bias or ReLU, 2×2 average
 * pools), written independently of the engine's kernel composition, to check it against.
 */
import type { PathStep } from '../../../src/engine/connections/path.ts';

/** A channels-last feature map, side × side × channels. */
export interface FeatureMap {
  readonly side: number;
  readonly channels: number;
  readonly values: Float64Array;
}

export function impulse(side: number, channels: number, row: number, column: number, channel: number): FeatureMap {
  const values = new Float64Array(side * side * channels);
  values[(row * side + column) * channels + channel] = 1;
  return { side, channels, values };
}

export function forward(map: FeatureMap, steps: readonly PathStep[]): FeatureMap {
  return steps.reduce((current, step) => (step.kind === 'pool' ? averagePool(current) : convolve(current, step.weights.kernel, step.weights.kernelShape[3])), map);
}

/** 3×3 'same' cross-correlation, as Keras computes it, in float64. */
function convolve(map: FeatureMap, kernel: Float32Array, outChannels: number): FeatureMap {
  const { side, channels } = map;
  const values = new Float64Array(side * side * outChannels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let ky = 0; ky < 3; ky++) {
        for (let kx = 0; kx < 3; kx++) {
          const sy = y + ky - 1;
          const sx = x + kx - 1;
          if (sy < 0 || sx < 0 || sy >= side || sx >= side) continue;
          for (let c = 0; c < channels; c++) {
            const input = map.values[(sy * side + sx) * channels + c]!;
            if (input === 0) continue;
            for (let o = 0; o < outChannels; o++) values[(y * side + x) * outChannels + o]! += input * kernel[((ky * 3 + kx) * channels + c) * outChannels + o]!;
          }
        }
      }
    }
  }
  return { side, channels: outChannels, values };
}

function averagePool(map: FeatureMap): FeatureMap {
  const side = Math.floor(map.side / 2);
  const { channels } = map;
  const values = new Float64Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        for (let c = 0; c < channels; c++) values[(y * side + x) * channels + c]! += map.values[((2 * y + a) * map.side + 2 * x + b) * channels + c]! / 4;
      }
    }
  }
  return { side, channels, values };
}
