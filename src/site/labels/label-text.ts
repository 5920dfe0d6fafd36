/**
 * A label as the filter page prints it: its text, with each fact's words linked to the section of
 * the page that measured it, and the sections a given filter page actually shows.
 */
import type { FilterLabel } from '../../atlas/manifest.ts';
import type { FactSection } from '../../atlas/labels/contract.ts';
import { exampleEntry, examplesProtocolOf } from '../examples/data.ts';
import type { Locale } from '../i18n.ts';
import { filterByMethod, findLayer, type SiteAtlas } from '../site-atlas.ts';
import { tuningEntry, tuningProtocolOf } from '../tuning/data.ts';
import { FACT_SECTION_IDS } from './data.ts';

export interface LabelSegment {
  readonly text: string;
  /** The id of the page section that measured this part, for the facts' words. */
  readonly section?: string | undefined;
}

/**
 * The label's text cut into plain words and facts: each fact's phrase found in the text, in order,
 * becomes a linked segment. When a fact's phrase is not in the text (the pipeline worded the label
 * otherwise), the text is kept whole and `unplaced` lists the facts to link beside it.
 */
export function labelSegments(
  label: FilterLabel,
  locale: Locale,
  shown: ReadonlyMap<FactSection, string>,
): { segments: LabelSegment[]; unplaced: LabelSegment[] } {
  const text = label.text[locale];
  const segments: LabelSegment[] = [];
  let from = 0;
  for (const fact of label.facts) {
    const phrase = fact.text[locale];
    const at = text.indexOf(phrase, from);
    if (phrase === '' || at < 0) {
      return {
        segments: [{ text }],
        unplaced: label.facts.map((one) => ({ text: one.text[locale], section: shown.get(one.section) })),
      };
    }
    if (at > from) segments.push({ text: text.slice(from, at) });
    segments.push({ text: phrase, section: shown.get(fact.section) });
    from = at + phrase.length;
  }
  if (from < text.length) segments.push({ text: text.slice(from) });
  return { segments, unplaced: [] };
}

/** The fact sections a filter's page shows (TuningPanel, ExamplesPanel and the patterns), with their ids. */
export function shownSections(atlas: SiteAtlas, layer: string, index: number): Map<FactSection, string> {
  const shown = new Map<FactSection, string>();
  const [first] = filterByMethod(findLayer(atlas, layer), index);
  if (first) shown.set('pattern', `method-${first.method.params.name}`);
  const tuning = tuningProtocolOf(atlas) && tuningEntry(atlas, layer, index);
  if (tuning && tuning.responsive) {
    if (tuning.orientationCurve) shown.set('orientation', FACT_SECTION_IDS.orientation);
    for (const section of ['frequency', 'hue', 'lightness', 'opponency'] as const) shown.set(section, FACT_SECTION_IDS[section]);
  }
  const examples = examplesProtocolOf(atlas) && exampleEntry(atlas, layer, index);
  if (examples) {
    shown.set('examples-stats', FACT_SECTION_IDS['examples-stats']);
    if (examples.top.length > 0) shown.set('examples-top', FACT_SECTION_IDS['examples-top']);
  }
  return shown;
}
