/** Shared checks for the enhanced method's math: inner products, adjoint identities, random vectors. */
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/engine/noise.ts';

/** Values uniform on [-1, 1), reproducible per label. */
export function randomVector(length: number, ...label: (string | number)[]): Float32Array {
  const random = seededRandom('enhanced-test', ...label);
  return Float32Array.from({ length }, () => random() * 2 - 1);
}

/** Σ a·b in float64, and Σ |a·b| (the scale against which rounding is judged). */
export function dot(a: Float32Array, b: Float32Array): { value: number; scale: number } {
  assert.equal(a.length, b.length, 'dot: lengths differ');
  let value = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    value += a[i]! * b[i]!;
    scale += Math.abs(a[i]! * b[i]!);
  }
  return { value, scale };
}

/**
 * ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ for random x, y. Both sides are float32 maps accumulated in float64, so they
 * agree to float32 rounding of the terms: `tolerance` is relative to the sum of the terms' magnitudes.
 */
export function assertAdjoint(
  forward: (x: Float32Array) => Float32Array,
  adjoint: (y: Float32Array) => Float32Array,
  inputLength: number,
  outputLength: number,
  label: string,
  tolerance = 2e-6,
): void {
  for (let trial = 0; trial < 3; trial++) {
    const x = randomVector(inputLength, label, 'x', trial);
    const y = randomVector(outputLength, label, 'y', trial);
    const left = dot(forward(x), y);
    const right = dot(x, adjoint(y));
    const scale = Math.max(left.scale, right.scale);
    assert.ok(scale > 0, `${label}: the map is not all zero`);
    const error = Math.abs(left.value - right.value) / scale;
    assert.ok(error <= tolerance, `${label}: ⟨Ax, y⟩ = ${left.value}, ⟨x, Aᵀy⟩ = ${right.value}, relative error ${error.toExponential(2)} > ${tolerance}`);
  }
}

/** Throws unless |a − b| ≤ tolerance at every index. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: lengths differ`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= worst)) {
      worst = error;
      at = i;
    }
  }
  assert.ok(worst <= tolerance, `${label}: index ${at} is ${actual[at]}, expected ${expected[at]} (error ${worst.toExponential(2)} > ${tolerance})`);
}
