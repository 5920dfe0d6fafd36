/**
 * What a parameterization is: how an optimizer's parameter vector becomes the image the network
 * sees, and how a gradient with respect to that image flows back to the parameters.
 *
 * Every parameterization here is a linear "basis" (pixels, or a scaled Fourier spectrum) followed
 * by optional pointwise steps (colour decorrelation, a sigmoid) whose derivative depends only on
 * their own output. So the backward pass needs nothing from the forward pass but the rendered
 * image, which the caller has anyway: no hidden per-call state, and one instance can render a whole
 * batch image by image and then take the batch's gradients image by image.
 */
import type { Uniform } from '../noise.ts';

export type { Uniform } from '../noise.ts';

/** A JSON-friendly description of a parameterization or transform, for the manifest. */
export type Description = { readonly [key: string]: string | number | boolean | readonly number[] | Description };

/** A linear map from parameters to a raw S×S×3 HWC image, and its exact adjoint. */
export interface ImageBasis {
  /** Image side S. */
  readonly size: number;
  readonly parameterCount: number;
  readonly description: Description;
  /** Fresh parameters, drawn from `random` in a fixed order (deterministic per source). */
  init(random: Uniform): Float32Array;
  /** params → image (S·S·3 values, HWC). Writes into `out` when given, else allocates. */
  forward(params: Float32Array, out?: Float32Array): Float32Array;
  /**
   * The adjoint (transpose) of `forward`: for any x, y, ⟨forward(x), y⟩ = ⟨x, adjoint(y)⟩. Applied
   * to ∂loss/∂image it gives ∂loss/∂params. Writes into `out` when given, else allocates.
   */
  adjoint(imageGradient: Float32Array, out?: Float32Array): Float32Array;
}

/** The parameterization an optimization method uses. */
export interface Parameterization {
  /** Image side S: `render` gives S×S×3 HWC. */
  readonly size: number;
  readonly parameterCount: number;
  /** "unit": RGB in [0, 1] (ready for the caffe preprocessing); "raw": unbounded, in the basis' own units. */
  readonly range: 'unit' | 'raw';
  readonly description: Description;
  init(random: Uniform): Float32Array;
  /** params → image. Writes into `out` (S·S·3) when given, else allocates. */
  render(params: Float32Array, out?: Float32Array): Float32Array;
  /**
   * ∂loss/∂params from ∂loss/∂image (vector–Jacobian product). `image` must be what `render`
   * returned for the parameters the gradient belongs to. Writes into `out` when given.
   */
  backward(image: Float32Array, imageGradient: Float32Array, out?: Float32Array): Float32Array;
}

/** `out` when it has the expected length, a new array when it is absent; a wrong length is a bug. */
export function outputArray(out: Float32Array | undefined, length: number, what: string): Float32Array {
  if (out === undefined) return new Float32Array(length);
  if (out.length !== length) throw new RangeError(`${what}: output holds ${out.length} values, expected ${length}`);
  return out;
}

/** Throws unless `array` holds exactly `length` values. */
export function checkLength(array: Float32Array, length: number, what: string): void {
  if (array.length !== length) throw new RangeError(`${what}: got ${array.length} values, expected ${length}`);
}

/** A basis used as it is: the image is the basis' raw output and the backward pass its adjoint. */
export function linearParameterization(basis: ImageBasis): Parameterization {
  const imageLength = basis.size * basis.size * 3;
  return {
    size: basis.size,
    parameterCount: basis.parameterCount,
    range: 'raw',
    description: { ...basis.description, colour: 'none', squash: 'none' },
    init: (random) => basis.init(random),
    render: (params, out) => basis.forward(params, out),
    backward: (image, imageGradient, out) => {
      checkLength(image, imageLength, 'backward image');
      return basis.adjoint(imageGradient, out);
    },
  };
}
