import { GRATING_KINDS, type GratingKind, type StimulusSet } from './stimuli.ts';
import type { StimulusDescriptor, TuningEntry } from './tuning-entry.ts';

/**
 * Tuning figures per filter from a response table: each filter's mean post-ReLU activation over
 * the central region (region.ts) for every stimulus of the set (stimuli.ts).
 *
 * Definitions (R(kind, f, θ) is the response maximised over phase):
 * - frequencyCurve: max over θ of R(luminance, f, θ) at each frequency; its argmax f_peak (the
 *   lowest frequency on a tie) is preferredFrequency, unless the curve is flat (then null).
 * - orientationCurve: R(luminance, f_peak, θ) over the orientation bins, with f_peak in it. The
 *   orientation figures below are all taken at f_peak (f_pref when there is one).
 * - preferredOrientation: the peak bin of that curve, refined by the vertex of the parabola
 *   through the peak and its two circular neighbours (moved at most half a bin). Chosen over the
 *   circular vector average of doubled angles: it stays on the strongest peak of a two-peaked
 *   curve (where the vector average falls between the peaks or cancels) and is not pulled by a
 *   curve's tails, yet interpolates between bins.
 * - orientationSelectivity: (R_pref − R_orth) / (R_pref + R_orth) at f_peak, on raw responses,
 *   with R_pref the peak bin and R_orth the bin 90° away: 0 untuned (or tuned to both), 1 when the
 *   orthogonal grating gets no response. Chosen over 1 − circular variance
 *   (|Σ R·e^{2iθ}| / Σ R): that one also falls with the tuning width and with any tonic response
 *   spread over all bins, so it mixes sharpness with selectivity and is harder to read. The cost:
 *   it looks at two bins only, so a curve with peaks at 0° and 45° and none at 90° scores 1.
 * - hueCurve: responses to the hue patches; preferredHue: its peak, refined as above (circularly
 *   over 360°); hueSelectivity: the vector strength |Σ R(h)·e^{ih}| / Σ R(h), 0 for a flat curve,
 *   1 for a response to one hue only. Not (max − min)/(max + min): nearly every block1_conv1
 *   filter is silent for some hue, which makes that 1 and says nothing about the curve's width.
 * - colorOpponency: with B the response to mid-gray (every grating's mean), L = max luminance
 *   grating response − B and O = max red–green or blue–yellow grating response − B (each at least
 *   0), O / (O + L): 0 for a colour-blind filter (the opponent gratings have a zero channel sum),
 *   0.5 when opponent and luminance gratings excite it alike, 1 when only colour contrast does.
 *   The three gratings have the same largest per-channel swing (contrast), not the same energy.
 * - responsive: some response exceeds `responseFloor`. A preferred value is null when its curve
 *   never exceeds the floor, or is flat: (max − min)/(max + min) < `flatModulation` (0.05). The
 *   square central region alone modulates the 2-cycle orientation curve of an untuned (colour
 *   blob) filter by up to 4 % (measured on real block1_conv1), so less is no preference.
 */

/** Per-filter responses: `values[stimulus * filterCount + filter]`, stimuli in set order. */
export interface ResponseTable {
  readonly stimulusCount: number;
  readonly filterCount: number;
  readonly values: Float32Array;
}

export interface AnalysisOptions {
  /** Default RESPONSE_FLOOR. */
  readonly responseFloor?: number;
  /** Default FLAT_MODULATION. */
  readonly flatModulation?: number;
}

/**
 * Activation units (caffe-scale input): live block1/block2 filters respond in the tens to
 * thousands to these stimuli, and float32 round-off of a dead ReLU is exactly 0.
 */
export const RESPONSE_FLOOR = 1e-3;
/** A curve modulated less than this has no preferred value (see the definitions above). */
export const FLAT_MODULATION = 0.05;

interface StimulusIndex {
  /** Row of (kind, frequency, orientation, phase), phase fastest. */
  readonly gratingRows: Readonly<Record<GratingKind, Int32Array>>;
  readonly hueRows: readonly number[];
  readonly grayRows: readonly number[];
  readonly midGrayRow: number;
}

function indexStimuli(set: StimulusSet): StimulusIndex {
  const [F, O, P] = [set.cyclesPerSide.length, set.orientations.length, set.phases.length];
  const gratingRows = Object.fromEntries(GRATING_KINDS.map((kind) => [kind, new Int32Array(F * O * P).fill(-1)])) as Record<GratingKind, Int32Array>;
  const hueRows: number[] = new Array<number>(set.hues.length).fill(-1);
  const grayRows: number[] = new Array<number>(set.grayLevels.length).fill(-1);
  set.stimuli.forEach((stimulus, row) => {
    if (stimulus.kind === 'patch') {
      if (stimulus.hue === null) grayRows[set.grayLevels.indexOf(stimulus.lightness)] = row;
      else hueRows[set.hues.indexOf(stimulus.hue)] = row;
      return;
    }
    const f = set.cyclesPerSide.indexOf(stimulus.cyclesPerSide);
    const o = set.orientations.indexOf(stimulus.orientation);
    const p = set.phases.indexOf(stimulus.phase);
    if (f < 0 || o < 0 || p < 0) throw new Error(`stimulus ${row} is not on the set's grid`);
    gratingRows[stimulus.kind][(f * O + o) * P + p] = row;
  });
  const missing = [...GRATING_KINDS.flatMap((kind) => [...gratingRows[kind]]), ...hueRows, ...grayRows].some((row) => row < 0);
  if (missing) throw new Error('the stimulus set lacks some grating, hue or gray of its own grid');
  const midGrayRow = grayRows[set.grayLevels.indexOf(0.5)] ?? -1;
  if (midGrayRow < 0) throw new Error('the stimulus set has no mid-gray patch');
  return { gratingRows, hueRows, grayRows, midGrayRow };
}

function max(values: ArrayLike<number>): number {
  let top = -Infinity;
  for (let i = 0; i < values.length; i++) top = Math.max(top, values[i]!);
  return top;
}

function min(values: ArrayLike<number>): number {
  let bottom = Infinity;
  for (let i = 0; i < values.length; i++) bottom = Math.min(bottom, values[i]!);
  return bottom;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** (max − min) / (max + min), 0 for an all-zero curve. */
export function modulation(values: ArrayLike<number>): number {
  const top = max(values);
  const bottom = min(values);
  return top + bottom > 0 ? (top - bottom) / (top + bottom) : 0;
}

/**
 * The peak of a circular curve sampled at `count` even steps over `period` degrees: the argmax
 * bin, moved to the vertex of the parabola through it and its neighbours (at most half a bin).
 */
export function circularPeak(values: ArrayLike<number>, period: number): number {
  const n = values.length;
  const peak = argmax(values);
  const left = values[(peak + n - 1) % n]!;
  const centre = values[peak]!;
  const right = values[(peak + 1) % n]!;
  const curvature = left - 2 * centre + right;
  const offset = curvature < 0 ? Math.min(0.5, Math.max(-0.5, (0.5 * (left - right)) / curvature)) : 0;
  return wrap(((peak + offset) * period) / n, period);
}

function wrap(angle: number, period: number): number {
  const wrapped = angle % period;
  return wrapped < 0 ? wrapped + period : wrapped;
}

/** |Σ values_k·e^{i·2πk/n}| / Σ values_k over a full circle of n even steps; 0 for an all-zero curve. */
export function vectorStrength(values: ArrayLike<number>): number {
  let re = 0;
  let im = 0;
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const angle = (2 * Math.PI * k) / values.length;
    re += values[k]! * Math.cos(angle);
    im += values[k]! * Math.sin(angle);
    sum += values[k]!;
  }
  return sum > 0 ? Math.hypot(re, im) / sum : 0;
}

/** 4 significant digits: small, deterministic JSON. */
export function roundResponse(value: number): number {
  return Number(value.toPrecision(4));
}
/** A figure in [0, 1] to 4 decimals. */
function roundUnit(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
/** An angle to 0.1°, kept in [0, period). */
function roundAngle(value: number, period: number): number {
  return wrap(Math.round(value * 10) / 10, period);
}

/** Analyses every filter of a layer's response table (or the given filters, in their order). */
export function analyseLayer(
  table: ResponseTable,
  set: StimulusSet,
  layer: string,
  filters?: readonly number[],
  options: AnalysisOptions = {},
): TuningEntry[] {
  if (table.stimulusCount !== set.stimuli.length || table.values.length !== table.stimulusCount * table.filterCount) {
    const shape = `${table.stimulusCount} stimuli × ${table.filterCount} filters`;
    throw new Error(`the response table (${shape}) does not match the set's ${set.stimuli.length} stimuli`);
  }
  const index = indexStimuli(set);
  const chosen = filters ?? Array.from({ length: table.filterCount }, (_, filter) => filter);
  return chosen.map((filter) => analyseOne(table, set, index, layer, filter, options));
}

function analyseOne(table: ResponseTable, set: StimulusSet, index: StimulusIndex, layer: string, filter: number, options: AnalysisOptions): TuningEntry {
  if (!Number.isInteger(filter) || filter < 0 || filter >= table.filterCount) throw new RangeError(`filter ${filter} is not in the table`);
  const floor = options.responseFloor ?? RESPONSE_FLOOR;
  const flat = options.flatModulation ?? FLAT_MODULATION;
  const C = table.filterCount;
  const response = (row: number): number => table.values[row * C + filter]!;
  const [F, O, P] = [set.cyclesPerSide.length, set.orientations.length, set.phases.length];

  /** R(kind, f, θ): max over phase, [F × O]. */
  const overPhase = (kind: GratingKind): Float64Array => {
    const rows = index.gratingRows[kind];
    const out = new Float64Array(F * O);
    for (let i = 0; i < F * O; i++) {
      let best = -Infinity;
      for (let p = 0; p < P; p++) best = Math.max(best, response(rows[i * P + p]!));
      out[i] = best;
    }
    return out;
  };
  const luminance = overPhase('luminance');
  const redGreen = max(overPhase('red-green'));
  const blueYellow = max(overPhase('blue-yellow'));

  let best = 0;
  for (let row = 1; row < table.stimulusCount; row++) if (response(row) > response(best)) best = row;
  const maxResponse = response(best);
  const responsive = maxResponse > floor;

  const tuned = (curve: readonly number[] | null): curve is readonly number[] => curve !== null && max(curve) > floor && modulation(curve) >= flat;
  const frequencyResponse = Array.from({ length: F }, (_, f) => max(luminance.subarray(f * O, (f + 1) * O)));
  const peakF = responsive && max(frequencyResponse) > floor ? argmax(frequencyResponse) : null;
  const orientationResponse = peakF === null ? null : [...luminance.subarray(peakF * O, (peakF + 1) * O)];
  let orientationSelectivity: number | null = null;
  if (orientationResponse) {
    const peak = argmax(orientationResponse);
    const rPref = orientationResponse[peak]!;
    const rOrth = orientationResponse[(peak + O / 2) % O]!;
    orientationSelectivity = (rPref - rOrth) / (rPref + rOrth);
  }

  const hueResponse = index.hueRows.map(response);
  const baseline = response(index.midGrayRow);
  const lift = Math.max(0, max(luminance) - baseline);
  const opponentLift = Math.max(0, Math.max(redGreen, blueYellow) - baseline);

  return {
    layer,
    index: filter,
    responsive,
    maxResponse: roundResponse(maxResponse),
    bestStimulus: responsive ? descriptor(set.stimuli[best]!) : null,
    responseByKind: {
      luminance: roundResponse(max(luminance)),
      redGreen: roundResponse(redGreen),
      blueYellow: roundResponse(blueYellow),
      hue: roundResponse(max(hueResponse)),
      midGray: roundResponse(baseline),
    },
    preferredFrequency: peakF !== null && tuned(frequencyResponse) ? set.cyclesPerSide[peakF]! : null,
    frequencyCurve: { cyclesPerSide: [...set.cyclesPerSide], response: frequencyResponse.map(roundResponse) },
    preferredOrientation: tuned(orientationResponse) ? roundAngle(circularPeak(orientationResponse, 180), 180) : null,
    orientationSelectivity: orientationSelectivity === null ? null : roundUnit(orientationSelectivity),
    orientationCurve:
      peakF === null || !orientationResponse
        ? null
        : { cyclesPerSide: set.cyclesPerSide[peakF]!, degrees: [...set.orientations], response: orientationResponse.map(roundResponse) },
    preferredHue: responsive && tuned(hueResponse) ? roundAngle(circularPeak(hueResponse, 360), 360) : null,
    hueSelectivity: responsive && max(hueResponse) > floor ? roundUnit(vectorStrength(hueResponse)) : null,
    hueCurve: { hues: [...set.hues], response: hueResponse.map(roundResponse) },
    lightnessCurve: { lightness: [...set.grayLevels], response: index.grayRows.map((row) => roundResponse(response(row))) },
    colorOpponency: responsive && lift + opponentLift > floor ? roundUnit(opponentLift / (lift + opponentLift)) : null,
  };
}

function descriptor(stimulus: StimulusSet['stimuli'][number]): StimulusDescriptor {
  if (stimulus.kind === 'patch') return { ...stimulus, chroma: roundResponse(stimulus.chroma) };
  return { ...stimulus };
}
