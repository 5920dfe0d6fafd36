/**
 * Transformation robustness (Lucid's `transform` module): each optimization step shows the network a
 * randomly padded, shifted, scaled and rotated copy of the image, so the pattern cannot rely on
 * exact pixel positions and high-frequency tricks that only one alignment would reward.
 *
 * A `Transform` is the random family ("jitter by up to 8 px"); `draw` picks one member
 * ("shift by (3, 5)"), a `TransformDraw`. Every member of every transform here is an affine map of
 * the image (padding adds a constant, resampling reads a constant outside the canvas), so its
 * Jacobian does not depend on the input: a draw is all the backward pass needs, and the forward
 * pass keeps nothing. Images are single HWC Float32Arrays.
 */
import type { Uniform } from '../noise.ts';
import type { Description } from '../param/types.ts';

export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export function shapeLength(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

export function sameShape(a: ImageShape, b: ImageShape): boolean {
  return a.height === b.height && a.width === b.width && a.channels === b.channels;
}

/** One realised transform: a fixed affine map from `input`-shaped images to `output`-shaped ones. */
export interface TransformDraw {
  readonly input: ImageShape;
  readonly output: ImageShape;
  /** What was drawn, e.g. { kind: 'crop', top: 3, left: 5 }: for tests, logs and debugging. */
  readonly description: Description;
  /** output = T(input). `output` is fully overwritten; it must not alias `input`. */
  forward(input: Float32Array, output: Float32Array): void;
  /** inputGradient = Jᵀ · outputGradient. `inputGradient` is fully overwritten; no aliasing. */
  backward(outputGradient: Float32Array, inputGradient: Float32Array): void;
}

/** A random family of transforms. */
export interface Transform {
  /** Its fixed parameters, for the manifest. */
  readonly description: Description;
  /** The shape every member maps `input` to: fixed, whatever is drawn. */
  outputShape(input: ImageShape): ImageShape;
  /** Picks one member, consuming a fixed number of values from `random`. */
  draw(input: ImageShape, random: Uniform): TransformDraw;
}

/** An index uniform on [0, n) from one value of `random`. */
export function randomIndex(random: Uniform, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** Throws unless `array` holds exactly the values of `shape`. */
/** `k` modulo `n`, in [0, n) also for negative `k`: a coordinate on a periodic image's axis of length `n`. */
export function wrapIndex(k: number, n: number): number {
  return ((k % n) + n) % n;
}

export function checkShape(array: Float32Array, shape: ImageShape, what: string): void {
  const expected = shapeLength(shape);
  if (array.length !== expected) throw new RangeError(`${what}: got ${array.length} values, expected ${shape.height}×${shape.width}×${shape.channels} = ${expected}`);
}
