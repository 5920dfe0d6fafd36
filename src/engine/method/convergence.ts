/**
 * When is a pattern done, and when is it flat? Shared by the enhanced ascent (which stops a filter
 * once it has converged and records a flat optimum) and `npm run quality` (which counts the filters
 * still climbing and the flat patterns).
 */

/** A pattern whose pixels spread less than this (standard deviation, of 255) reads as a flat tile. */
export const FLAT_PIXEL_STD = 12;

/** The share of the steps over which a climb is measured, and the rise (of the curve's range) that counts as climbing. */
export const CLIMB_WINDOW = 0.1;
export const CLIMB_THRESHOLD = 0.01;

/**
 * How much the objective rose over the last `window` of its steps, as a share of the curve's range
 * (max − min): the mean of the last `window` of the steps minus the mean of the `window` before
 * them. Means rather than end points because each step's objective is measured on a randomly
 * transformed copy (enhanced) and jitters; averaging a tenth of the steps on each side keeps that
 * jitter well under the threshold. `steps` are the per-update objectives; a trailing value of
 * another kind must be left out by the caller.
 */
export function recentRise(steps: readonly number[], window: number = CLIMB_WINDOW): number {
  const finite = steps.filter(Number.isFinite);
  const n = Math.max(2, Math.round(finite.length * window));
  if (finite.length < 2 * n) return 0;
  let low = Infinity;
  let high = -Infinity;
  for (const value of finite) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const range = high - low;
  if (!(range > 0)) return 0;
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  return (mean(finite.slice(-n)) - mean(finite.slice(-2 * n, -n))) / range;
}

/** The update after which the last CLIMB_WINDOW of `steps` updates begins. */
export function climbCheckpoint(steps: number): number {
  return steps - Math.max(1, Math.round(steps * CLIMB_WINDOW));
}

/**
 * A method's curve as the manifest keeps it: one objective per update (steps + 1 for classic, which
 * starts with the objective before the first update), then the final image's. With a checkpoint
 * (enhanced: the objective of the image itself at the start of the last tenth), the rise is the
 * final image's objective less the checkpoint's, over the curve's range: both are measured on the
 * untransformed image, so the transforms' jitter does not count as a climb. Without one (classic,
 * whose curve has no jitter), it is recentRise of the per-update values.
 */
export function climbOf(loss: readonly number[], checkpoint?: { readonly loss: number }): number {
  if (!checkpoint) return recentRise(loss.slice(0, -1));
  const finite = [...loss, checkpoint.loss].filter(Number.isFinite);
  const range = Math.max(...finite) - Math.min(...finite);
  const final = loss[loss.length - 1];
  if (!(range > 0) || final === undefined || !Number.isFinite(final)) return 0;
  return (final - checkpoint.loss) / range;
}

/** Whether the objective rose more than CLIMB_THRESHOLD of its range over the last CLIMB_WINDOW of its steps (see climbOf). */
export function stillClimbing(loss: readonly number[], checkpoint?: { readonly loss: number }): boolean {
  return climbOf(loss, checkpoint) > CLIMB_THRESHOLD;
}

/**
 * The spatial spread of an HWC RGB image: each channel's standard deviation over the pixels,
 * combined as the root mean square over the channels. A flat colour has 0, whatever the colour.
 */
export function pixelSpread(pixels: ArrayLike<number>): number {
  const count = pixels.length / 3;
  let total = 0;
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    for (let i = c; i < pixels.length; i += 3) sum += pixels[i]!;
    const mean = sum / count;
    let squares = 0;
    for (let i = c; i < pixels.length; i += 3) squares += (pixels[i]! - mean) ** 2;
    total += squares / count;
  }
  return Math.sqrt(total / 3);
}

/** Whether a uint8 RGB image reads as a flat tile. */
export function isFlat(pixels: ArrayLike<number>): boolean {
  return pixelSpread(pixels) < FLAT_PIXEL_STD;
}

/**
 * A flat pattern whose objective had stopped rising, and on which its filter fires (a positive
 * objective at the last update and on the final image): the ascent converged to a flat image,
 * rather than being stopped on its way out of one or left with a filter that stays silent, or
 * whose pre-ReLU mean stayed negative. `loss` is a method's curve: one value per update, then the
 * final image's (left out of the climb, being measured differently).
 */
export function isFlatOptimum(pixels: ArrayLike<number>, loss: readonly number[], checkpoint?: { readonly loss: number }): boolean {
  const firing = loss.length >= 2 && loss[loss.length - 1]! > 0 && loss[loss.length - 2]! > 0;
  return firing && isFlat(pixels) && !stillClimbing(loss, checkpoint);
}
