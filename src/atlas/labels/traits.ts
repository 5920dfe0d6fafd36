import type { LabelFact, Localized } from './contract.ts';

/**
 * A trait is a fact coarsened so that filters can share it (an orientation to the nearest 45°, a
 * hue to its name); families are named after the traits their members share (family-naming.ts).
 */
export interface Trait {
  /** Slug-safe, unique per trait: "orientation-45", "hue-blue". */
  readonly key: string;
  readonly name: Localized;
  /** A clause for the description: English after a count, Korean a phrase that takes 하고 / 합니다. */
  readonly clause: Localized;
}

/** A measured fact with the trait it gives its filter, if any. */
export interface Finding {
  readonly fact: LabelFact;
  readonly trait?: Trait;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export function orientationTrait(degrees: number): Trait {
  const near = (Math.round(degrees / 45) * 45) % 180;
  return { key: `orientation-${near}`, name: { en: `Edges near ${near}°`, ko: `${near}° 부근 가장자리` }, clause: { en: `respond to edges near ${near}°`, ko: `${near}° 부근 가장자리에 반응` } };
}

export function hueTrait(key: string, name: Localized): Trait {
  return { key: `hue-${key}`, name: { en: capitalised(name.en), ko: name.ko }, clause: { en: `prefer ${name.en}`, ko: `${name.ko}을 선호` } };
}

export function frequencyTrait(band: string, words: Localized): Trait {
  return { key: `frequency-${band}`, name: { en: capitalised(words.en), ko: words.ko }, clause: { en: `prefer ${words.en}`, ko: `${words.ko}를 선호` } };
}

export const OPPONENT_TRAIT: Trait = { key: 'opponent', name: { en: 'Colour contrast', ko: '색 대비' }, clause: { en: 'respond to colour contrast more than to brightness', ko: '밝기보다 색 대비에 더 반응' } };
export const BRIGHT_TRAIT: Trait = { key: 'bright', name: { en: 'Bright areas', ko: '밝은 영역' }, clause: { en: 'prefer bright areas', ko: '밝은 영역을 선호' } };
export const DARK_TRAIT: Trait = { key: 'dark', name: { en: 'Dark areas', ko: '어두운 영역' }, clause: { en: 'prefer dark areas', ko: '어두운 영역을 선호' } };
export const RARE_TRAIT: Trait = { key: 'rare', name: { en: 'Rarely firing', ko: '드물게 반응' }, clause: { en: 'fire on few images', ko: '적은 이미지에서만 반응' } };
export const SPARSE_TRAIT: Trait = { key: 'sparse', name: { en: 'Sparse', ko: '희소한 반응' }, clause: { en: 'respond strongly to a few images only', ko: '소수의 이미지에만 강하게 반응' } };

export function classTrait(folder: string, name: Localized): Trait {
  const slug = folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'class';
  return { key: `class-${slug}`, name: { en: `${capitalised(name.en)} images`, ko: `${name.ko} 이미지` }, clause: { en: `respond most to ${name.en} images`, ko: `${name.ko} 이미지에 가장 강하게 반응` } };
}
