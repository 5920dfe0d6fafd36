/**
 * The search tests' label queries, taken from the labels the pipeline wrote into the fixture atlas
 * (src/atlas/labels/): a word a filter's page holds in its label and nowhere else, so that only the
 * label can make the index find the page. Best a word no other filter's label holds.
 */
import path from 'node:path';
import type { FilterLabel, Manifest } from '../../../src/atlas/manifest.ts';

export type Locale = 'en' | 'ko';

export interface LabelWord {
  readonly label: FilterLabel;
  readonly word: string;
  /** The other filters whose label holds the word too (none when the word is the label's alone). */
  readonly otherLabels: readonly FilterLabel[];
  /** The other indexed pages of the word's language whose HTML holds the word anywhere (a superset of the pages its index can find). */
  readonly otherPages: readonly string[];
}

/** A label's words as the index splits them: English letters (4 or more, not an inflected form the stemmer would cut), Korean at the spaces. */
function words(text: string, locale: Locale): string[] {
  const tokens = locale === 'en' ? (text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((word) => !/(s|ed|ing)$/.test(word)) : text.split(/[\s,()]+/u);
  return [...new Set(tokens.filter((word) => /^\p{L}{2,}$/u.test(word)))];
}

/** The page path ("/block1_conv1/3/", "/ko/search/") of a built file ("ko/search/index.html"). */
function pagePathOf(file: string): string {
  const dir = path.dirname(file).split(path.sep).join('/');
  return dir === '.' ? '/' : `/${dir}/`;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The HTML without every element marked data-pagefind-ignore (what the index never reads), nested elements of the same tag counted. */
function withoutIgnored(html: string): string {
  const opening = /<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-ignore\b[^>]*>/g;
  let out = '';
  let from = 0;
  for (let match = opening.exec(html); match; match = opening.exec(html)) {
    const tag = match[1]!;
    if (VOID_ELEMENTS.has(tag)) {
      out += html.slice(from, match.index);
      from = match.index + match[0].length;
      continue;
    }
    const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
    tags.lastIndex = match.index + match[0].length;
    let depth = 1;
    let end = html.length;
    for (let next = tags.exec(html); next; next = tags.exec(html)) {
      depth += next[1] === '/' ? -1 : 1;
      if (depth === 0) {
        end = next.index + next[0].length;
        break;
      }
    }
    out += html.slice(from, match.index);
    from = end;
    opening.lastIndex = end;
  }
  return out + html.slice(from);
}

/** A filter page's indexed part without its label's text (FilterLabel.astro; its family name stays) and the search record's metadata. */
function withoutLabel(html: string): string {
  const body = withoutIgnored(html.slice(Math.max(0, html.indexOf('data-pagefind-body'))));
  return body
    .replace(/<p class="filter-label-text">[\s\S]*?<\/p>/, '')
    .toLowerCase();
}

/**
 * The label word to search for in `locale`: a word of a filter's label that its page holds
 * nowhere but in the label; of those, one held by the fewest labels (best one alone), then on the
 * fewest other indexed pages of that language; ties go to the first label.
 */
export function pickLabelWord(manifest: Manifest, pages: ReadonlyArray<readonly [string, string]>, locale: Locale): LabelWord {
  const labels = manifest.labels ?? [];
  const indexed = new Map(pages.filter(([file, html]) => file.startsWith(`ko${path.sep}`) === (locale === 'ko') && html.includes('data-pagefind-body')).map(([file, html]) => [pagePathOf(file), html.toLowerCase()]));
  const pageOf = (label: FilterLabel) => `/${locale === 'ko' ? 'ko/' : ''}${label.layer}/${label.index}/`;
  const candidates = labels.flatMap((label) => {
    const own = pageOf(label);
    const html = pages.find(([file]) => pagePathOf(file) === own)?.[1];
    if (html === undefined) return [];
    const rest = withoutLabel(html);
    return words(label.text[locale], locale)
      .filter((word) => !rest.includes(word))
      .map((word) => ({
        label,
        word,
        otherLabels: labels.filter((other) => other !== label && words(other.text[locale], locale).includes(word)),
        otherPages: [...indexed].filter(([pagePath, text]) => pagePath !== own && text.includes(word)).map(([pagePath]) => pagePath),
      }));
  });
  const [best] = candidates.sort((a, b) => a.otherLabels.length - b.otherLabels.length || a.otherPages.length - b.otherPages.length);
  if (!best) throw new Error(`no ${locale} label word is on its filter's page in the label alone`);
  return best;
}
