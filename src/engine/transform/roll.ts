/**
 * A random circular shift of a periodic image: jitter without a crop. The spectral
 * parameterization's image is periodic, so rolling it shows the network the same pattern at
 * another phase, seamlessly: every pixel is seen exactly once each step, none sits next to a
 * constant border, and the network's own zero padding falls on a different part of the image
 * every step. The adjoint rolls the gradient back.
 */
import type { Uniform } from '../noise.ts';
import { checkShape, randomIndex, wrapIndex, type ImageShape, type Transform, type TransformDraw } from './types.ts';

/** out[y][x] = in[(y + dy) mod H][(x + dx) mod W]. */
export function rollDraw(shape: ImageShape, dy: number, dx: number): TransformDraw {
  const { height, width, channels: C } = shape;
  const shiftY = wrapIndex(dy, height);
  const shiftX = wrapIndex(dx, width);
  const rowLength = width * C;
  /** Copies row `from` of `source` into row `to` of `target`, rotated left by `shiftX` (or right when `back`). */
  const copyRow = (source: Float32Array, from: number, target: Float32Array, to: number, back: boolean): void => {
    const split = (back ? width - shiftX : shiftX) * C;
    const row = source.subarray(from * rowLength, (from + 1) * rowLength);
    target.set(row.subarray(split), to * rowLength);
    target.set(row.subarray(0, split), to * rowLength + rowLength - split);
  };
  return {
    input: shape,
    output: shape,
    description: { kind: 'roll', dy: shiftY, dx: shiftX },
    forward(image, out) {
      checkShape(image, shape, 'roll input');
      checkShape(out, shape, 'roll output');
      for (let y = 0; y < height; y++) copyRow(image, (y + shiftY) % height, out, y, false);
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, shape, 'roll output gradient');
      checkShape(inputGradient, shape, 'roll input gradient');
      for (let y = 0; y < height; y++) copyRow(outputGradient, y, inputGradient, (y + shiftY) % height, true);
    },
  };
}

/** A shift drawn uniformly over the whole period in each axis (rows first). */
export function roll(): Transform {
  return {
    description: { kind: 'roll', range: 'full period' },
    outputShape: (input) => input,
    draw(input: ImageShape, random: Uniform) {
      return rollDraw(input, randomIndex(random, input.height), randomIndex(random, input.width));
    },
  };
}
