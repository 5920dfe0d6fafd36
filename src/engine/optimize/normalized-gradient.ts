/** Added to the gradient's RMS before dividing, as in the notebook, so a zero gradient stays zero. */
export const GRADIENT_EPSILON = 1e-5;

/**
 * The classic update of one image, in place: x += step · g / (sqrt(mean(g²)) + 1e-5), in float32
 * arithmetic like the notebook's. `offset` and `length` select the image within a batch.
 */
export function normalizedGradientStep(x: Float32Array, gradient: Float32Array, offset: number, length: number, step: number): void {
  let squares = 0;
  for (let i = offset; i < offset + length; i++) squares += gradient[i]! * gradient[i]!;
  const denominator = Math.fround(Math.fround(Math.sqrt(squares / length)) + GRADIENT_EPSILON);
  for (let i = offset; i < offset + length; i++) x[i] = x[i]! + Math.fround(Math.fround(gradient[i]! / denominator) * step);
}
