/**
 * Random scale and rotation (Lucid's `random_scale` and `random_rotate`), composed into one
 * bilinear resampling that keeps the canvas size. Lucid resizes the image (its size then varies
 * with the scale) and rotates it; we cannot, because a network session is compiled for one input
 * size, so the scaled, rotated content is resampled onto the same canvas: a scale above 1 zooms in
 * (the border is cut), below 1 zooms out.
 *
 * Geometry, with pixel centres at integer coordinates and c the canvas centre ((H−1)/2, (W−1)/2):
 * output pixel p shows the input at  c + R(−θ)·(p − c)/s,  i.e. the content is scaled by s about the
 * centre and rotated by θ counter-clockwise as seen on screen (y down). Each output value is the
 * bilinear blend of the 4 surrounding input pixels; a tap outside the canvas reads `fill` (0.5, the
 * padding's gray, so the canvas continues as padding), or with fill 'wrap' the pixel one period
 * away (for a periodic image, which then has no outside). The map is therefore affine: its adjoint
 * scatters each output gradient to the taps it read with the same weights, and the out-of-canvas
 * part, a constant, gets none. s = 1, θ = 0 samples exactly at pixel centres: the identity.
 */
import type { Uniform } from '../noise.ts';
import { checkShape, randomIndex, wrapIndex, type ImageShape, type Transform, type TransformDraw } from './types.ts';

/**
 * Calls visit(p, y0, x0, fy, fx) for every output pixel p (row-major): the input pixel (y0, x0) at
 * or above-left of the sampling point and the fractional offsets towards (y0 + 1, x0 + 1).
 */
function forEachSample(height: number, width: number, scale: number, radians: number, visit: (p: number, y0: number, x0: number, fy: number, fx: number) => void): void {
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  const cos = Math.cos(radians) / scale;
  const sin = Math.sin(radians) / scale;
  for (let i = 0; i < height; i++) {
    const v = i - cy;
    for (let j = 0; j < width; j++) {
      const u = j - cx;
      const sx = cx + (cos * u - sin * v);
      const sy = cy + (sin * u + cos * v);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      visit(i * width + j, y0, x0, sy - y0, sx - x0);
    }
  }
}

export type ResampleFill = number | 'wrap';

/** Scale by `scale` and rotate by `degrees` (counter-clockwise on screen) about the centre. */
export function scaleRotateDraw(input: ImageShape, scale: number, degrees: number, fill: ResampleFill): TransformDraw {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const { height, width, channels: C } = input;
  const radians = (degrees * Math.PI) / 180;
  if (fill === 'wrap') return wrappedScaleRotate(input, scale, degrees, radians);
  return {
    input,
    output: input,
    description: { kind: 'scale-rotate', scale, degrees, fill },
    forward(image, out) {
      checkShape(image, input, 'scale-rotate input');
      checkShape(out, input, 'scale-rotate output');
      forEachSample(height, width, scale, radians, (p, y0, x0, fy, fx) => {
        const w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
        const i00 = (y0 * width + x0) * C;
        const i10 = i00 + width * C;
        if (y0 >= 0 && x0 >= 0 && y0 + 1 < height && x0 + 1 < width) {
          for (let c = 0; c < C; c++) out[p * C + c] = w00 * image[i00 + c]! + w01 * image[i00 + C + c]! + w10 * image[i10 + c]! + w11 * image[i10 + C + c]!;
          return;
        }
        // Near or past the edge: a tap outside the canvas reads `fill`.
        const in0 = y0 >= 0 && y0 < height, in1 = y0 + 1 >= 0 && y0 + 1 < height;
        const inL = x0 >= 0 && x0 < width, inR = x0 + 1 >= 0 && x0 + 1 < width;
        for (let c = 0; c < C; c++) {
          out[p * C + c] =
            w00 * (in0 && inL ? image[i00 + c]! : fill) +
            w01 * (in0 && inR ? image[i00 + C + c]! : fill) +
            w10 * (in1 && inL ? image[i10 + c]! : fill) +
            w11 * (in1 && inR ? image[i10 + C + c]! : fill);
        }
      });
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, input, 'scale-rotate output gradient');
      checkShape(inputGradient, input, 'scale-rotate input gradient');
      inputGradient.fill(0);
      const g = inputGradient;
      forEachSample(height, width, scale, radians, (p, y0, x0, fy, fx) => {
        const w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
        const i00 = (y0 * width + x0) * C;
        const i10 = i00 + width * C;
        const in0 = y0 >= 0 && y0 < height, in1 = y0 + 1 >= 0 && y0 + 1 < height;
        const inL = x0 >= 0 && x0 < width, inR = x0 + 1 >= 0 && x0 + 1 < width;
        // The same weights as forward, scattered to the in-canvas taps only (zero weights add nothing).
        for (let c = 0; c < C; c++) {
          const d = outputGradient[p * C + c]!;
          if (in0 && inL) g[i00 + c] = g[i00 + c]! + w00 * d;
          if (in0 && inR) g[i00 + C + c] = g[i00 + C + c]! + w01 * d;
          if (in1 && inL) g[i10 + c] = g[i10 + c]! + w10 * d;
          if (in1 && inR) g[i10 + C + c] = g[i10 + C + c]! + w11 * d;
        }
      });
    },
  };
}

/** The resampling of a periodic image: every tap reads the pixel at its coordinates modulo the period. */
function wrappedScaleRotate(input: ImageShape, scale: number, degrees: number, radians: number): TransformDraw {
  const { height, width, channels: C } = input;
  const taps = (y0: number, x0: number): [number, number, number, number] => {
    const ya = wrapIndex(y0, height);
    const yb = (ya + 1) % height;
    const xa = wrapIndex(x0, width);
    const xb = (xa + 1) % width;
    return [(ya * width + xa) * C, (ya * width + xb) * C, (yb * width + xa) * C, (yb * width + xb) * C];
  };
  return {
    input,
    output: input,
    description: { kind: 'scale-rotate', scale, degrees, fill: 'wrap' },
    forward(image, out) {
      checkShape(image, input, 'scale-rotate input');
      checkShape(out, input, 'scale-rotate output');
      forEachSample(height, width, scale, radians, (p, y0, x0, fy, fx) => {
        const [i00, i01, i10, i11] = taps(y0, x0);
        const w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
        for (let c = 0; c < C; c++) out[p * C + c] = w00 * image[i00 + c]! + w01 * image[i01 + c]! + w10 * image[i10 + c]! + w11 * image[i11 + c]!;
      });
    },
    backward(outputGradient, inputGradient) {
      checkShape(outputGradient, input, 'scale-rotate output gradient');
      checkShape(inputGradient, input, 'scale-rotate input gradient');
      inputGradient.fill(0);
      const g = inputGradient;
      forEachSample(height, width, scale, radians, (p, y0, x0, fy, fx) => {
        const [i00, i01, i10, i11] = taps(y0, x0);
        const w00 = (1 - fy) * (1 - fx), w01 = (1 - fy) * fx, w10 = fy * (1 - fx), w11 = fy * fx;
        for (let c = 0; c < C; c++) {
          const d = outputGradient[p * C + c]!;
          g[i00 + c] = g[i00 + c]! + w00 * d;
          g[i01 + c] = g[i01 + c]! + w01 * d;
          g[i10 + c] = g[i10 + c]! + w10 * d;
          g[i11 + c] = g[i11 + c]! + w11 * d;
        }
      });
    },
  };
}

/**
 * One scale from `scales` and one angle from `degrees`, each uniformly (draws the scale first).
 * A value listed several times is that much more likely: Lucid's angle list repeats 0.
 */
export function randomScaleRotate(scales: readonly number[], degrees: readonly number[], fill: ResampleFill): Transform {
  if (scales.length === 0 || degrees.length === 0) throw new RangeError('randomScaleRotate needs at least one scale and one angle');
  return {
    description: { kind: 'scale-rotate', scales: [...scales], degrees: [...degrees], fill },
    outputShape: (input) => input,
    draw(input: ImageShape, random: Uniform) {
      const scale = scales[randomIndex(random, scales.length)]!;
      const angle = degrees[randomIndex(random, degrees.length)]!;
      return scaleRotateDraw(input, scale, angle, fill);
    },
  };
}
