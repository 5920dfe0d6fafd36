/**
 * The identity parameterization: the parameters are the image, HWC. The classic method (the
 * notebook's raw-pixel gradient ascent) optimises this; Lucid's `fft=False` images do too, under
 * the colour map.
 */
import type { Uniform } from '../noise.ts';
import { checkLength, linearParameterization, outputArray, type Description, type ImageBasis, type Parameterization } from './types.ts';

/** How one starting value is drawn: called once per parameter, in layout order. */
export type InitialValue = (random: Uniform) => number;

/** The classic starting noise, uniform[0, 1) · 20 + 128: with `seededRandom(seed, layer, filter)`, bit-identical to `startingNoise`. */
export const CLASSIC_NOISE: InitialValue = (random) => random() * 20 + 128;

export class PixelBasis implements ImageBasis {
  readonly size: number;
  readonly parameterCount: number;
  readonly description: Description;
  private readonly initialValue: InitialValue;

  /** `initialValue` draws each starting pixel value; `initName` names it in the description. */
  constructor(size: number, initialValue: InitialValue, initName: string) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`image side must be a positive integer, got ${size}`);
    this.size = size;
    this.parameterCount = size * size * 3;
    this.initialValue = initialValue;
    this.description = { basis: 'pixels', init: initName };
  }

  init(random: Uniform): Float32Array {
    const params = new Float32Array(this.parameterCount);
    for (let i = 0; i < params.length; i++) params[i] = this.initialValue(random);
    return params;
  }

  forward(params: Float32Array, out?: Float32Array): Float32Array {
    checkLength(params, this.parameterCount, 'PixelBasis.forward params');
    const image = outputArray(out, this.parameterCount, 'PixelBasis.forward');
    if (image !== params) image.set(params);
    return image;
  }

  adjoint(imageGradient: Float32Array, out?: Float32Array): Float32Array {
    checkLength(imageGradient, this.parameterCount, 'PixelBasis.adjoint imageGradient');
    const gradient = outputArray(out, this.parameterCount, 'PixelBasis.adjoint');
    if (gradient !== imageGradient) gradient.set(imageGradient);
    return gradient;
  }
}

/** The classic method's parameterization: raw pixels starting from the notebook's gray noise. */
export function classicPixels(size: number): Parameterization {
  return linearParameterization(new PixelBasis(size, CLASSIC_NOISE, 'uniform[0,1)*20+128'));
}
