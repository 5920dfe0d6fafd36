/**
 * Complex discrete Fourier transforms of any length, for the spectral parameterization.
 *
 * Mixed-radix Stockham (self-sorting, decimation in frequency): one pass per factor of the length,
 * ping-ponging between the caller's arrays and a scratch pair, output in natural order. Radices
 * 4, 2 and 3 have hand-written butterflies; any other prime factor p uses a direct p-point DFT
 * (paired by symmetry), so a prime length costs O(n²) (still fine at image sides of a few hundred). Arithmetic is float64.
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
  /**
   * For an odd radix r ≥ 5, with h = (r − 1)/2 and j, k ∈ [1, h]: cos(2πjk/r) and sign·sin(2πjk/r)
   * at index (k − 1)·h + j − 1. Empty for 2, 3, 4.
   */
  readonly cosines: Float64Array;
  readonly sines: Float64Array;
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
  // fftFactors leaves only odd primes ≥ 5 for the generic butterfly.
  const half = radix > 4 ? (radix - 1) / 2 : 0;
  const cosines = new Float64Array(half * half);
  const sines = new Float64Array(half * half);
  for (let k = 1; k <= half; k++) {
    for (let j = 1; j <= half; j++) {
      const angle = (2 * Math.PI * ((j * k) % radix)) / radix;
      cosines[(k - 1) * half + j - 1] = Math.cos(angle);
      sines[(k - 1) * half + j - 1] = sign * Math.sin(angle);
    }
  }
  return { radix, sign, length, twiddleRe, twiddleIm, cosines, sines };
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
    oddStage(stage, s, xr, xi, yr, yi);
  }
}

/**
 * An odd radix r ≥ 5 as a direct r-point DFT, pairing inputs j and r − j: with T = a_j + a_{r−j},
 * D = a_j − a_{r−j}, C = cos(2πjk/r), S = sign·sin(2πjk/r),
 *   b_k = a_0 + Σ_j (T·C + i·D·S),   b_{r−k} = a_0 + Σ_j (T·C − i·D·S),   j, k ∈ [1, (r − 1)/2],
 * about a quarter of the real multiplications of the plain r² complex sum.
 */
function oddStage(stage: Stage, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { radix, length, twiddleRe, twiddleIm, cosines, sines } = stage;
  if (radix % 2 === 0) throw new Error(`no butterfly for radix ${radix}`);
  const m = length / radix;
  const h = (radix - 1) / 2;
  const tr = new Float64Array(h), ti = new Float64Array(h), dr = new Float64Array(h), di = new Float64Array(h);
  for (let p = 0; p < m; p++) {
    const tw = p * (radix - 1);
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p;
      const a0r = xr[i0]!, a0i = xi[i0]!;
      let b0r = a0r, b0i = a0i;
      for (let j = 1; j <= h; j++) {
        const ia = i0 + s * j * m;
        const ib = i0 + s * (radix - j) * m;
        const ar = xr[ia]!, ai = xi[ia]!, br = xr[ib]!, bi = xi[ib]!;
        tr[j - 1] = ar + br;
        ti[j - 1] = ai + bi;
        dr[j - 1] = ar - br;
        di[j - 1] = ai - bi;
        b0r += ar + br;
        b0i += ai + bi;
      }
      const o = q + s * radix * p;
      yr[o] = b0r;
      yi[o] = b0i;
      for (let k = 1; k <= h; k++) {
        let cr = a0r, ci = a0i, sr = 0, si = 0;
        const row = (k - 1) * h;
        for (let j = 0; j < h; j++) {
          const c = cosines[row + j]!, sn = sines[row + j]!;
          cr += tr[j]! * c;
          ci += ti[j]! * c;
          sr += dr[j]! * sn;
          si += di[j]! * sn;
        }
        // b_k = C + i·S, b_{r−k} = C − i·S, then the twiddles ω^{p·k} and ω^{p·(r−k)}.
        const bkr = cr - si, bki = ci + sr;
        const bmr = cr + si, bmi = ci - sr;
        const wkr = twiddleRe[tw + k - 1]!, wki = twiddleIm[tw + k - 1]!;
        const wmr = twiddleRe[tw + radix - k - 1]!, wmi = twiddleIm[tw + radix - k - 1]!;
        yr[o + s * k] = bkr * wkr - bki * wki;
        yi[o + s * k] = bkr * wki + bki * wkr;
        yr[o + s * (radix - k)] = bmr * wmr - bmi * wmi;
        yi[o + s * (radix - k)] = bmr * wmi + bmi * wmr;
      }
    }
  }
}
