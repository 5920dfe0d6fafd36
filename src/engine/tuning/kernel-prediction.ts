import type { ConvWeights } from '../weights/types.ts';

/**
 * Predicts a first-layer filter's grating tuning from its kernel alone.
 *
 * Before its ReLU a block1_conv1 filter is linear. A luminance grating adds the same sinusoid
 * s(p) = A·cos(ω·p + φ) to all three input channels (in caffe input too: the BGR swap and the
 * mean subtraction leave it equal across channels), so the filter's pre-activation is
 * b′ + A·|K(ω)|·cos(ω·p + φ′), where K is the 2-D Fourier transform of the channel-summed kernel
 * and b′ (bias plus the response to mid-gray) is the same for every luminance grating. The mean
 * of ReLU(b′ + a·cos) over whole periods grows with a, so the grating that excites the filter
 * most is the one where |K(ω)| is largest.
 *
 * ω follows the stimulus conventions (see stimuli.ts): for orientation θ and f cycles per side
 * T, ω = (2π·f/T)·(sin θ, cos θ) over (column, row), with rows going down. The kernel is read in
 * Keras HWIO layout: index 0 is the row (H, top to bottom), index 1 the column (W).
 */

/** A 2-D kernel, row-major, `height` rows (top to bottom) of `width` columns. */
export interface Kernel2D {
  readonly height: number;
  readonly width: number;
  readonly values: Float64Array;
}

/** One filter's kernel summed over its input channels (a first layer's: what a luminance grating sees). */
export function channelSummedKernel(conv: ConvWeights, filter: number): Kernel2D {
  const [height, width, inChannels, outChannels] = conv.kernelShape;
  if (!Number.isInteger(filter) || filter < 0 || filter >= outChannels) throw new RangeError(`filter ${filter} is not in 0..${outChannels - 1}`);
  const values = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let ch = 0; ch < inChannels; ch++) sum += conv.kernel[((r * width + c) * inChannels + ch) * outChannels + filter]!;
      values[r * width + c] = sum;
    }
  }
  return { height, width, values };
}

/**
 * |K(ω)|: the factor by which the kernel scales the amplitude of a grating of `cyclesPerSide`
 * cycles per `size` px at `orientation` degrees (our convention). The sign convention of the
 * transform does not matter for the magnitude; the row direction does (it tells 45° from 135°).
 */
export function gratingGain(kernel: Kernel2D, cyclesPerSide: number, orientation: number, size: number): number {
  const theta = (orientation * Math.PI) / 180;
  const k = (2 * Math.PI * cyclesPerSide) / size;
  const kx = k * Math.sin(theta);
  const ky = k * Math.cos(theta);
  let re = 0;
  let im = 0;
  for (let r = 0; r < kernel.height; r++) {
    for (let c = 0; c < kernel.width; c++) {
      const angle = kx * c + ky * r;
      const value = kernel.values[r * kernel.width + c]!;
      re += value * Math.cos(angle);
      im -= value * Math.sin(angle);
    }
  }
  return Math.hypot(re, im);
}

export interface FrequencyPrediction {
  readonly cyclesPerSide: number;
  /** The orientation in [0°, 180°) of largest gain, searched every `step` degrees. */
  readonly orientation: number;
  /** |K(ω)| there. */
  readonly gain: number;
  /** |K(ω)| at each of the requested orientations (the stimulus set's bins). */
  readonly gains: readonly number[];
}

export interface KernelPrediction {
  readonly filter: number;
  /** The frequency (among the requested ones) whose best orientation has the largest gain. */
  readonly preferredFrequency: number;
  /** The predicted preferred orientation at each requested frequency, in their order. */
  readonly byFrequency: readonly FrequencyPrediction[];
}

export interface PredictionOptions {
  /** Image side T in pixels. */
  readonly size: number;
  readonly cyclesPerSide: readonly number[];
  /** Orientations to report gains at (e.g. the stimulus set's bins). */
  readonly orientations: readonly number[];
  /** Search step in degrees for the continuous preferred orientation. Default 0.05. */
  readonly step?: number;
}

export function predictFromKernel(kernel: Kernel2D, filter: number, options: PredictionOptions): KernelPrediction {
  const step = options.step ?? 0.05;
  const searchCount = Math.round(180 / step);
  const byFrequency = options.cyclesPerSide.map((cyclesPerSide): FrequencyPrediction => {
    let orientation = 0;
    let gain = -1;
    for (let i = 0; i < searchCount; i++) {
      const candidate = (i * 180) / searchCount;
      const value = gratingGain(kernel, cyclesPerSide, candidate, options.size);
      if (value > gain) {
        gain = value;
        orientation = candidate;
      }
    }
    const gains = options.orientations.map((angle) => gratingGain(kernel, cyclesPerSide, angle, options.size));
    return { cyclesPerSide, orientation, gain, gains };
  });
  let best = byFrequency[0];
  for (const prediction of byFrequency) if (best === undefined || prediction.gain > best.gain) best = prediction;
  if (best === undefined) throw new RangeError('predictFromKernel needs at least one frequency');
  return { filter, preferredFrequency: best.cyclesPerSide, byFrequency };
}

/** Predictions for every filter of a first convolution layer (kernel 3×3×3×C in Keras HWIO). */
export function predictLayerFromKernels(conv: ConvWeights, options: PredictionOptions): KernelPrediction[] {
  const filterCount = conv.kernelShape[3];
  return Array.from({ length: filterCount }, (_, filter) => predictFromKernel(channelSummedKernel(conv, filter), filter, options));
}
