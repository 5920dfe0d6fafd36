/** When a pattern counts as still climbing, as flat, and as a flat optimum; the learning-rate schedules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { climbCheckpoint, climbOf, isFlat, isFlatOptimum, pixelSpread, recentRise, stillClimbing } from '../../../src/engine/method/convergence.ts';
import { learningRateFactor } from '../../../src/engine/optimize/schedule.ts';
import { seededRandom } from '../../../src/engine/noise.ts';

/** A curve that rises from 0 to 100 like 1 − e^(−t/τ) over `steps` steps, with ± `jitter` of uniform noise. */
function saturating(steps: number, tau: number, jitter = 0): number[] {
  const random = seededRandom('convergence-test', steps, tau, jitter);
  return Array.from({ length: steps }, (_, t) => 100 * (1 - Math.exp(-t / tau)) + jitter * (2 * random() - 1));
}

/** A curve as the manifest keeps it: the per-update objectives, then the final image's. */
const withFinal = (curve: readonly number[], final = curve[curve.length - 1]!): number[] => [...curve, final];

describe('still climbing', () => {
  it('a curve that has levelled off is not climbing; one still rising at the end is', () => {
    assert.equal(stillClimbing(withFinal(saturating(96, 10))), false);
    assert.equal(stillClimbing(withFinal(saturating(96, 200))), true);
    // A straight climb of 100 steps rises 10 of its 99 over its last tenth.
    const line = Array.from({ length: 100 }, (_, t) => -50 + t);
    assert.ok(Math.abs(recentRise(line) - 10 / 99) < 1e-12, String(recentRise(line)));
  });

  it('step-to-step jitter around a plateau is not a climb (a tenth of the steps is averaged on each side)', () => {
    assert.equal(stillClimbing(withFinal(saturating(96, 8, 2))), false);
  });

  it('a falling end, a constant curve and a too-short curve are not climbing', () => {
    assert.equal(stillClimbing(withFinal(saturating(96, 10).map((value) => -value))), false);
    assert.equal(stillClimbing(withFinal(new Array<number>(50).fill(3))), false);
    assert.equal(stillClimbing([1, 2, 3, 3]), false, 'fewer than two windows of two steps');
  });
});

describe('still climbing, with a checkpoint of the untransformed image', () => {
  it('the checkpoint opens the last tenth of the steps', () => {
    assert.equal(climbCheckpoint(96), 86);
    assert.equal(climbCheckpoint(40), 36);
    assert.equal(climbCheckpoint(4), 3);
  });

  it('compares the final image with the checkpoint, over the range of the whole curve', () => {
    // Per-update objectives of transformed copies jittering by ±8 around a plateau near 100: recentRise can
    // read a climb of several per cent from the jitter alone. The image itself moved from 99 to 99.5.
    const jittery = saturating(96, 8, 8);
    assert.ok(Math.abs(climbOf(withFinal(jittery, 99.5), { loss: 99 }) - 0.5 / (Math.max(...jittery, 99.5) - Math.min(...jittery, 99))) < 1e-12);
    assert.equal(stillClimbing(withFinal(jittery, 99.5), { loss: 99 }), false);
    assert.equal(stillClimbing(withFinal(jittery, 99.5), { loss: 90 }), true, 'the image itself rose 9.5 over the last tenth');
    assert.equal(stillClimbing(withFinal(jittery, 90), { loss: 99 }), false, 'a fall is not a climb');
  });

  it('a filter silent on its image at the checkpoint and at the end has not climbed', () => {
    assert.equal(climbOf([-80, -60, -40, 0], { loss: 0 }), 0);
  });
});

describe('flat patterns', () => {
  const side = 16;
  const image = (value: (x: number, y: number, c: number) => number): Uint8Array => {
    const pixels = new Uint8Array(side * side * 3);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) for (let c = 0; c < 3; c++) pixels[(y * side + x) * 3 + c] = value(x, y, c);
    return pixels;
  };

  it('a uniform colour has no spread whatever the colour; stripes of ±20 levels have 20', () => {
    assert.equal(pixelSpread(image((_x, _y, c) => [250, 10, 128][c]!)), 0);
    assert.equal(pixelSpread(image((x) => (x % 2 === 0 ? 108 : 148))), 20);
    assert.equal(isFlat(image((_x, _y, c) => 40 * c)), true);
    assert.equal(isFlat(image((x) => (x % 2 === 0 ? 108 : 148))), false);
  });

  it('a flat image is a flat optimum only when its objective stopped rising', () => {
    const flat = image(() => 90);
    assert.equal(isFlatOptimum(flat, [...saturating(96, 10), 100]), true);
    assert.equal(isFlatOptimum(flat, [...saturating(96, 200), 40]), false);
    assert.equal(isFlatOptimum(image((x) => (x % 2 === 0 ? 60 : 200)), [...saturating(96, 10), 100]), false);
    assert.equal(isFlatOptimum(flat, [...saturating(96, 10).map((value) => value - 150), 0]), false, 'a filter that stays silent on it');
    assert.equal(isFlatOptimum(flat, [...saturating(96, 10).map((value) => value - 110), 2]), false, 'a pre-ReLU mean that stayed negative');
    assert.equal(isFlatOptimum(flat, [...saturating(96, 10), 100], { loss: 99.9 }), true, 'the checkpoint shows it converged');
    assert.equal(isFlatOptimum(flat, [...saturating(96, 10), 100], { loss: 60 }), false, 'the checkpoint shows it still climbing');
  });
});

describe('learning-rate schedules', () => {
  it('constant is 1 throughout; cosine falls from 1 to near 0, halfway at the middle', () => {
    for (const update of [0, 10, 95]) assert.equal(learningRateFactor('constant', update, 96), 1);
    assert.equal(learningRateFactor('cosine', 0, 96), 1);
    assert.ok(Math.abs(learningRateFactor('cosine', 48, 96) - 0.5) < 1e-12);
    assert.ok(learningRateFactor('cosine', 95, 96) < 0.001);
    for (let update = 1; update < 96; update++) assert.ok(learningRateFactor('cosine', update, 96) < learningRateFactor('cosine', update - 1, 96));
  });
});
