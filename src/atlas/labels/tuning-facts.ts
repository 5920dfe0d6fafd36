import { modulation } from '../../engine/tuning/analysis.ts';
import type { TuningEntry } from '../../engine/tuning/tuning-entry.ts';
import type { Localized } from './contract.ts';
import { BRIGHT_TRAIT, DARK_TRAIT, OPPONENT_TRAIT, frequencyTrait, hueTrait, orientationTrait, type Finding } from './traits.ts';
import {
  BRIGHTNESS_CONTRAST_MIN,
  BRIGHTNESS_RESPONSE_SHARE_MIN,
  FREQUENCY_MODULATION_MIN,
  HUE_RESPONSE_SHARE_MIN,
  HUE_SELECTIVITY_MIN,
  OPPONENCY_MIN,
  ORIENTATION_SELECTIVITY_MIN,
  SHARP_ORIENTATION_MIN,
} from './thresholds.ts';

/**
 * The facts a filter's tuning singles out, each only when its measurement clears its threshold
 * (thresholds.ts). Orientation is in the tuning's convention: the stripes' angle in degrees,
 * counter-clockwise from horizontal on screen, in [0, 180).
 */

/**
 * Hue names: six 60° sectors of the tuning's hue circle (0° red, 120° green, 240° blue) centred on
 * 0°, 60° …, the same sectors as the site's hue groups (src/site/tuning/groups.ts), so a label and
 * the layer page's grouping never name one hue differently.
 */
const HUE_NAMES: readonly { readonly key: string; readonly name: Localized }[] = [
  { key: 'red', name: { en: 'red', ko: '빨간색' } },
  { key: 'yellow', name: { en: 'yellow', ko: '노란색' } },
  { key: 'green', name: { en: 'green', ko: '초록색' } },
  { key: 'cyan', name: { en: 'cyan', ko: '청록색' } },
  { key: 'blue', name: { en: 'blue', ko: '파란색' } },
  { key: 'magenta', name: { en: 'magenta', ko: '자홍색' } },
];

/** The named hue whose sector holds `degrees`. */
export function hueName(degrees: number): (typeof HUE_NAMES)[number] {
  const wrapped = ((degrees % 360) + 360) % 360;
  return HUE_NAMES[Math.round(wrapped / 60) % HUE_NAMES.length]!;
}

/** A whole number of degrees in [0, 180). */
export function wholeDegrees(orientation: number): number {
  return Math.round(orientation) % 180;
}

export type FrequencyBand = 'coarse' | 'medium' | 'fine';

/** Coarse, medium or fine by where `cycles` falls in the protocol's frequencies (lowest third, middle, highest third). */
export function frequencyBand(cycles: number, frequencies: readonly number[]): FrequencyBand {
  const position = frequencies.indexOf(cycles) / Math.max(1, frequencies.length - 1);
  return position < 1 / 3 ? 'coarse' : position > 2 / 3 ? 'fine' : 'medium';
}

const FREQUENCY_WORDS: Readonly<Record<FrequencyBand, Localized>> = {
  coarse: { en: 'coarse stripes', ko: '굵은 줄무늬' },
  medium: { en: 'medium stripes', ko: '중간 굵기 줄무늬' },
  fine: { en: 'fine stripes', ko: '가는 줄무늬' },
};

/** (R_lightest − R_darkest)/(R_lightest + R_darkest) of the gray patches; 0 when both are 0. */
export function brightnessContrast(entry: TuningEntry): number {
  const { lightness, response } = entry.lightnessCurve;
  const darkest = response[lightness.indexOf(Math.min(...lightness))] ?? 0;
  const lightest = response[lightness.indexOf(Math.max(...lightness))] ?? 0;
  return lightest + darkest > 0 ? (lightest - darkest) / (lightest + darkest) : 0;
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

export function orientationFact(entry: TuningEntry): Finding | undefined {
  const osi = entry.orientationSelectivity;
  if (osi === null || osi < ORIENTATION_SELECTIVITY_MIN || entry.preferredOrientation === null) return undefined;
  const degrees = wholeDegrees(entry.preferredOrientation);
  const sharp = osi >= SHARP_ORIENTATION_MIN;
  const text = sharp ? { en: `sharp edge at ${degrees}°`, ko: `${degrees}° 방향의 뚜렷한 가장자리` } : { en: `edge at ${degrees}°`, ko: `${degrees}° 방향 가장자리` };
  return { fact: { kind: 'orientation', section: 'orientation', value: degrees, text }, trait: orientationTrait(degrees) };
}

export function frequencyFact(entry: TuningEntry): Finding | undefined {
  const preferred = entry.preferredFrequency;
  if (preferred === null || modulation(entry.frequencyCurve.response) < FREQUENCY_MODULATION_MIN) return undefined;
  const band = frequencyBand(preferred, entry.frequencyCurve.cyclesPerSide);
  const words = FREQUENCY_WORDS[band];
  return {
    fact: { kind: 'frequency', section: 'frequency', value: preferred, text: { en: `${words.en} (${preferred} cycles per side)`, ko: `${words.ko}(한 변에 ${preferred}주기)` } },
    trait: frequencyTrait(band, words),
  };
}

export function hueFact(entry: TuningEntry): Finding | undefined {
  const { preferredHue, hueSelectivity } = entry;
  if (preferredHue === null || hueSelectivity === null || hueSelectivity < HUE_SELECTIVITY_MIN) return undefined;
  if (share(entry.responseByKind.hue, entry.maxResponse) < HUE_RESPONSE_SHARE_MIN) return undefined;
  const { key, name } = hueName(preferredHue);
  return { fact: { kind: 'hue', section: 'hue', value: preferredHue, text: { en: `prefers ${name.en}`, ko: `${name.ko}을 선호` } }, trait: hueTrait(key, name) };
}

export function opponencyFact(entry: TuningEntry): Finding | undefined {
  if (entry.colorOpponency === null || entry.colorOpponency < OPPONENCY_MIN) return undefined;
  return { fact: { kind: 'opponency', section: 'opponency', value: entry.colorOpponency, text: { en: 'colour-opponent', ko: '밝기보다 색 대비에 반응' } }, trait: OPPONENT_TRAIT };
}

export function brightnessFact(entry: TuningEntry): Finding | undefined {
  const contrast = brightnessContrast(entry);
  if (Math.abs(contrast) < BRIGHTNESS_CONTRAST_MIN) return undefined;
  if (share(Math.max(...entry.lightnessCurve.response), entry.maxResponse) < BRIGHTNESS_RESPONSE_SHARE_MIN) return undefined;
  const text = contrast > 0 ? { en: 'prefers bright areas', ko: '밝은 영역을 선호' } : { en: 'prefers dark areas', ko: '어두운 영역을 선호' };
  return { fact: { kind: 'brightness', section: 'lightness', value: Math.round(contrast * 1e4) / 1e4, text }, trait: contrast > 0 ? BRIGHT_TRAIT : DARK_TRAIT };
}

/** The tuning's facts, most telling first. */
export function tuningFacts(entry: TuningEntry): Finding[] {
  if (!entry.responsive) return [];
  return [orientationFact(entry), hueFact(entry), opponencyFact(entry), frequencyFact(entry), brightnessFact(entry)].filter((fact) => fact !== undefined);
}
