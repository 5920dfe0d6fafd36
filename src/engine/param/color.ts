/**
 * Lucid's `to_valid_rgb`: a raw image in a decorrelated colour space becomes RGB in [0, 1].
 *
 * Colour decorrelation: the optimizer works in a space whose three axes are uncorrelated over
 * natural images (the square root of ImageNet's colour covariance, from Lucid). A step there moves
 * colours the way natural images vary, instead of pushing the R, G and B planes apart, which is
 * what paints classic patterns in saturated rainbow speckle. The matrix is divided by its largest
 * column norm so that no raw axis is amplified.
 *
 * Then a sigmoid squashes each value into (0, 1). Unlike clipping it never stops the gradient
 * dead, and its derivative y·(1 − y) needs only the output, so the backward pass needs nothing
 * but the rendered image.
 */
import type { Uniform } from '../noise.ts';
import { checkLength, outputArray, type ImageBasis, type Parameterization } from './types.ts';

/** Lucid's colour-correlation square root (rows: R, G, B outputs; columns: decorrelated axes). */
export const COLOR_CORRELATION_SQRT: readonly (readonly [number, number, number])[] = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

/** The largest L2 norm of a column of a 3×3 matrix. */
export function maxColumnNorm(matrix: readonly (readonly [number, number, number])[]): number {
  let largest = 0;
  for (let j = 0; j < 3; j++) {
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += matrix[i]![j]! ** 2;
    largest = Math.max(largest, Math.sqrt(sum));
  }
  return largest;
}

/** COLOR_CORRELATION_SQRT / its largest column norm, row-major 3×3: rgb = M · v per pixel. */
export const DECORRELATION_MATRIX: Float64Array = (() => {
  const norm = maxColumnNorm(COLOR_CORRELATION_SQRT);
  return Float64Array.from(COLOR_CORRELATION_SQRT.flat(), (value) => value / norm);
})();

const M = DECORRELATION_MATRIX;

/** out = M · v for every pixel of an HWC image with 3 channels. `out` may be `raw`. */
export function decorrelateColours(raw: Float32Array, out: Float32Array): void {
  for (let i = 0; i < raw.length; i += 3) {
    const v0 = raw[i]!, v1 = raw[i + 1]!, v2 = raw[i + 2]!;
    out[i] = M[0]! * v0 + M[1]! * v1 + M[2]! * v2;
    out[i + 1] = M[3]! * v0 + M[4]! * v1 + M[5]! * v2;
    out[i + 2] = M[6]! * v0 + M[7]! * v1 + M[8]! * v2;
  }
}

/** The adjoint, out = Mᵀ · g for every pixel. `out` may be `gradient`. */
export function decorrelateColoursAdjoint(gradient: Float32Array, out: Float32Array): void {
  for (let i = 0; i < gradient.length; i += 3) {
    const g0 = gradient[i]!, g1 = gradient[i + 1]!, g2 = gradient[i + 2]!;
    out[i] = M[0]! * g0 + M[3]! * g1 + M[6]! * g2;
    out[i + 1] = M[1]! * g0 + M[4]! * g1 + M[7]! * g2;
    out[i + 2] = M[2]! * g0 + M[5]! * g1 + M[8]! * g2;
  }
}

/** out = 1 / (1 + e^{−x}) elementwise. `out` may be `values`. */
export function sigmoid(values: Float32Array, out: Float32Array): void {
  for (let i = 0; i < values.length; i++) out[i] = 1 / (1 + Math.exp(-values[i]!));
}

/** out = g · y · (1 − y), the sigmoid's backward pass from its output y. `out` may be `gradient`. */
export function sigmoidBackward(output: Float32Array, gradient: Float32Array, out: Float32Array): void {
  for (let i = 0; i < output.length; i++) {
    const y = output[i]!;
    out[i] = gradient[i]! * y * (1 - y);
  }
}

export interface RgbOptions {
  /** Apply the colour decorrelation before the sigmoid (Lucid's default, true). */
  readonly decorrelate?: boolean;
}

/**
 * basis → (colour decorrelation) → sigmoid: an RGB image in [0, 1]. `new SpectralBasis(S)` here is
 * Lucid's default `image(S)`. One instance serves one image at a time (it keeps one S·S·3 scratch),
 * any number of images in turn.
 */
export function rgbParameterization(basis: ImageBasis, options: RgbOptions = {}): Parameterization {
  const decorrelate = options.decorrelate ?? true;
  const length = basis.size * basis.size * 3;
  const scratch = new Float32Array(length);
  return {
    size: basis.size,
    parameterCount: basis.parameterCount,
    range: 'unit',
    description: { ...basis.description, colour: decorrelate ? 'lucid-decorrelated' : 'none', squash: 'sigmoid' },
    init: (random: Uniform) => basis.init(random),
    render(params: Float32Array, out?: Float32Array): Float32Array {
      const image = outputArray(out, length, 'rgbParameterization.render');
      basis.forward(params, scratch);
      if (decorrelate) decorrelateColours(scratch, scratch);
      sigmoid(scratch, image);
      return image;
    },
    backward(image: Float32Array, imageGradient: Float32Array, out?: Float32Array): Float32Array {
      checkLength(image, length, 'rgbParameterization.backward image');
      checkLength(imageGradient, length, 'rgbParameterization.backward imageGradient');
      sigmoidBackward(image, imageGradient, scratch);
      if (decorrelate) decorrelateColoursAdjoint(scratch, scratch);
      return basis.adjoint(scratch, out);
    },
  };
}
