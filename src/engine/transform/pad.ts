/**
 * Padding around the image, so that jitter and rotation move the pattern inside the canvas
 * instead of cutting it off. Two modes:
 * - a constant (Lucid's `pad(w, mode='constant', constant_value=0.5)`): a border of that value;
 *   its adjoint crops the border away (the constant has no gradient);
 * - 'wrap': the image continued periodically. A Fourier-parameterized image is periodic, so the
 *   canvas is seamless: the image's edge never sits next to a constant, which is an edge of its
 *   own that edge-detecting filters learn to draw (a frame). The adjoint adds each padded pixel's
 *   gradient back to the pixel it copies.
 */
import type { Uniform } from '../noise.ts';
import { checkShape, wrapIndex, type ImageShape, type Transform, type TransformDraw } from './types.ts';

export type PadFill = number | 'wrap';

export function padDraw(input: ImageShape, amount: number, fill: PadFill): TransformDraw {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`pad amount must be a non-negative integer, got ${amount}`);
  const output: ImageShape = { height: input.height + 2 * amount, width: input.width + 2 * amount, channels: input.channels };
  const C = input.channels;
  const rowIn = input.width * C;
  const rowOut = output.width * C;
  const offset = amount * rowOut + amount * C;
  const description = { kind: 'pad', amount, fill };
  if (fill !== 'wrap') {
    return {
      input,
      output,
      description,
      forward(image, out) {
        checkShape(image, input, 'pad input');
        checkShape(out, output, 'pad output');
        out.fill(fill);
        for (let y = 0; y < input.height; y++) out.set(image.subarray(y * rowIn, (y + 1) * rowIn), offset + y * rowOut);
      },
      backward(outputGradient, inputGradient) {
        checkShape(outputGradient, output, 'pad output gradient');
        checkShape(inputGradient, input, 'pad input gradient');
        for (let y = 0; y < input.height; y++) inputGradient.set(outputGradient.subarray(offset + y * rowOut, offset + y * rowOut + rowIn), y * rowIn);
      },
    };
  }
  const source = (y: number, x: number): number => (wrapIndex(y - amount, input.height) * input.width + wrapIndex(x - amount, input.width)) * C;
  return {
    input,
    output,
    description,
    forward(image, out) {
      checkShape(image, input, 'pad input');
      checkShape(out, output, 'pad output');
      for (let y = 0; y < output.height; y++) {
        for (let x = 0; x < output.width; x++) {
          const from = source(y, x);
          for (let c = 0; c < C; c++) out[(y * output.width + x) * C + c] = image[from + c]!;
        }
      }
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, output, 'pad output gradient');
      checkShape(inputGradient, input, 'pad input gradient');
      inputGradient.fill(0);
      for (let y = 0; y < output.height; y++) {
        for (let x = 0; x < output.width; x++) {
          const to = source(y, x);
          for (let c = 0; c < C; c++) inputGradient[to + c] = inputGradient[to + c]! + outputGradient[(y * output.width + x) * C + c]!;
        }
      }
    },
  };
}

/** Pads every side by `amount` pixels of `fill` (no randomness). */
export function pad(amount: number, fill: PadFill): Transform {
  return {
    description: { kind: 'pad', amount, fill },
    outputShape: (input) => ({ height: input.height + 2 * amount, width: input.width + 2 * amount, channels: input.channels }),
    draw: (input: ImageShape, _random: Uniform) => padDraw(input, amount, fill),
  };
}
