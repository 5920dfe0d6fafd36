/**
 * The transformation-robustness sets of the enhanced method.
 *
 * "lucid": Lucid's standard set, scaled to our image sizes:
 *   pad 12 (gray 0.5) → jitter 8 → scale ∈ {1 + (i − 5)/50 : i = 0…10} with rotation ∈ −10…10°
 *   (0° five times as likely) → jitter 4.
 * Lucid's tutorials apply these to 128 px images, so 128 px is the reference: every pixel amount is
 * multiplied by S/128 and rounded to the nearest integer (halves up), giving exactly Lucid's numbers
 * at 128 px and proportionally less at smaller sizes (the same fraction of the image moves). Scale
 * factors and angles are size-free and kept as they are. Scale and rotation are one resampling
 * that keeps the canvas (see affine.ts), so the network input side is fixed for a given S:
 *   T = S + 2·pad − jitter₁ − jitter₂.
 *
 * "periodic" (the atlas' default): the Fourier-parameterized image is periodic, so instead of
 * padding and cropping it, each step rolls it by a random shift over its whole period (roll.ts)
 * and resamples Lucid's scales and angles with wrap-around. Measured on the real block1/block2
 * weights, the gray padding taught edge-detecting filters to draw a frame along the image's edge
 * (the pad is an edge of its own), as the classic method does against the network's zero padding;
 * the periodic set leaves no border at all, sees every pixel once, and T = S.
 */
import { randomScaleRotate } from './affine.ts';
import { jitter } from './jitter.ts';
import { pad } from './pad.ts';
import { roll } from './roll.ts';
import type { Transform } from './types.ts';

/** The image side Lucid's pixel amounts are meant for. */
export const REFERENCE_SIZE = 128;
export const LUCID_PAD = 12;
export const LUCID_FIRST_JITTER = 8;
export const LUCID_SECOND_JITTER = 4;
export const PAD_VALUE = 0.5;
/** 1 + (i − 5)/50 for i = 0…10: 0.9 … 1.1 in steps of 0.02. */
export const LUCID_SCALES: readonly number[] = Array.from({ length: 11 }, (_, i) => 1 + (i - 5) / 50);
/** How many zeros are added to −10…10, making 0° five times as likely as any other angle. */
export const EXTRA_ZERO_ANGLES = 4;
/** −10…10 degrees, then the extra zeros; drawn uniformly. */
export const LUCID_DEGREES: readonly number[] = [...Array.from({ length: 21 }, (_, i) => i - 10), ...Array<number>(EXTRA_ZERO_ANGLES).fill(0)];

export const TRANSFORM_SETS = ['periodic', 'lucid'] as const;
export type TransformSet = (typeof TRANSFORM_SETS)[number];

/** Every resolved amount for one image side, as the manifest should record it. */
export interface StandardTransformAmounts {
  readonly imageSize: number;
  readonly referenceSize: number;
  readonly pad: number;
  readonly padValue: number;
  readonly firstJitter: number;
  readonly secondJitter: number;
  readonly scales: readonly number[];
  readonly degrees: readonly number[];
  /** T, the network's input side. */
  readonly inputSize: number;
}

/** Lucid's pixel amount for a 128 px image, for an S px one. */
export function scaledAmount(amount: number, size: number): number {
  return Math.round((amount * size) / REFERENCE_SIZE);
}

export function standardTransformAmounts(size: number): StandardTransformAmounts {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`image side must be a positive integer, got ${size}`);
  const padding = scaledAmount(LUCID_PAD, size);
  const firstJitter = scaledAmount(LUCID_FIRST_JITTER, size);
  const secondJitter = scaledAmount(LUCID_SECOND_JITTER, size);
  return {
    imageSize: size,
    referenceSize: REFERENCE_SIZE,
    pad: padding,
    padValue: PAD_VALUE,
    firstJitter,
    secondJitter,
    scales: LUCID_SCALES,
    degrees: LUCID_DEGREES,
    inputSize: size + 2 * padding - firstJitter - secondJitter,
  };
}

/** The network input side T for an S px image under the standard transforms. */
export function standardInputSize(size: number): number {
  return standardTransformAmounts(size).inputSize;
}

/** Lucid's set: pad → jitter → scale+rotate → jitter. Append `caffe()` to feed Keras VGG16. */
export function standardTransforms(amounts: StandardTransformAmounts): Transform[] {
  return [
    pad(amounts.pad, amounts.padValue),
    jitter(amounts.firstJitter),
    randomScaleRotate(amounts.scales, amounts.degrees, amounts.padValue),
    jitter(amounts.secondJitter),
  ];
}

/** The periodic set: a roll over the whole period, then Lucid's scales and angles with wrap-around; T = S. */
export function periodicTransforms(): Transform[] {
  return [roll(), randomScaleRotate(LUCID_SCALES, LUCID_DEGREES, 'wrap')];
}

/** The transforms of a set at image side `size`, and the side T of what the network then sees. */
export function transformSet(set: TransformSet, size: number): { transforms: Transform[]; inputSize: number } {
  if (set === 'periodic') return { transforms: periodicTransforms(), inputSize: size };
  const amounts = standardTransformAmounts(size);
  return { transforms: standardTransforms(amounts), inputSize: amounts.inputSize };
}
