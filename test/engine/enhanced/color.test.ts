import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom, startingNoise } from '../../../src/engine/noise.ts';
import {
  COLOR_CORRELATION_SQRT,
  DECORRELATION_MATRIX,
  decorrelateColours,
  decorrelateColoursAdjoint,
  maxColumnNorm,
  rgbParameterization,
  sigmoid,
} from '../../../src/engine/param/color.ts';
import { classicPixels, PixelBasis } from '../../../src/engine/param/pixels.ts';
import { SpectralBasis } from '../../../src/engine/param/spectral.ts';
import { assertAdjoint, assertClose, dot, randomVector } from './helpers.ts';

describe('colour decorrelation', () => {
  it('divides Lucid’s matrix by its largest column norm, which is then 1', () => {
    // Column norms by hand: √(.26² + .27² + .27²) = √.2134 = .461952; √(.09² + .09²) = .127279;
    // √(.02² + .05² + .03²) = √.0038 = .061644. The first is the largest.
    assert.ok(Math.abs(maxColumnNorm(COLOR_CORRELATION_SQRT) - Math.sqrt(0.2134)) < 1e-15);
    const normalised: [number, number, number][] = [0, 1, 2].map((i) => [0, 1, 2].map((j) => DECORRELATION_MATRIX[i * 3 + j]!) as [number, number, number]);
    assert.ok(Math.abs(maxColumnNorm(normalised) - 1) < 1e-15);
    assertClose([normalised[1]![0]!, normalised[0]![1]!, normalised[1]![2]!], [0.27 / Math.sqrt(0.2134), 0.09 / Math.sqrt(0.2134), -0.05 / Math.sqrt(0.2134)], 1e-15, 'entries');
  });

  it('maps each pixel as rgb = M·v (a hand-worked pixel)', () => {
    // v = (1, 2, −1): R = .26 + .18 − .02 = .42; G = .27 + 0 + .05 = .32; B = .27 − .18 − .03 = .06, all / √.2134.
    const out = new Float32Array(6);
    decorrelateColours(Float32Array.from([1, 2, -1, 0, 0, 0]), out);
    const n = Math.sqrt(0.2134);
    assertClose(out, [0.42 / n, 0.32 / n, 0.06 / n, 0, 0, 0], 1e-6, 'pixel');
  });

  it('its adjoint satisfies the adjoint identity', () => {
    const apply = (f: (a: Float32Array, b: Float32Array) => void) => (x: Float32Array) => {
      const out = new Float32Array(x.length);
      f(x, out);
      return out;
    };
    assertAdjoint(apply(decorrelateColours), apply(decorrelateColoursAdjoint), 300, 300, 'colour matrix');
  });

  it('the sigmoid lands in [0, 1], 0.5 at 0, monotone, saturating without NaN', () => {
    const x = Float32Array.from([-1e4, -50, -3, -1e-3, 0, 1e-3, 3, 50, 1e4]);
    const y = new Float32Array(x.length);
    sigmoid(x, y);
    assert.ok(y.every((v) => v >= 0 && v <= 1));
    assert.equal(y[4], 0.5);
    for (let i = 1; i < y.length; i++) assert.ok(y[i]! >= y[i - 1]!);
    assert.equal(y[0], 0);
    assert.equal(y[8], 1);
    assert.ok(Math.abs(y[2]! - 1 / (1 + Math.exp(3))) < 1e-7);
  });
});

describe('RGB parameterizations', () => {
  for (const decorrelate of [true, false]) {
    it(`pixels → ${decorrelate ? 'decorrelated colour → ' : ''}sigmoid: backward matches central differences`, () => {
      const S = 5;
      const param = rgbParameterization(new PixelBasis(S, (r) => (r() * 2 - 1) * 2, 'test'), { decorrelate });
      assert.equal(param.range, 'unit');
      const params = param.init(seededRandom('rgb-fd', String(decorrelate)));
      const weights = randomVector(S * S * 3, 'rgb-fd-weights');
      const loss = (p: Float32Array): number => dot(param.render(p), weights).value;
      const image = param.render(params);
      assert.ok(image.every((v) => v > 0 && v < 1));
      const analytic = param.backward(image, weights);
      const h = 1e-2;
      const numeric = new Float64Array(params.length);
      for (let i = 0; i < params.length; i++) {
        const plus = Float32Array.from(params);
        const minus = Float32Array.from(params);
        plus[i] = params[i]! + h;
        minus[i] = params[i]! - h;
        numeric[i] = (loss(plus) - loss(minus)) / (plus[i]! - minus[i]!);
      }
      // Central differences of step 0.01 on a sigmoid: truncation error ~ h²·|σ'''|/6 < 1e-5.
      assertClose(analytic, numeric, 2e-5, 'gradient');
    });
  }

  it('the spectral RGB image is mid-gray with faint colour at the start, as in Lucid', () => {
    const param = rgbParameterization(new SpectralBasis(64));
    const image = param.render(param.init(seededRandom(0, 'block1_conv1', 0, 'spectrum')));
    const mean = image.reduce((s, v) => s + v, 0) / image.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
    assert.ok(image.every((v) => v > 0.3 && v < 0.7));
  });

  it('rejects a backward call whose image has the wrong size', () => {
    const param = rgbParameterization(new SpectralBasis(6));
    assert.throws(() => param.backward(new Float32Array(5), new Float32Array(6 * 6 * 3)), RangeError);
  });
});

describe('pixel parameterization', () => {
  it('renders its parameters and passes gradients through unchanged', () => {
    const basis = new PixelBasis(4, () => 0, 'zeros');
    const x = randomVector(48, 'pixels');
    assert.deepEqual(basis.forward(x), x);
    assert.deepEqual(basis.adjoint(x), x);
    assertAdjoint((v) => basis.forward(v), (v) => basis.adjoint(v), 48, 48, 'identity');
  });

  it('classic start: bit-identical to startingNoise for the same (seed, layer, filter)', () => {
    const param = classicPixels(16);
    assert.equal(param.range, 'raw');
    assert.deepEqual(param.init(seededRandom(3, 'block2_conv1', 17)), startingNoise(3, 'block2_conv1', 17, 16));
    const image = param.render(param.init(seededRandom(3, 'block2_conv1', 17)));
    assert.deepEqual(image, startingNoise(3, 'block2_conv1', 17, 16));
  });
});
