import type { LabelFact, Localized } from './contract.ts';
import { FACTS_IN_TEXT_MAX } from './thresholds.ts';

/** How a label's facts become its text, in English and Korean. */

export const NO_PREFERENCE: LabelFact = {
  kind: 'noPreference',
  section: 'orientation',
  value: null,
  text: { en: 'no clear preference', ko: '뚜렷한 선호 없음' },
};

export const UNRESPONSIVE: LabelFact = {
  kind: 'unresponsive',
  section: 'orientation',
  value: null,
  text: { en: 'responds to no stimulus and no example image', ko: '어떤 자극과 예시 이미지에도 반응하지 않음' },
};

export const DEAD: LabelFact = {
  kind: 'dead',
  section: 'pattern',
  value: null,
  text: { en: 'dead: the ascent never changed its image', ko: '죽은 필터: 경사 상승이 이미지를 바꾸지 못함' },
};

/** Kinds that state a preference: a label with one of them is specific. */
export const PREFERENCE_KINDS: ReadonlySet<LabelFact['kind']> = new Set(['orientation', 'frequency', 'hue', 'opponency', 'brightness', 'classes']);

export function isSpecific(facts: readonly LabelFact[]): boolean {
  return facts.some((fact) => PREFERENCE_KINDS.has(fact.kind));
}

/** The facts a label shows: at most FACTS_IN_TEXT_MAX, in the order given; "no clear preference" first when none is a preference. */
export function labelFacts(facts: readonly LabelFact[]): LabelFact[] {
  const silent = (fact: LabelFact): boolean => fact.kind === 'dead' || fact.kind === 'unresponsive';
  const flags = facts.filter(silent);
  if (flags.some((fact) => fact.kind === 'unresponsive')) return flags;
  const rest = facts.filter((fact) => !silent(fact));
  const shown = isSpecific(rest) ? rest : [NO_PREFERENCE, ...rest];
  // A dead ascent is always said, in the last place when the label is full.
  return [...shown.slice(0, FACTS_IN_TEXT_MAX - flags.length), ...flags];
}

/** The facts joined into one phrase per language, the first letter of the English capitalised. */
export function labelText(facts: readonly LabelFact[]): Localized {
  const en = facts.map((fact) => fact.text.en).join(', ');
  return { en: en.charAt(0).toUpperCase() + en.slice(1), ko: facts.map((fact) => fact.text.ko).join(', ') };
}
