/**
 * Jitter (Lucid's `jitter(d)`): a random crop `d` pixels smaller in each axis, at an offset drawn
 * uniformly from 0…d−1 per axis (Lucent's `np.random.choice(d)`; TF's random_crop in Lucid also
 * allows d). Shifting by a few pixels each step keeps the pattern from depending on exact pixel
 * positions. Forward copies the window; its adjoint puts the gradient back at the window and
 * zeros elsewhere.
 */
import type { Uniform } from '../noise.ts';
import { checkShape, randomIndex, type ImageShape, type Transform, type TransformDraw } from './types.ts';

/** The window of `height`×`width` whose top-left corner is (top, left). */
export function cropDraw(input: ImageShape, top: number, left: number, height: number, width: number): TransformDraw {
  if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > input.height || left + width > input.width) {
    throw new RangeError(`crop ${height}×${width} at (${top}, ${left}) does not fit in ${input.height}×${input.width}`);
  }
  const output: ImageShape = { height, width, channels: input.channels };
  const rowIn = input.width * input.channels;
  const rowOut = width * input.channels;
  const offset = top * rowIn + left * input.channels;
  return {
    input,
    output,
    description: { kind: 'crop', top, left, height, width },
    forward(image, out) {
      checkShape(image, input, 'crop input');
      checkShape(out, output, 'crop output');
      for (let y = 0; y < height; y++) out.set(image.subarray(offset + y * rowIn, offset + y * rowIn + rowOut), y * rowOut);
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, output, 'crop output gradient');
      checkShape(inputGradient, input, 'crop input gradient');
      inputGradient.fill(0);
      for (let y = 0; y < height; y++) inputGradient.set(outputGradient.subarray(y * rowOut, (y + 1) * rowOut), offset + y * rowIn);
    },
  };
}

/**
 * A random crop `pixels` smaller per axis; draws the row offset, then the column offset. `jitter(0)`
 * is the identity and draws nothing.
 */
export function jitter(pixels: number): Transform {
  if (!Number.isInteger(pixels) || pixels < 0) throw new RangeError(`jitter must be a non-negative integer, got ${pixels}`);
  const outputShape = (input: ImageShape): ImageShape => ({ height: input.height - pixels, width: input.width - pixels, channels: input.channels });
  return {
    description: { kind: 'jitter', pixels },
    outputShape,
    draw(input: ImageShape, random: Uniform) {
      const { height, width } = outputShape(input);
      if (pixels === 0) return cropDraw(input, 0, 0, height, width);
      const top = randomIndex(random, pixels);
      const left = randomIndex(random, pixels);
      return cropDraw(input, top, left, height, width);
    },
  };
}
