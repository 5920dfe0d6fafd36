/**
 * Complex discrete Fourier transforms of any length, for the spectral parameterization.
 *
 * Mixed-radix Stockham (self-sorting, decimation in frequency): one pass per factor of the length,
 * ping-ponging between the caller's arrays and a scratch pair, output in natural order. Radices
 * 4, 2 and 3 have hand-written butterflies; any other prime factor p uses a direct p-point DFT, so a
 * prime length costs O(n²) (still fine at image sides of a few hundred). Arithmetic is float64.
 *
 * Many sequences are transformed at once, stored interleaved: element t of sequence q at index
 * q + count·t. The innermost loop then runs over q with unit stride, which is what makes the
 * column transforms of an image cheap without transposing it.
 */

/** The sign of the exponent: -1 is the forward DFT Σ x e^{-2πi kt/n}, +1 the unnormalised inverse. */
export type FftSign = -1 | 1;

interface Stage {
  readonly radix: number;
  readonly sign: FftSign;
  /** Length of the sub-transform this stage splits (n, n/r₁, n/(r₁r₂), …). */
  readonly length: number;
  /** ω_length^{p·k} for p ∈ [0, length/radix), k ∈ [1, radix): index p·(radix-1) + k-1. */
  readonly twiddleRe: Float64Array;
  readonly twiddleIm: Float64Array;
  /** For a generic radix: ω_radix^{j·k}, index j·radix + k. Empty for 2, 3, 4. */
  readonly rootsRe: Float64Array;
  readonly rootsIm: Float64Array;
}

/** Factors of n, fours first, then twos, threes and the other primes in increasing order. */
export function fftFactors(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (let p = 2; rest > 1; p++) {
    if (p * p > rest) {
      factors.push(rest);
      break;
    }
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  return factors;
}

/** A precomputed transform of one length and direction. Not safe for concurrent use (scratch). */
export class FftPlan {
  readonly length: number;
  readonly sign: FftSign;
  private readonly stages: readonly Stage[];
  private scratchRe = new Float64Array(0);
  private scratchIm = new Float64Array(0);

  constructor(length: number, sign: FftSign) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`FFT length must be a positive integer, got ${length}`);
    this.length = length;
    this.sign = sign;
    const stages: Stage[] = [];
    let current = length;
    for (const radix of fftFactors(length)) {
      stages.push(makeStage(radix, current, sign));
      current /= radix;
    }
    this.stages = stages;
  }

  /**
   * Transforms `count` interleaved sequences in place: on return re/im hold
   * X_q[k] = Σ_t x_q[t] e^{sign·2πi kt/n} at index q + count·k. Unnormalised in both directions.
   */
  transform(re: Float64Array, im: Float64Array, count: number): void {
    const total = count * this.length;
    if (re.length < total || im.length < total) throw new RangeError(`FFT buffers hold ${Math.min(re.length, im.length)} values, need ${total}`);
    if (this.scratchRe.length < total) {
      this.scratchRe = new Float64Array(total);
      this.scratchIm = new Float64Array(total);
    }
    let fromRe: Float64Array = re;
    let fromIm: Float64Array = im;
    let toRe: Float64Array = this.scratchRe;
    let toIm: Float64Array = this.scratchIm;
    let stride = count;
    for (const stage of this.stages) {
      runStage(stage, stride, fromRe, fromIm, toRe, toIm);
      stride *= stage.radix;
      [fromRe, toRe] = [toRe, fromRe];
      [fromIm, toIm] = [toIm, fromIm];
    }
    if (fromRe !== re) {
      re.set(fromRe.subarray(0, total));
      im.set(fromIm.subarray(0, total));
    }
  }
}

function makeStage(radix: number, length: number, sign: FftSign): Stage {
  const m = length / radix;
  const twiddleRe = new Float64Array(m * (radix - 1));
  const twiddleIm = new Float64Array(m * (radix - 1));
  for (let p = 0; p < m; p++) {
    for (let k = 1; k < radix; k++) {
      const angle = (sign * 2 * Math.PI * ((p * k) % length)) / length;
      twiddleRe[p * (radix - 1) + k - 1] = Math.cos(angle);
      twiddleIm[p * (radix - 1) + k - 1] = Math.sin(angle);
    }
  }
  const generic = radix !== 2 && radix !== 3 && radix !== 4;
  const rootsRe = new Float64Array(generic ? radix * radix : 0);
  const rootsIm = new Float64Array(generic ? radix * radix : 0);
  if (generic) {
    for (let j = 0; j < radix; j++) {
      for (let k = 0; k < radix; k++) {
        const angle = (sign * 2 * Math.PI * ((j * k) % radix)) / radix;
        rootsRe[j * radix + k] = Math.cos(angle);
        rootsIm[j * radix + k] = Math.sin(angle);
      }
    }
  }
  return { radix, sign, length, twiddleRe, twiddleIm, rootsRe, rootsIm };
}

/**
 * One Stockham pass. With m = length/radix, input element t = p + j·m of each sub-sequence (at
 * q + s·t) feeds output r·p + k (at q + s·(r·p + k)):
 *   y[r·p + k] = ω_length^{p·k} · Σ_j x[p + j·m] ω_radix^{j·k}.
 * Each k then holds a length-m sub-problem at stride s·r, which the next pass splits further.
 */
function runStage(stage: Stage, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { radix, length, twiddleRe, twiddleIm } = stage;
  const m = length / radix;
  const sm = s * m;
  if (radix === 4) {
    const rot = stage.sign;
    for (let p = 0; p < m; p++) {
      const w = p * 3;
      const w1r = twiddleRe[w]!, w1i = twiddleIm[w]!;
      const w2r = twiddleRe[w + 1]!, w2i = twiddleIm[w + 1]!;
      const w3r = twiddleRe[w + 2]!, w3i = twiddleIm[w + 2]!;
      const inBase = s * p;
      const outBase = s * 4 * p;
      for (let q = 0; q < s; q++) {
        const i0 = inBase + q;
        const a0r = xr[i0]!, a0i = xi[i0]!;
        const a1r = xr[i0 + sm]!, a1i = xi[i0 + sm]!;
        const a2r = xr[i0 + 2 * sm]!, a2i = xi[i0 + 2 * sm]!;
        const a3r = xr[i0 + 3 * sm]!, a3i = xi[i0 + 3 * sm]!;
        const sr = a0r + a2r, si = a0i + a2i;
        const dr = a0r - a2r, di = a0i - a2i;
        const tr = a1r + a3r, ti = a1i + a3i;
        // (a1 - a3) · (sign·i)
        const ur = -rot * (a1i - a3i), ui = rot * (a1r - a3r);
        const o = outBase + q;
        yr[o] = sr + tr;
        yi[o] = si + ti;
        const b1r = dr + ur, b1i = di + ui;
        yr[o + s] = b1r * w1r - b1i * w1i;
        yi[o + s] = b1r * w1i + b1i * w1r;
        const b2r = sr - tr, b2i = si - ti;
        yr[o + 2 * s] = b2r * w2r - b2i * w2i;
        yi[o + 2 * s] = b2r * w2i + b2i * w2r;
        const b3r = dr - ur, b3i = di - ui;
        yr[o + 3 * s] = b3r * w3r - b3i * w3i;
        yi[o + 3 * s] = b3r * w3i + b3i * w3r;
      }
    }
  } else if (radix === 2) {
    for (let p = 0; p < m; p++) {
      const wr = twiddleRe[p]!, wi = twiddleIm[p]!;
      const inBase = s * p;
      const outBase = s * 2 * p;
      for (let q = 0; q < s; q++) {
        const i0 = inBase + q;
        const a0r = xr[i0]!, a0i = xi[i0]!;
        const a1r = xr[i0 + sm]!, a1i = xi[i0 + sm]!;
        const o = outBase + q;
        yr[o] = a0r + a1r;
        yi[o] = a0i + a1i;
        const br = a0r - a1r, bi = a0i - a1i;
        yr[o + s] = br * wr - bi * wi;
        yi[o + s] = br * wi + bi * wr;
      }
    }
  } else if (radix === 3) {
    // ω₃ = -1/2 + sign·i·√3/2
    const h = (stage.sign * Math.sqrt(3)) / 2;
    for (let p = 0; p < m; p++) {
      const w = p * 2;
      const w1r = twiddleRe[w]!, w1i = twiddleIm[w]!;
      const w2r = twiddleRe[w + 1]!, w2i = twiddleIm[w + 1]!;
      const inBase = s * p;
      const outBase = s * 3 * p;
      for (let q = 0; q < s; q++) {
        const i0 = inBase + q;
        const a0r = xr[i0]!, a0i = xi[i0]!;
        const a1r = xr[i0 + sm]!, a1i = xi[i0 + sm]!;
        const a2r = xr[i0 + 2 * sm]!, a2i = xi[i0 + 2 * sm]!;
        const tr = a1r + a2r, ti = a1i + a2i;
        const cr = a0r - 0.5 * tr, ci = a0i - 0.5 * ti;
        // (a1 - a2) · i·h
        const ur = -h * (a1i - a2i), ui = h * (a1r - a2r);
        const o = outBase + q;
        yr[o] = a0r + tr;
        yi[o] = a0i + ti;
        const b1r = cr + ur, b1i = ci + ui;
        yr[o + s] = b1r * w1r - b1i * w1i;
        yi[o + s] = b1r * w1i + b1i * w1r;
        const b2r = cr - ur, b2i = ci - ui;
        yr[o + 2 * s] = b2r * w2r - b2i * w2i;
        yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      }
    }
  } else {
    genericStage(stage, s, xr, xi, yr, yi);
  }
}

/** Any radix r: a direct r-point DFT per butterfly (r² complex products). */
function genericStage(stage: Stage, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { radix, length, twiddleRe, twiddleIm, rootsRe, rootsIm } = stage;
  const m = length / radix;
  for (let p = 0; p < m; p++) {
    for (let k = 0; k < radix; k++) {
      const wr = k === 0 ? 1 : twiddleRe[p * (radix - 1) + k - 1]!;
      const wi = k === 0 ? 0 : twiddleIm[p * (radix - 1) + k - 1]!;
      const o = s * (radix * p + k);
      for (let q = 0; q < s; q++) {
        let accR = 0;
        let accI = 0;
        for (let j = 0; j < radix; j++) {
          const i = q + s * (p + j * m);
          const rr = rootsRe[j * radix + k]!, ri = rootsIm[j * radix + k]!;
          const ar = xr[i]!, ai = xi[i]!;
          accR += ar * rr - ai * ri;
          accI += ar * ri + ai * rr;
        }
        yr[o + q] = accR * wr - accI * wi;
        yi[o + q] = accR * wi + accI * wr;
      }
    }
  }
}
