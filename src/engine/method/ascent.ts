import type { Checkpoint, FilterStatus } from './params.ts';

export interface FilterAscent {
  readonly filter: number;
  /** The final image, HWC float32 (method-specific scale: raw for classic, [0, 1] for enhanced). */
  readonly image: Float32Array;
  /** The objective before the first update and after each update (steps + 1 values; fewer if it failed). */
  readonly loss: number[];
  readonly status: FilterStatus;
  /** For "failed": the update whose loss or gradient was not finite. */
  readonly failedAtStep?: number;
  /** Enhanced: the objective of the image itself after `update` updates, the start of the last tenth (see method/convergence.ts). */
  readonly checkpoint?: Checkpoint;
}

/**
 * The per-image bookkeeping every method shares: each image's loss curve, and the step at which its
 * loss or gradient turned NaN or infinite, after which the image is frozen and its batch-mates go on.
 */
export class AscentLog {
  private readonly losses: number[][];
  private readonly failedAt: number[];
  private readonly valuesPerImage: number;
  private checkpoints: Checkpoint[] | undefined;

  constructor(count: number, valuesPerImage: number) {
    this.losses = Array.from({ length: count }, () => []);
    this.failedAt = new Array<number>(count).fill(-1);
    this.valuesPerImage = valuesPerImage;
  }

  isActive(b: number): boolean {
    return this.failedAt[b]! < 0;
  }

  /**
   * Records update `update`'s losses and returns, per image, whether it may take this update: it
   * has not failed before, and its loss and gradient are finite now.
   */
  observe(update: number, loss: Float32Array, gradient: Float32Array): boolean[] {
    return this.losses.map((curve, b) => {
      if (!this.isActive(b)) return false;
      curve.push(loss[b]!);
      if (Number.isFinite(loss[b]!) && allFinite(gradient, b * this.valuesPerImage, this.valuesPerImage)) return true;
      this.failedAt[b] = update;
      return false;
    });
  }

  /** The loss after the last update, for the images still active. */
  observeFinal(loss: Float32Array): void {
    this.losses.forEach((curve, b) => {
      if (this.isActive(b)) curve.push(loss[b]!);
    });
  }

  /** The objective of each image itself after `update` updates, for the images still active. */
  observeCheckpoint(update: number, loss: Float32Array): void {
    this.checkpoints = Array.from(loss, (value) => ({ update, loss: value }));
  }

  /** `moved[b]`: whether image b's parameters ever changed (a filter whose never did is "dead"). */
  results(filters: readonly number[], images: readonly Float32Array[], moved: readonly boolean[]): FilterAscent[] {
    return filters.map((filter, b): FilterAscent => {
      const image = images[b]!;
      const failedAtStep = this.failedAt[b]!;
      const loss = this.losses[b]!;
      if (failedAtStep >= 0) return { filter, image, loss: loss.filter(Number.isFinite), status: 'failed', failedAtStep };
      const checkpoint = this.checkpoints?.[b];
      return { filter, image, loss, status: moved[b] ? 'ok' : 'dead', ...(checkpoint && Number.isFinite(checkpoint.loss) ? { checkpoint } : {}) };
    });
  }
}

function allFinite(values: Float32Array, offset: number, length: number): boolean {
  // A sum of finite float32 values cannot overflow a double: it is finite exactly when they all are.
  let sum = 0;
  for (let i = offset; i < offset + length; i++) sum += values[i]!;
  return Number.isFinite(sum);
}
