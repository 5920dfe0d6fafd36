import { z } from 'zod';
import { FLAT_MODULATION, RESPONSE_FLOOR } from './analysis.ts';
import { GRATING_KINDS, HUE_CHROMA, type StimulusSet } from './stimuli.ts';

/**
 * The manifest's tuning data: one `TuningEntry` per (layer, filter), and the `TuningProtocol`
 * that says which stimuli and rules produced them. Field meanings are defined in analysis.ts.
 */

/** Bump on any change to the stimuli, the region rule or the analysis that changes a figure. */
export const TUNING_VERSION = 1;

export const GratingDescriptor = z.strictObject({
  kind: z.enum(GRATING_KINDS),
  orientation: z.number().min(0).lt(180),
  cyclesPerSide: z.number().positive(),
  phase: z.number().min(0).lt(360),
});

export const PatchDescriptor = z.strictObject({
  kind: z.literal('patch'),
  hue: z.number().min(0).lt(360).nullable(),
  chroma: z.number().nonnegative(),
  lightness: z.number().min(0).max(1),
});

export const StimulusDescriptor = z.discriminatedUnion('kind', [GratingDescriptor, PatchDescriptor]);
export type StimulusDescriptor = z.infer<typeof StimulusDescriptor>;

const Unit = z.number().min(0).max(1);
const Response = z.number().nonnegative();

/** A curve pairs each axis value with one response. */
const PAIRED = { message: 'a curve needs one response per axis value' };

export const FrequencyCurve = z.strictObject({ cyclesPerSide: z.array(z.number().positive()), response: z.array(Response) })
  .refine((c) => c.cyclesPerSide.length === c.response.length, PAIRED);
export const OrientationCurve = z.strictObject({ cyclesPerSide: z.number().positive(), degrees: z.array(z.number()), response: z.array(Response) })
  .refine((c) => c.degrees.length === c.response.length, PAIRED);
export const HueCurve = z.strictObject({ hues: z.array(z.number()), response: z.array(Response) })
  .refine((c) => c.hues.length === c.response.length, PAIRED);
export const LightnessCurve = z.strictObject({ lightness: z.array(Unit), response: z.array(Response) })
  .refine((c) => c.lightness.length === c.response.length, PAIRED);

export const TuningEntry = z.strictObject({
  layer: z.string(),
  index: z.number().int().nonnegative(),
  /** False when no stimulus gets a response above the floor; then every preferred value is null. */
  responsive: z.boolean(),
  /** The largest response to any stimulus. */
  maxResponse: Response,
  /** The stimulus that gave `maxResponse` (the first one in set order on a tie); null when unresponsive. */
  bestStimulus: StimulusDescriptor.nullable(),
  /** Largest response per stimulus family; `midGray` is the uniform mid-gray patch (every grating's mean). */
  responseByKind: z.strictObject({ luminance: Response, redGreen: Response, blueYellow: Response, hue: Response, midGray: Response }),
  /** Cycles per image side whose luminance gratings (max over orientation and phase) excite the filter most; null when the curve is flat. */
  preferredFrequency: z.number().positive().nullable(),
  frequencyCurve: FrequencyCurve,
  /** Degrees in [0, 180) from the orientation curve; null when unresponsive or the curve is flat. */
  preferredOrientation: z.number().min(0).lt(180).nullable(),
  /** (R_pref − R_orth) / (R_pref + R_orth) on the orientation curve; null when there is none. */
  orientationSelectivity: Unit.nullable(),
  /** Luminance responses (max over phase) by orientation at the frequency of largest response (`cyclesPerSide`); null without one. */
  orientationCurve: OrientationCurve.nullable(),
  /** Degrees on the hue circle in [0, 360); null when the hue curve is zero or flat. */
  preferredHue: z.number().min(0).lt(360).nullable(),
  /** Vector strength of the hue curve, |Σ R·e^{ih}| / Σ R, in [0, 1]; null when it is all zero. */
  hueSelectivity: Unit.nullable(),
  hueCurve: HueCurve,
  /** Responses to the gray patches, by lightness (channel mean in [0, 1]). */
  lightnessCurve: LightnessCurve,
  /** Opponent over opponent-plus-luminance grating response above mid-gray, in [0, 1]; null when neither rises above it. */
  colorOpponency: Unit.nullable(),
});
export type TuningEntry = z.infer<typeof TuningEntry>;

/** How the tuning figures were made: the stimulus set, the input and the thresholds. */
export const TuningProtocol = z.strictObject({
  version: z.literal(TUNING_VERSION),
  size: z.number().int().positive(),
  input: z.literal('caffe'),
  contrast: z.number().positive().max(1),
  orientations: z.array(z.number()),
  cyclesPerSide: z.array(z.number().positive()),
  phases: z.array(z.number()),
  hues: z.array(z.number()),
  hueChroma: z.number().positive(),
  grayLevels: z.array(Unit),
  stimulusCount: z.number().int().positive(),
  /** A filter whose every response is at most this is unresponsive (activation units). */
  responseFloor: z.number().nonnegative(),
  /** A curve whose (max − min)/(max + min) is below this is flat: it has no preferred value. */
  flatModulation: z.number().nonnegative(),
});
export type TuningProtocol = z.infer<typeof TuningProtocol>;

export function tuningProtocol(
  set: StimulusSet,
  thresholds: { responseFloor: number; flatModulation: number } = { responseFloor: RESPONSE_FLOOR, flatModulation: FLAT_MODULATION },
): TuningProtocol {
  return {
    version: TUNING_VERSION,
    size: set.size,
    input: 'caffe',
    contrast: set.contrast,
    orientations: [...set.orientations],
    cyclesPerSide: [...set.cyclesPerSide],
    phases: [...set.phases],
    hues: [...set.hues],
    hueChroma: Number(HUE_CHROMA.toPrecision(6)),
    grayLevels: [...set.grayLevels],
    stimulusCount: set.stimuli.length,
    ...thresholds,
  };
}
