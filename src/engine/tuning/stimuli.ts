/**
 * The tuning stimulus set, made in code: sinusoidal gratings (luminance, red–green, blue–yellow)
 * and uniform colour patches, at the atlas' image side T.
 *
 * Conventions (fixed, so that figures compare across filters and layers):
 * - Pixel (x, y) is column x (going right) and row y (going DOWN), as in the image arrays (HWC).
 * - Orientation is the angle of the stripes, in degrees in [0, 180), counter-clockwise from
 *   horizontal as seen on screen. 0° = horizontal stripes, whose intensity varies down the rows;
 *   90° = vertical stripes; 45° = stripes rising to the right (↗); 135° = stripes falling to the
 *   right (↘). Because rows go down, a stripe at θ runs along (x, y) ∝ (cos θ, −sin θ), and the
 *   intensity varies along the normal n = (sin θ, cos θ).
 * - Frequency is in cycles per image side, counted across the stripes (along n).
 * - A grating is  g(x, y) = cos(2π·f·(x'·sin θ + y'·cos θ)/T + φ)  with x' = x − (T−1)/2,
 *   y' = y − (T−1)/2 (pixel centres, origin at the image centre): phase φ is the phase at the
 *   centre, and raising φ by 90° moves the stripes a quarter period towards −n.
 * - Colours: RGB in [0, 1] around mid-gray 0.5. A grating is 0.5 + (contrast/2)·g·d, where d is
 *   the kind's colour direction (largest component 1): luminance (1, 1, 1), red–green (1, −1, 0)
 *   (the crest is red, the trough green), blue–yellow (−½, −½, 1) (crest blue, trough yellow).
 *   The two opponent directions have a zero channel sum, so a filter that weighs the three input
 *   channels alike (colour-blind) gets exactly the response of uniform mid-gray from them.
 * - Patches: hue h (0° red, 120° green, 240° blue) is the RGB colour 0.5 + C·(cos h·u + sin h·v),
 *   u = (2, −1, −1)/√6, v = (0, 1, −1)/√2: a circle in the plane of equal channel sum through
 *   mid-gray, with the largest radius C = √6/4 that stays in the RGB cube for every hue (hue 0 is
 *   (1, ¼, ¼)). Every hue has the same channel sum, so hue is not confounded with brightness.
 *   Gray patches (hue null, chroma 0) at a few lightness levels give the brightness response;
 *   mid-gray (0.5) is always among them: it is the baseline, the mean of every grating.
 * - The network input is Keras VGG16 "caffe" input: ×255, RGB → BGR, minus the BGR means
 *   (103.939, 116.779, 123.68). See `toCaffeInput`.
 */
import { caffeForward } from '../transform/caffe.ts';

export const GRATING_KINDS = ['luminance', 'red-green', 'blue-yellow'] as const;
export type GratingKind = (typeof GRATING_KINDS)[number];

export interface GratingStimulus {
  readonly kind: GratingKind;
  /** Degrees in [0, 180), counter-clockwise from horizontal on screen (rows go down). */
  readonly orientation: number;
  /** Cycles per image side, across the stripes. */
  readonly cyclesPerSide: number;
  /** Degrees in [0, 360): the phase of the cosine at the image centre. */
  readonly phase: number;
}

export interface PatchStimulus {
  readonly kind: 'patch';
  /** Degrees on the hue circle in [0, 360) (0 red, 120 green, 240 blue); null for a gray. */
  readonly hue: number | null;
  /** Distance from the gray of the same lightness, in RGB units (0 for a gray). */
  readonly chroma: number;
  /** The channel mean, in [0, 1]. */
  readonly lightness: number;
}

export type Stimulus = GratingStimulus | PatchStimulus;

/** RGB direction of each grating kind; the largest component is 1. */
export const GRATING_COLOR: Readonly<Record<GratingKind, readonly [number, number, number]>> = {
  luminance: [1, 1, 1],
  'red-green': [1, -1, 0],
  'blue-yellow': [-0.5, -0.5, 1],
};

/** Radius of the hue circle: the largest circle around mid-gray in the equal-sum plane inside the RGB cube. */
export const HUE_CHROMA = Math.sqrt(6) / 4;
const HUE_U = [2 / Math.sqrt(6), -1 / Math.sqrt(6), -1 / Math.sqrt(6)] as const;
const HUE_V = [0, 1 / Math.SQRT2, -1 / Math.SQRT2] as const;

export { CAFFE_BGR_MEAN } from '../transform/caffe.ts';

export interface StimulusSetOptions {
  /** Image side T in pixels (the atlas' size). */
  readonly size: number;
  /** Orientations evenly spaced over [0°, 180°); even, so that pref + 90° is a sampled bin. Default 16. */
  readonly orientationCount?: number;
  /** Spatial frequencies in cycles per side. Default `defaultFrequencies(size)`. */
  readonly cyclesPerSide?: readonly number[];
  /** Phases evenly spaced over [0°, 360°). Default 4. */
  readonly phaseCount?: number;
  /** Grating contrast in (0, 1]: the crest-to-trough swing of the largest channel is `contrast`. Default 1. */
  readonly contrast?: number;
  /** Hues evenly spaced over [0°, 360°). Default 24. */
  readonly hueCount?: number;
  /** Lightness of the gray patches; 0.5 is added when missing. Default 0, 0.25, 0.5, 0.75, 1. */
  readonly grayLevels?: readonly number[];
}

/** The whole protocol and the stimuli in their fixed order (descriptors only, no pixels). */
export interface StimulusSet {
  readonly size: number;
  readonly contrast: number;
  readonly orientations: readonly number[];
  readonly cyclesPerSide: readonly number[];
  readonly phases: readonly number[];
  readonly hues: readonly number[];
  readonly grayLevels: readonly number[];
  /** Gratings by kind, frequency, orientation, phase (phase fastest); then hue patches; then grays. */
  readonly stimuli: readonly Stimulus[];
}

export const DEFAULT_ORIENTATION_COUNT = 16;
export const DEFAULT_PHASE_COUNT = 4;
export const DEFAULT_HUE_COUNT = 24;
export const DEFAULT_CONTRAST = 1;
export const DEFAULT_GRAY_LEVELS = [0, 0.25, 0.5, 0.75, 1] as const;
/**
 * The default frequencies as fractions of the side T: 2, 4, 8, 12, 18 and 28 cycles at 64 px
 * (periods of 32, 16, 8, 5.3, 3.6 and 2.3 px). They span half the image (the 24–60 px receptive
 * fields of block3/block4 at 64 px) to 7/8 of Nyquist (block1's 3×3 kernels resolve up to
 * Nyquist), in octaves below T/8 and half-octaves above, where block1's kernels are tuned. Two
 * rules shape them (measured on the real block1_conv1, see the tests):
 * - f/T = a/q in lowest terms has q ≥ 8: an axis-aligned grating then samples at least 8 phases
 *   of the cosine. T/4 (16 at 64 px) samples 4 and T/2 samples 2, which inflates the mean
 *   post-ReLU response of 0° and 90° gratings by up to 15 %; with 16 and 32 cycles it pulled 10 of
 *   the 47 filters of orientation selectivity ≥ 0.1 by 11–26° towards an axis.
 * - No two frequencies near T/4 lie symmetric about it: a central-difference kernel's gain
 *   |sin(2πf/T)| is symmetric about T/4, so 12 and 20 cycles tied for such filters.
 */
export const DEFAULT_FREQUENCY_FRACTIONS = [1 / 32, 1 / 16, 1 / 8, 3 / 16, 9 / 32, 7 / 16] as const;

/** Cycles per side of the default frequencies at side T: 2, 4, 8, 12, 18, 28 at 64 px. */
export function defaultFrequencies(size: number): number[] {
  return DEFAULT_FREQUENCY_FRACTIONS.map((fraction) => fraction * size);
}

function evenlySpaced(count: number, span: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * span) / count);
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

export function stimulusSet(options: StimulusSetOptions): StimulusSet {
  const { size } = options;
  const orientationCount = options.orientationCount ?? DEFAULT_ORIENTATION_COUNT;
  const phaseCount = options.phaseCount ?? DEFAULT_PHASE_COUNT;
  const hueCount = options.hueCount ?? DEFAULT_HUE_COUNT;
  const contrast = options.contrast ?? DEFAULT_CONTRAST;
  checkPositiveInteger('size', size);
  checkPositiveInteger('orientationCount', orientationCount);
  checkPositiveInteger('phaseCount', phaseCount);
  checkPositiveInteger('hueCount', hueCount);
  if (orientationCount % 2 !== 0) throw new RangeError(`orientationCount must be even (pref + 90° must be a bin), got ${orientationCount}`);
  if (!(contrast > 0 && contrast <= 1)) throw new RangeError(`contrast must be in (0, 1], got ${contrast}`);
  const cyclesPerSide = [...(options.cyclesPerSide ?? defaultFrequencies(size))];
  if (cyclesPerSide.length === 0 || cyclesPerSide.some((f) => !(f > 0 && f <= size / 2))) {
    throw new RangeError(`frequencies must be in (0, ${size / 2}] cycles per side (Nyquist), got ${cyclesPerSide.join(', ')}`);
  }
  if (new Set(cyclesPerSide).size !== cyclesPerSide.length) throw new RangeError('frequencies must be distinct');
  const grayLevels = [...new Set([...(options.grayLevels ?? DEFAULT_GRAY_LEVELS), 0.5])].sort((a, b) => a - b);
  if (grayLevels.some((level) => !(level >= 0 && level <= 1))) throw new RangeError('gray levels must be in [0, 1]');

  const orientations = evenlySpaced(orientationCount, 180);
  const phases = evenlySpaced(phaseCount, 360);
  const hues = evenlySpaced(hueCount, 360);
  const stimuli: Stimulus[] = [];
  for (const kind of GRATING_KINDS) {
    for (const f of cyclesPerSide) {
      for (const orientation of orientations) {
        for (const phase of phases) stimuli.push({ kind, orientation, cyclesPerSide: f, phase });
      }
    }
  }
  for (const hue of hues) stimuli.push({ kind: 'patch', hue, chroma: HUE_CHROMA, lightness: 0.5 });
  for (const lightness of grayLevels) stimuli.push({ kind: 'patch', hue: null, chroma: 0, lightness });
  return { size, contrast, orientations, cyclesPerSide, phases, hues, grayLevels, stimuli };
}

/** The RGB colour of a patch, each channel in [0, 1]. */
export function patchColor(patch: PatchStimulus): [number, number, number] {
  if (patch.hue === null || patch.chroma === 0) return [patch.lightness, patch.lightness, patch.lightness];
  const radians = (patch.hue * Math.PI) / 180;
  const c = Math.cos(radians) * patch.chroma;
  const s = Math.sin(radians) * patch.chroma;
  return [0, 1, 2].map((ch) => patch.lightness + c * HUE_U[ch]! + s * HUE_V[ch]!) as [number, number, number];
}

/**
 * Writes one stimulus as RGB in [0, 1], HWC (size × size × 3), into `out` at `offset`
 * (a new array by default).
 */
export function renderStimulusRgb(stimulus: Stimulus, size: number, contrast: number, out?: Float32Array, offset = 0): Float32Array {
  const target = out ?? new Float32Array(size * size * 3);
  if (offset < 0 || offset + size * size * 3 > target.length) throw new RangeError('the image does not fit in the output array');
  if (stimulus.kind === 'patch') {
    const [r, g, b] = patchColor(stimulus);
    for (let p = 0; p < size * size; p++) {
      target[offset + 3 * p] = r;
      target[offset + 3 * p + 1] = g;
      target[offset + 3 * p + 2] = b;
    }
    return target;
  }
  const theta = (stimulus.orientation * Math.PI) / 180;
  const k = (2 * Math.PI * stimulus.cyclesPerSide) / size;
  const kx = k * Math.sin(theta);
  const ky = k * Math.cos(theta);
  const phi = (stimulus.phase * Math.PI) / 180;
  const centre = (size - 1) / 2;
  const [dr, dg, db] = GRATING_COLOR[stimulus.kind];
  const half = contrast / 2;
  let p = offset;
  for (let y = 0; y < size; y++) {
    const rowPhase = ky * (y - centre) + phi;
    for (let x = 0; x < size; x++) {
      const swing = half * Math.cos(kx * (x - centre) + rowPhase);
      target[p++] = 0.5 + swing * dr;
      target[p++] = 0.5 + swing * dg;
      target[p++] = 0.5 + swing * db;
    }
  }
  return target;
}

/**
 * Keras VGG16 "caffe" input from RGB in [0, 1] (any HWC/NHWC layout, channels last):
 * ×255, RGB → BGR, minus the BGR means. Writes into `out` (may be `rgb` itself).
 */
export function toCaffeInput(rgb: Float32Array, out: Float32Array = new Float32Array(rgb.length)): Float32Array {
  if (rgb.length % 3 !== 0 || out.length !== rgb.length) throw new RangeError('toCaffeInput needs RGB triples and an output of the same length');
  caffeForward(out === rgb ? rgb.slice() : rgb, out);
  return out;
}

export interface StimulusBatch {
  /** Index in `set.stimuli` of the batch's first stimulus. */
  readonly start: number;
  readonly stimuli: readonly Stimulus[];
  /** NHWC float32 caffe input, stimuli.length × size × size × 3. */
  readonly images: Float32Array;
}

/** The set in order, `batchSize` stimuli at a time, each batch rendered only when asked for. */
export function* stimulusBatches(set: StimulusSet, batchSize: number): Generator<StimulusBatch> {
  checkPositiveInteger('batchSize', batchSize);
  const imageLength = set.size * set.size * 3;
  for (let start = 0; start < set.stimuli.length; start += batchSize) {
    const stimuli = set.stimuli.slice(start, start + batchSize);
    const images = new Float32Array(stimuli.length * imageLength);
    stimuli.forEach((stimulus, i) => renderStimulusRgb(stimulus, set.size, set.contrast, images, i * imageLength));
    yield { start, stimuli, images: toCaffeInput(images, images) };
  }
}
