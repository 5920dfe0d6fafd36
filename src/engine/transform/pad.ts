/**
 * Constant padding (Lucid's `pad(w, mode='constant', constant_value=0.5)`): a border of mid-gray
 * around the image, so that jitter and rotation move the pattern inside a neutral frame instead of
 * cutting it off, and the image's own edge is not the only thing next to the network's zero padding.
 * Forward adds the border; its adjoint crops the border away (the constant has no gradient).
 */
import type { Uniform } from '../noise.ts';
import { checkShape, type ImageShape, type Transform, type TransformDraw } from './types.ts';

export function padDraw(input: ImageShape, amount: number, value: number): TransformDraw {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`pad amount must be a non-negative integer, got ${amount}`);
  const output: ImageShape = { height: input.height + 2 * amount, width: input.width + 2 * amount, channels: input.channels };
  const rowIn = input.width * input.channels;
  const rowOut = output.width * output.channels;
  const offset = amount * rowOut + amount * input.channels;
  return {
    input,
    output,
    description: { kind: 'pad', amount, value },
    forward(image, out) {
      checkShape(image, input, 'pad input');
      checkShape(out, output, 'pad output');
      out.fill(value);
      for (let y = 0; y < input.height; y++) out.set(image.subarray(y * rowIn, (y + 1) * rowIn), offset + y * rowOut);
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, output, 'pad output gradient');
      checkShape(inputGradient, input, 'pad input gradient');
      for (let y = 0; y < input.height; y++) inputGradient.set(outputGradient.subarray(offset + y * rowOut, offset + y * rowOut + rowIn), y * rowIn);
    },
  };
}

/** Pads every side by `amount` pixels of `value` (no randomness). */
export function pad(amount: number, value: number): Transform {
  return {
    description: { kind: 'pad', amount, value },
    outputShape: (input) => ({ height: input.height + 2 * amount, width: input.width + 2 * amount, channels: input.channels }),
    draw: (input: ImageShape, _random: Uniform) => padDraw(input, amount, value),
  };
}
