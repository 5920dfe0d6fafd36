/**
 * The Fourier parameterization of Lucid's `fft_image` (Olah et al., Feature Visualization, 2017).
 *
 * Pixels are strongly correlated in natural images, and plain gradient ascent in pixel space is
 * dominated by high frequencies. Optimising the real and imaginary parts of the image's spectrum,
 * each frequency pre-scaled by 1/f (decay 1), whitens that: every frequency moves about equally fast
 * per step, so low frequencies are no longer starved and the result is far less speckled.
 *
 * For one image of side S and 3 channels, per channel and frequency (ky, kx), ky ∈ [0, S),
 * kx ∈ [0, ⌊S/2⌋] (the real-FFT half spectrum):
 *   scale(ky, kx) = sqrt(S·S) / max(f, 1/S)^decay,  f = sqrt(fy² + fx²) in cycles per pixel
 *                   (fy numpy's fftfreq(S)[ky], fx its rfftfreq(S)[kx]);
 *   image_c = irfft2(scale ⊙ (re + i·im)) / 4, numpy's `irfft2` with its 1/(S·S) normalisation.
 * numpy's irfft drops the imaginary parts of the row transforms' columns 0 and S/2 (even S) and
 * counts every other column twice (once for itself, once for its Hermitian mirror). So
 *   image_c[y, x] = Σ_{ky,kx} a(ky,kx) · (re·cos θ − im·sin θ),  θ = 2π(ky·y + kx·x)/S,
 *   a = scale/(4·S·S) · m(kx),  m = 1 for column 0 and S/2, 2 otherwise,
 * and its adjoint is ∂/∂re = a·Re G, ∂/∂im = a·Im G with G = Σ g e^{-iθ}: the unnormalised rfft2
 * of the gradient, weighted by m. That weight is why the adjoint is not simply rfft2.
 *
 * Parameter layout: [channel][ky][kx][re, im], 3 · S · (⌊S/2⌋+1) · 2 values. Output HWC.
 * Both directions run separable FFTs of any length (fft.ts): columns as Wf interleaved complex
 * transforms, rows two at a time packed as real + i·imaginary of one complex transform.
 */
import { normalSource, type Uniform } from '../noise.ts';
import { FftPlan } from './fft.ts';
import { checkLength, outputArray, type Description, type ImageBasis } from './types.ts';

const CHANNELS = 3;

/** Lucid's defaults. */
export const SPECTRAL_DECAY = 1;
export const SPECTRAL_INIT_STD = 0.01;
/** The image is divided by this after the inverse FFT. */
export const SPECTRAL_OUTPUT_DIVISOR = 4;

/** numpy fftfreq(n)[k]: k/n for k < ceil(n/2), (k − n)/n above. */
export function fftFrequency(k: number, n: number): number {
  return (k < Math.ceil(n / 2) ? k : k - n) / n;
}

/** Lucid's per-frequency scale, sqrt(w·h) / max(f, 1/max(w, h))^decay, as [ky][kx] row-major. */
export function spectrumScale(size: number, decay: number = SPECTRAL_DECAY): Float64Array {
  const width = Math.floor(size / 2) + 1;
  const scale = new Float64Array(size * width);
  for (let ky = 0; ky < size; ky++) {
    const fy = fftFrequency(ky, size);
    for (let kx = 0; kx < width; kx++) {
      const fx = kx / size; // rfftfreq
      const f = Math.sqrt(fy * fy + fx * fx);
      scale[ky * width + kx] = Math.sqrt(size * size) / Math.max(f, 1 / size) ** decay;
    }
  }
  return scale;
}

export class SpectralBasis implements ImageBasis {
  readonly size: number;
  /** ⌊S/2⌋ + 1 complex columns per row of the half spectrum. */
  readonly spectrumWidth: number;
  readonly parameterCount: number;
  readonly description: Description;
  private readonly forwardWeight: Float64Array;
  private readonly adjointWeight: Float64Array;
  private readonly inverseColumns: FftPlan;
  private readonly inverseRows: FftPlan;
  private readonly forwardColumns: FftPlan;
  private readonly forwardRows: FftPlan;
  /** Half spectrum of one channel, [ky][kx]. */
  private readonly specRe: Float64Array;
  private readonly specIm: Float64Array;
  /** Row pairs of one channel, [x or kx][pair]. */
  private readonly rowRe: Float64Array;
  private readonly rowIm: Float64Array;
  private readonly pairs: number;

  constructor(size: number, decay: number = SPECTRAL_DECAY) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`image side must be a positive integer, got ${size}`);
    this.size = size;
    const width = Math.floor(size / 2) + 1;
    this.spectrumWidth = width;
    this.parameterCount = CHANNELS * size * width * 2;
    this.description = { basis: 'fourier', decay, initStd: SPECTRAL_INIT_STD, outputDivisor: SPECTRAL_OUTPUT_DIVISOR, normalisation: 'numpy irfft2' };
    const scale = spectrumScale(size, decay);
    this.forwardWeight = new Float64Array(scale.length);
    this.adjointWeight = new Float64Array(scale.length);
    for (let ky = 0; ky < size; ky++) {
      for (let kx = 0; kx < width; kx++) {
        const i = ky * width + kx;
        const a = scale[i]! / (SPECTRAL_OUTPUT_DIVISOR * size * size);
        const selfMirrored = kx === 0 || 2 * kx === size;
        this.forwardWeight[i] = a;
        this.adjointWeight[i] = selfMirrored ? a : 2 * a;
      }
    }
    this.inverseColumns = new FftPlan(size, 1);
    this.inverseRows = new FftPlan(size, 1);
    this.forwardColumns = new FftPlan(size, -1);
    this.forwardRows = new FftPlan(size, -1);
    this.specRe = new Float64Array(size * width);
    this.specIm = new Float64Array(size * width);
    this.pairs = Math.ceil(size / 2);
    this.rowRe = new Float64Array(size * this.pairs);
    this.rowIm = new Float64Array(size * this.pairs);
  }

  /** Every parameter from N(0, 0.01²), in layout order. */
  init(random: Uniform): Float32Array {
    const normal = normalSource(random);
    const params = new Float32Array(this.parameterCount);
    for (let i = 0; i < params.length; i++) params[i] = normal() * SPECTRAL_INIT_STD;
    return params;
  }

  forward(params: Float32Array, out?: Float32Array): Float32Array {
    checkLength(params, this.parameterCount, 'SpectralBasis.forward params');
    const S = this.size;
    const W = this.spectrumWidth;
    const P = this.pairs;
    const image = outputArray(out, S * S * CHANNELS, 'SpectralBasis.forward');
    const { specRe, specIm, rowRe, rowIm, forwardWeight } = this;
    for (let c = 0; c < CHANNELS; c++) {
      const base = c * S * W * 2;
      for (let i = 0; i < S * W; i++) {
        const a = forwardWeight[i]!;
        specRe[i] = a * params[base + 2 * i]!;
        specIm[i] = a * params[base + 2 * i + 1]!;
      }
      // Inverse DFT down each column kx (sequences interleaved at stride W): spec[y][kx].
      this.inverseColumns.transform(specRe, specIm, W);
      // Rows y = 2p and 2p+1 as the real and imaginary parts of one Hermitian-extended sequence.
      for (let p = 0; p < P; p++) {
        const ya = 2 * p;
        const yb = ya + 1;
        const hasB = yb < S;
        for (let k = 0; k < S; k++) {
          // Full-row coefficient k from the half spectrum: itself for k < W, else conj(row[S − k]).
          const mirror = k < W ? k : S - k;
          const conj = k < W ? 1 : -1;
          const selfMirrored = k === 0 || 2 * k === S;
          const ar = specRe[ya * W + mirror]!;
          const ai = selfMirrored ? 0 : conj * specIm[ya * W + mirror]!;
          const br = hasB ? specRe[yb * W + mirror]! : 0;
          const bi = hasB && !selfMirrored ? conj * specIm[yb * W + mirror]! : 0;
          // A + i·B
          rowRe[k * P + p] = ar - bi;
          rowIm[k * P + p] = ai + br;
        }
      }
      this.inverseRows.transform(rowRe, rowIm, P);
      for (let p = 0; p < P; p++) {
        const ya = 2 * p;
        for (let x = 0; x < S; x++) {
          image[(ya * S + x) * CHANNELS + c] = rowRe[x * P + p]!;
          if (ya + 1 < S) image[((ya + 1) * S + x) * CHANNELS + c] = rowIm[x * P + p]!;
        }
      }
    }
    return image;
  }

  adjoint(imageGradient: Float32Array, out?: Float32Array): Float32Array {
    const S = this.size;
    const W = this.spectrumWidth;
    const P = this.pairs;
    checkLength(imageGradient, S * S * CHANNELS, 'SpectralBasis.adjoint imageGradient');
    const gradient = outputArray(out, this.parameterCount, 'SpectralBasis.adjoint');
    const { specRe, specIm, rowRe, rowIm, adjointWeight } = this;
    for (let c = 0; c < CHANNELS; c++) {
      for (let p = 0; p < P; p++) {
        const ya = 2 * p;
        const hasB = ya + 1 < S;
        for (let x = 0; x < S; x++) {
          rowRe[x * P + p] = imageGradient[(ya * S + x) * CHANNELS + c]!;
          rowIm[x * P + p] = hasB ? imageGradient[((ya + 1) * S + x) * CHANNELS + c]! : 0;
        }
      }
      // Forward DFT of each packed pair: U = FFT(a + i·b).
      this.forwardRows.transform(rowRe, rowIm, P);
      // Unpack: FFT(a)[k] = (U[k] + conj U[−k]) / 2, FFT(b)[k] = (U[k] − conj U[−k]) / (2i).
      for (let p = 0; p < P; p++) {
        const ya = 2 * p;
        const hasB = ya + 1 < S;
        for (let k = 0; k < W; k++) {
          const neg = k === 0 ? 0 : S - k;
          const ur = rowRe[k * P + p]!, ui = rowIm[k * P + p]!;
          const vr = rowRe[neg * P + p]!, vi = rowIm[neg * P + p]!;
          specRe[ya * W + k] = (ur + vr) / 2;
          specIm[ya * W + k] = (ui - vi) / 2;
          if (hasB) {
            specRe[(ya + 1) * W + k] = (ui + vi) / 2;
            specIm[(ya + 1) * W + k] = (vr - ur) / 2;
          }
        }
      }
      this.forwardColumns.transform(specRe, specIm, W);
      const base = c * S * W * 2;
      for (let i = 0; i < S * W; i++) {
        const a = adjointWeight[i]!;
        gradient[base + 2 * i] = a * specRe[i]!;
        gradient[base + 2 * i + 1] = a * specIm[i]!;
      }
    }
    return gradient;
  }
}
