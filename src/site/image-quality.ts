/**
 * How far a lossy display image is from its lossless source: PSNR and SSIM over the RGB
 * channels at the source's own resolution (every pixel of a pattern is shown, enlarged).
 * Used by scripts/measure-web-images.ts to choose the display encoding, and by the tests
 * to check that what the site ships stays above the chosen bar.
 */
import sharp from 'sharp';

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** Interleaved 8-bit RGB, row-major. */
  readonly data: Uint8Array;
}

export interface Fidelity {
  /** Peak signal-to-noise ratio over all RGB samples, in dB (Infinity when identical). */
  readonly psnr: number;
  /** Mean SSIM of the three channels (Gaussian window, sigma 1.5, as Wang et al. 2004). */
  readonly ssim: number;
  /** Largest absolute difference of any sample, 0-255. */
  readonly maxError: number;
}

/** Decodes any image sharp reads into 8-bit RGB (alpha dropped). */
export async function readRgb(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const WINDOW_RADIUS = 5;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

function gaussianKernel(): Float64Array {
  const kernel = new Float64Array(2 * WINDOW_RADIUS + 1);
  let sum = 0;
  for (let i = -WINDOW_RADIUS; i <= WINDOW_RADIUS; i += 1) {
    const value = Math.exp(-(i * i) / (2 * SIGMA * SIGMA));
    kernel[i + WINDOW_RADIUS] = value;
    sum += value;
  }
  return kernel.map((value) => value / sum);
}

/** One 1-D pass of a Gaussian blur along rows or columns, the window clamped at the borders (renormalised). */
function blurPass(plane: Float64Array, width: number, height: number, kernel: Float64Array, along: 'x' | 'y'): Float64Array {
  const out = new Float64Array(plane.length);
  const [step, limit] = along === 'x' ? [1, width] : [width, height];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const position = along === 'x' ? x : y;
      let sum = 0;
      let weight = 0;
      for (let k = -WINDOW_RADIUS; k <= WINDOW_RADIUS; k += 1) {
        if (position + k < 0 || position + k >= limit) continue;
        const w = kernel[k + WINDOW_RADIUS] ?? 0;
        sum += w * (plane[y * width + x + k * step] ?? 0);
        weight += w;
      }
      out[y * width + x] = sum / weight;
    }
  }
  return out;
}

function blur(plane: Float64Array, width: number, height: number, kernel: Float64Array): Float64Array {
  return blurPass(blurPass(plane, width, height, kernel, 'x'), width, height, kernel, 'y');
}

function channelSsim(a: RgbImage, b: RgbImage, channel: number, kernel: Float64Array): number {
  const { width, height } = a;
  const n = width * height;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    x[i] = a.data[i * 3 + channel] ?? 0;
    y[i] = b.data[i * 3 + channel] ?? 0;
  }
  const mx = blur(x, width, height, kernel);
  const my = blur(y, width, height, kernel);
  const xx = blur(x.map((v) => v * v), width, height, kernel);
  const yy = blur(y.map((v) => v * v), width, height, kernel);
  const xy = blur(x.map((v, i) => v * (y[i] ?? 0)), width, height, kernel);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const mux = mx[i] ?? 0;
    const muy = my[i] ?? 0;
    const vx = (xx[i] ?? 0) - mux * mux;
    const vy = (yy[i] ?? 0) - muy * muy;
    const cov = (xy[i] ?? 0) - mux * muy;
    total += ((2 * mux * muy + C1) * (2 * cov + C2)) / ((mux * mux + muy * muy + C1) * (vx + vy + C2));
  }
  return total / n;
}

/** PSNR, SSIM and the largest error of `candidate` against `reference` (same size). */
export function fidelity(reference: RgbImage, candidate: RgbImage): Fidelity {
  if (reference.width !== candidate.width || reference.height !== candidate.height) {
    throw new Error(`size mismatch: ${reference.width}×${reference.height} vs ${candidate.width}×${candidate.height}`);
  }
  let squared = 0;
  let maxError = 0;
  for (let i = 0; i < reference.data.length; i += 1) {
    const difference = Math.abs((reference.data[i] ?? 0) - (candidate.data[i] ?? 0));
    squared += difference * difference;
    if (difference > maxError) maxError = difference;
  }
  const mse = squared / reference.data.length;
  const psnr = mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse);
  const kernel = gaussianKernel();
  const ssim = [0, 1, 2].reduce((sum, channel) => sum + channelSsim(reference, candidate, channel, kernel), 0) / 3;
  return { psnr, ssim, maxError };
}

/** A rectangle of an image, as its own image. */
export function cropRgb(image: RgbImage, area: { left: number; top: number; width: number; height: number }): RgbImage {
  const data = new Uint8Array(area.width * area.height * 3);
  for (let y = 0; y < area.height; y += 1) {
    const start = ((area.top + y) * image.width + area.left) * 3;
    data.set(image.data.subarray(start, start + area.width * 3), y * area.width * 3);
  }
  return { width: area.width, height: area.height, data };
}
