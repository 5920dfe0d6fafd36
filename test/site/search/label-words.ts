/**
 * The search tests' label queries, taken from the labels the pipeline wrote into the fixture atlas
 * (src/atlas/labels/): a word of one filter's label that no other filter's label holds, so a hit on
 * a filter page can come from its label alone.
 */
import path from 'node:path';
import type { FilterLabel, Manifest } from '../../../src/atlas/manifest.ts';

export type Locale = 'en' | 'ko';

export interface LabelWord {
  readonly label: FilterLabel;
  readonly word: string;
  /** The other indexed pages of the word's language whose HTML holds the word anywhere (a superset of the pages its index can find). */
  readonly otherPages: readonly string[];
}

/** A label's words as the index splits them: English letters (4 or more, not an inflected form the stemmer would cut), Korean at the spaces. */
function words(text: string, locale: Locale): string[] {
  const tokens = locale === 'en' ? (text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((word) => !/(s|ed|ing)$/.test(word)) : text.split(/[\s,()]+/u);
  return [...new Set(tokens.filter((word) => /^\p{L}{2,}$/u.test(word)))];
}

/** The page path ("/block1_conv1/3/", "/ko/search/") of a built file ("ko/search/index.html"). */
export function pagePathOf(file: string): string {
  const dir = path.dirname(file).split(path.sep).join('/');
  return dir === '.' ? '/' : `/${dir}/`;
}

/**
 * The label word to search for in `locale`: among the words only one filter's label holds, one
 * that filter's family name does not hold too (so the label, not the family, is what finds it), on
 * the fewest other indexed pages of that language; ties go to the first label.
 */
export function pickLabelWord(manifest: Manifest, pages: ReadonlyArray<readonly [string, string]>, locale: Locale): LabelWord {
  const labels = manifest.labels ?? [];
  const holders = new Map<string, number>();
  for (const label of labels) for (const word of words(label.text[locale], locale)) holders.set(word, (holders.get(word) ?? 0) + 1);
  const indexed = pages.filter(([file, html]) => file.startsWith(`ko${path.sep}`) === (locale === 'ko') && html.includes('data-pagefind-body'));
  const candidates = labels.flatMap((label) => {
    const family = manifest.families?.find((entry) => entry.layer === label.layer && entry.id === label.family);
    const own = `/${locale === 'ko' ? 'ko/' : ''}${label.layer}/${label.index}/`;
    return words(label.text[locale], locale)
      .filter((word) => holders.get(word) === 1 && !family?.name[locale].toLowerCase().includes(word))
      .map((word) => ({
        label,
        word,
        otherPages: indexed.filter(([file, html]) => pagePathOf(file) !== own && html.toLowerCase().includes(word)).map(([file]) => pagePathOf(file)),
      }));
  });
  const [best] = candidates.sort((a, b) => a.otherPages.length - b.otherPages.length);
  if (!best) throw new Error(`no ${locale} label word belongs to one filter's label alone`);
  return best;
}
