import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/engine/noise.ts';
import { FftPlan, fftFactors } from '../../../src/engine/param/fft.ts';
import { fftFrequency, SpectralBasis, spectrumScale } from '../../../src/engine/param/spectral.ts';
import { assertAdjoint, assertClose, randomVector } from './helpers.ts';

/** Parameter index of (channel, ky, kx, part) for side S: layout [channel][ky][kx][re, im]. */
function at(size: number, channel: number, ky: number, kx: number, part: 0 | 1): number {
  const width = Math.floor(size / 2) + 1;
  return ((channel * size + ky) * width + kx) * 2 + part;
}

/**
 * numpy's irfft2(spectrum, s=(S, S)) / 4 by the definitions, in float64: the inverse DFT down each
 * column (with 1/S), then numpy's irfft along each row: the imaginary parts of bins 0 and S/2 are
 * dropped, the row is extended Hermitian (bin k > S/2 is conj(bin S − k)) and inverse-transformed
 * (with 1/S). Direct sums, no FFT.
 */
function bruteForceImage(size: number, params: Float32Array, scale: Float64Array): Float64Array {
  const S = size;
  const W = Math.floor(S / 2) + 1;
  const image = new Float64Array(S * S * 3);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < S; y++) {
      const rowRe = new Float64Array(W);
      const rowIm = new Float64Array(W);
      for (let kx = 0; kx < W; kx++) {
        for (let ky = 0; ky < S; ky++) {
          const s = scale[ky * W + kx]!;
          const re = s * params[at(S, c, ky, kx, 0)]!;
          const im = s * params[at(S, c, ky, kx, 1)]!;
          const angle = (2 * Math.PI * ky * y) / S;
          rowRe[kx] = rowRe[kx]! + (re * Math.cos(angle) - im * Math.sin(angle)) / S;
          rowIm[kx] = rowIm[kx]! + (re * Math.sin(angle) + im * Math.cos(angle)) / S;
        }
      }
      for (let x = 0; x < S; x++) {
        let sum = 0;
        for (let k = 0; k < S; k++) {
          const mirrored = k >= W;
          const source = mirrored ? S - k : k;
          const re = rowRe[source]!;
          let im = mirrored ? -rowIm[source]! : rowIm[source]!;
          if (k === 0 || 2 * k === S) im = 0;
          const angle = (2 * Math.PI * k * x) / S;
          sum += re * Math.cos(angle) - im * Math.sin(angle);
        }
        image[(y * S + x) * 3 + c] = sum / S / 4;
      }
    }
  }
  return image;
}

describe('FFT of any length', () => {
  it('factors lengths into fours first, then primes', () => {
    assert.deepEqual(fftFactors(128), [4, 4, 4, 2]);
    assert.deepEqual(fftFactors(96), [4, 4, 2, 3]);
    assert.deepEqual(fftFactors(112), [4, 4, 7]);
    assert.deepEqual(fftFactors(97), [97]);
    assert.deepEqual(fftFactors(1), []);
  });

  for (const n of [1, 2, 3, 5, 6, 7, 12, 20, 49, 80, 97]) {
    for (const sign of [-1, 1] as const) {
      it(`length ${n}, sign ${sign}: matches the direct DFT sum on 3 interleaved sequences`, () => {
        const count = 3;
        const x = randomVector(2 * n * count, 'fft', n, sign);
        const re = Float64Array.from(x.subarray(0, n * count));
        const im = Float64Array.from(x.subarray(n * count));
        new FftPlan(n, sign).transform(re, im, count);
        for (let q = 0; q < count; q++) {
          for (let k = 0; k < n; k++) {
            let sumRe = 0;
            let sumIm = 0;
            for (let t = 0; t < n; t++) {
              const angle = (sign * 2 * Math.PI * ((k * t) % n)) / n;
              const a = x[q + count * t]!;
              const b = x[n * count + q + count * t]!;
              sumRe += a * Math.cos(angle) - b * Math.sin(angle);
              sumIm += a * Math.sin(angle) + b * Math.cos(angle);
            }
            assert.ok(Math.abs(sumRe - re[q + count * k]!) < 1e-12 * n && Math.abs(sumIm - im[q + count * k]!) < 1e-12 * n, `n ${n} q ${q} k ${k}`);
          }
        }
      });
    }
  }
});

describe('spectral parameterization', () => {
  it('scales frequencies as Lucid: sqrt(w·h) / max(f, 1/S), hand-computed for S = 6 and 8', () => {
    // S = 6, columns kx = 0…3. f = 0 and f = 1/6 both give 6 · 6 = 36; f = 2/6 → 18; f = 1/2 → 12;
    // (1, 1): f = √2/6 → 36/√2 = 25.4558; (3, 3): fy = −1/2 (fftfreq), f = √½ → 6√2 = 8.4853.
    const six = spectrumScale(6);
    assertClose([six[0]!, six[1]!, six[2]!, six[3]!, six[4 + 1]!, six[3 * 4 + 3]!], [36, 36, 18, 12, 36 / Math.SQRT2, 6 * Math.SQRT2], 1e-12, 'S = 6');
    // S = 8, 5 columns: (4, 4) is f = √(¼ + ¼) → 8·√2; (5, 2): fy = −3/8, fx = 2/8, f = √13/8 → 64/√13.
    const eight = spectrumScale(8);
    assertClose([eight[0]!, eight[4 * 5 + 4]!, eight[5 * 5 + 2]!], [64, 8 * Math.SQRT2, 64 / Math.sqrt(13)], 1e-12, 'S = 8');
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((k) => fftFrequency(k, 6)), [0, 1 / 6, 2 / 6, -3 / 6, -2 / 6, -1 / 6]);
    assert.deepEqual([0, 1, 2, 3, 4].map((k) => fftFrequency(k, 5)), [0, 1 / 5, 2 / 5, -2 / 5, -1 / 5]);
  });

  it('matches values computed with numpy.fft.irfft2 for S = 6', () => {
    const S = 6;
    const params = new Float32Array(new SpectralBasis(S).parameterCount);
    const set = (c: number, ky: number, kx: number, re: number, im: number): void => {
      params[at(S, c, ky, kx, 0)] = re;
      params[at(S, c, ky, kx, 1)] = im;
    };
    set(0, 1, 2, 0.3, -0.2);
    set(0, 0, 0, 0.5, 0.7); // the DC's imaginary part has no effect
    set(0, 4, 3, 0.25, 0.4); // column S/2
    set(0, 2, 0, 0, 0.6); // column 0, imaginary part at ky ≠ 0: it does count
    set(2, 5, 1, -0.1, 0.9);
    const image = new SpectralBasis(S).forward(params);
    const pick = (c: number, y: number): number[] => Array.from({ length: S }, (_, x) => image[(y * S + x) * 3 + c]!);
    // numpy 2.4: np.fft.irfft2(scale * X, s=(6, 6)) / 4, rows [0, 0], [0, 1], [2, 3] and [1, 0].
    assertClose(pick(0, 0), [0.20941642, 0.11285443, 0.07006353, 0.17474766, 0.14752319, 0.03539477], 2e-7, 'channel 0 row 0');
    assertClose(pick(0, 1), [0.14767098, -0.02238598, 0.07021131, 0.11696692, 0.00831809, 0.03950725], 2e-7, 'channel 0 row 1');
    assertClose(pick(2, 3), [0.03535534, 0.29324527, 0.25788993, -0.03535534, -0.29324527, -0.25788993], 2e-7, 'channel 2 row 3');
    assertClose(pick(1, 0), [0, 0, 0, 0, 0, 0], 0, 'channel 1 is empty');
  });

  for (const S of [1, 2, 6, 7, 9, 12]) {
    it(`S = ${S}: the inverse transform matches the brute-force numpy-convention irfft2`, () => {
      const basis = new SpectralBasis(S);
      const params = randomVector(basis.parameterCount, 'spectral-brute', S);
      assertClose(basis.forward(params), bruteForceImage(S, params, spectrumScale(S)), 1e-6, `S = ${S}`);
    });
  }

  it('a single frequency gives the expected cosine: weight 2 inside the half spectrum, 1 on columns 0 and S/2', () => {
    const S = 8;
    const basis = new SpectralBasis(S);
    const scale = spectrumScale(S);
    const cases: [ky: number, kx: number, part: 0 | 1, weight: number][] = [
      [3, 2, 0, 2], // re at an interior column: 2·a·cos θ
      [3, 2, 1, 2], // im there: −2·a·sin θ
      [5, 0, 0, 1], // column 0: counted once
      [5, 0, 1, 1], // its imaginary part still acts through the column transform: −a·sin
      [6, 4, 0, 1], // column S/2: counted once
      [6, 4, 1, 1], // its imaginary part acts through the column transform too
      [4, 4, 1, 1], // ... except where sin θ = sin(π(x + y)) vanishes: irfft drops it
      [0, 0, 1, 1], // the DC's imaginary part: dropped
    ];
    for (const [ky, kx, part, weight] of cases) {
      const params = new Float32Array(basis.parameterCount);
      params[at(S, 1, ky, kx, part)] = 1;
      const image = basis.forward(params);
      const a = (weight * scale[ky * 5 + kx]!) / (4 * S * S);
      const expected = new Float64Array(S * S * 3);
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const theta = (2 * Math.PI * (ky * y + kx * x)) / S;
          expected[(y * S + x) * 3 + 1] = part === 0 ? a * Math.cos(theta) : -a * Math.sin(theta);
        }
      }
      assertClose(image, expected, 1e-7, `frequency (${ky}, ${kx}) part ${part}`);
    }
  });

  for (const S of [1, 2, 6, 7, 8, 64, 80, 96, 112, 128]) {
    it(`S = ${S}: the adjoint satisfies ⟨A p, g⟩ = ⟨p, Aᵀ g⟩`, () => {
      const basis = new SpectralBasis(S);
      assertAdjoint((p) => basis.forward(p), (g) => basis.adjoint(g), basis.parameterCount, S * S * 3, `spectral ${S}`);
    });
  }

  it('the adjoint is not plain rfft2: the interior columns carry weight 2', () => {
    // ∂⟨image, g⟩/∂re(ky, kx) for g a cosine at (ky, kx): by hand, a·m·Σcos² = a·m·S²/2 (m = 2).
    const S = 8;
    const basis = new SpectralBasis(S);
    const g = new Float32Array(S * S * 3);
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) g[(y * S + x) * 3] = Math.cos((2 * Math.PI * (1 * y + 2 * x)) / S);
    const gradient = basis.adjoint(g);
    const a = spectrumScale(S)[1 * 5 + 2]! / (4 * S * S);
    assert.ok(Math.abs(gradient[at(S, 0, 1, 2, 0)]! - (a * 2 * S * S) / 2) < 1e-6);
  });

  it('starts from N(0, 0.01²), deterministic per random source', () => {
    const basis = new SpectralBasis(64);
    const params = basis.init(seededRandom(0, 'block1_conv1', 5, 'spectrum'));
    const n = params.length;
    const mean = params.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(params.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    assert.ok(Math.abs(mean) < 3 * (0.01 / Math.sqrt(n)) + 1e-6, `mean ${mean}`);
    assert.ok(Math.abs(std - 0.01) < 0.0002, `std ${std}`);
    const within1 = params.filter((v) => Math.abs(v) < 0.01).length / n;
    assert.ok(Math.abs(within1 - 0.6827) < 0.01, `share within one std ${within1}`);
    assert.deepEqual(basis.init(seededRandom(0, 'block1_conv1', 5, 'spectrum')), params);
    assert.notDeepEqual(basis.init(seededRandom(0, 'block1_conv1', 6, 'spectrum')), params);
  });

  it('rejects wrongly sized arrays', () => {
    const basis = new SpectralBasis(6);
    assert.throws(() => basis.forward(new Float32Array(3)), RangeError);
    assert.throws(() => basis.adjoint(new Float32Array(6 * 6 * 3), new Float32Array(2)), RangeError);
  });
});
