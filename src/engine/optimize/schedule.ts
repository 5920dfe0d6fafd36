/**
 * Learning-rate schedules: the factor the base learning rate is multiplied by at update `update`
 * of `steps` (0-based).
 *
 * "cosine" is a half cosine from 1 at the first update down towards 0 at the last: large steps
 * while the pattern forms, small ones at the end, so that the last steps refine the pattern instead
 * of moving it, and Adam's per-coefficient steps (about the learning rate each, whatever the
 * gradient) no longer leave the random walk of coefficients the loss barely cares about as
 * pixel-level texture in the final image.
 */
export const LEARNING_RATE_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

export function learningRateFactor(schedule: LearningRateSchedule, update: number, steps: number): number {
  if (schedule === 'constant') return 1;
  return 0.5 * (1 + Math.cos((Math.PI * update) / steps));
}
