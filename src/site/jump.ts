/**
 * "Jump to a filter": what the header form, the /go/ page and the 404 page understand. Pure and
 * dependency-free: it runs in the browser and in the unit tests alike.
 *
 * Grammar (case-insensitive; spaces anywhere are fine):
 *   entry = layer [separator index]        separator: spaces and/or one of / : # ,
 *   layer = block3_conv1 | block3conv1 | block3 conv1 | b3c1 | b3_c1 | block3 | b3 | 3
 *   index = a whole number
 * A block without a convolution ("b3", "3") means that block's first layer in the atlas. A layer
 * alone goes to the layer's page.
 */
import type { JumpStrings } from './i18n.ts';

export interface JumpLayer {
  readonly name: string;
  /** The rendered filters, as ascending inclusive ranges. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  /** Methods whose thumbnails have a page of their own below the layer's: "enhanced" → /<layer>/enhanced/. */
  readonly views?: readonly string[];
}

/** A layer page, a layer's page in another method (`view`), or a filter page. */
export type JumpTarget = { readonly layer: string; readonly index?: number; readonly view?: string };

export type JumpProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'syntax'; readonly input: string }
  | { readonly kind: 'unknown-layer'; readonly layer: string }
  | { readonly kind: 'no-filter'; readonly layer: string; readonly index: number };

export type JumpResult = { readonly ok: true; readonly target: JumpTarget } | { readonly ok: false; readonly problem: JumpProblem };

/** What the pages embed for the scripts: the layers, and each locale's root URL (with the base). */
export interface JumpData {
  readonly layers: readonly JumpLayer[];
  readonly roots: Readonly<Record<string, string>>;
  /** The site's base path, "/" or "/atlas/". */
  readonly base: string;
}

/** Id of the <script type="application/json"> that holds the JumpData on every page. */
export const JUMP_DATA_ID = 'atlas-jump-data';

/** The JumpData a page embeds (see JumpForm.astro), if it has any. */
export function readJumpData(document: Document): JumpData | undefined {
  const text = document.getElementById(JUMP_DATA_ID)?.textContent;
  return text ? (JSON.parse(text) as JumpData) : undefined;
}

const ENTRY = /^(?:block|b)?\s*(\d{1,2})(?:\s*[_-]?\s*(?:conv|c)\s*(\d{1,2}))?(?:(?:\s*[/:#,]\s*|\s+)(\d{1,6}))?\s*\/?$/;

/** Sorted indices as ranges: [0, 1, 2, 5] → [[0, 2], [5, 5]]. */
export function toRanges(indices: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const index of [...indices].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && index === last[1] + 1) last[1] = index;
    else if (!last || index > last[1]) ranges.push([index, index]);
  }
  return ranges;
}

/** "0–63", "0–7, 12": language-neutral. */
export function formatRanges(ranges: JumpLayer['ranges']): string {
  return ranges.map(([low, high]) => (low === high ? String(low) : `${low}–${high}`)).join(', ');
}

function hasFilter(layer: JumpLayer, index: number): boolean {
  return layer.ranges.some(([low, high]) => index >= low && index <= high);
}

function findLayer(layers: readonly JumpLayer[], block: number, conv: number | undefined): JumpLayer | undefined {
  const prefix = `block${block}_conv`;
  const inBlock = layers
    .filter((layer) => layer.name.startsWith(prefix))
    .sort((a, b) => Number(a.name.slice(prefix.length)) - Number(b.name.slice(prefix.length)));
  return conv === undefined ? inBlock[0] : inBlock.find((layer) => layer.name === `${prefix}${conv}`);
}

/** Reads an entry such as "block3_conv1 12", "b3 12", "b3c1/12" or "3 12" against the atlas's layers. */
export function parseJump(input: string, layers: readonly JumpLayer[]): JumpResult {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, problem: { kind: 'empty' } };
  const match = ENTRY.exec(text);
  if (!match) return { ok: false, problem: { kind: 'syntax', input: input.trim() } };
  const block = Number(match[1]);
  const conv = match[2] === undefined ? undefined : Number(match[2]);
  const layer = findLayer(layers, block, conv);
  if (!layer) return { ok: false, problem: { kind: 'unknown-layer', layer: `block${block}${conv === undefined ? '' : `_conv${conv}`}` } };
  if (match[3] === undefined) return { ok: true, target: { layer: layer.name } };
  const index = Number(match[3]);
  if (!hasFilter(layer, index)) return { ok: false, problem: { kind: 'no-filter', layer: layer.name, index } };
  return { ok: true, target: { layer: layer.name, index } };
}

/** The target's page path below a locale's root: "block3_conv1/", "block3_conv1/enhanced/" or "block3_conv1/12/". */
export function targetPath(target: JumpTarget): string {
  if (target.index !== undefined) return `${target.layer}/${target.index}/`;
  return target.view === undefined ? `${target.layer}/` : `${target.layer}/${target.view}/`;
}

/** The sentence that says what went wrong and what is valid, in the strings' language. */
export function describeProblem(problem: JumpProblem, layers: readonly JumpLayer[], strings: JumpStrings): string {
  const valid = strings.valid(layers.map((layer) => `${layer.name} (${formatRanges(layer.ranges)})`).join('; '));
  switch (problem.kind) {
    case 'empty':
      return `${strings.empty} ${valid}`;
    case 'syntax':
      return `${strings.syntax(problem.input)} ${valid}`;
    case 'unknown-layer':
      return `${strings.unknownLayer(problem.layer)} ${valid}`;
    case 'no-filter': {
      const layer = layers.find((candidate) => candidate.name === problem.layer);
      return `${strings.noFilter(problem.layer, problem.index, formatRanges(layer?.ranges ?? []))}`;
    }
  }
}

export type ResolvedJump = { readonly ok: true; readonly url: string; readonly label: string } | { readonly ok: false; readonly message: string };

/** An entry as the form and /go/ act on it: the page to open (in `locale`), or what to tell the reader. */
export function resolveJump(input: string, data: JumpData, locale: string, strings: JumpStrings): ResolvedJump {
  const result = parseJump(input, data.layers);
  if (!result.ok) return { ok: false, message: describeProblem(result.problem, data.layers, strings) };
  const { target } = result;
  const label = target.index === undefined ? target.layer : strings.filterLabel(target.layer, target.index);
  return { ok: true, url: `${data.roots[locale] ?? data.base}${targetPath(target)}`, label };
}

/**
 * The layers as the jump scripts need them, from the site's view of the atlas; with `primary`, each
 * other method of a layer is one of its `views` (a page below the layer's, for the 404 suggestions).
 */
export function jumpLayers(
  layers: ReadonlyArray<{
    entry: { name: string };
    filters: ReadonlyArray<{ index: number }>;
    methods?: ReadonlyArray<{ method: { params: { name: string } } }>;
  }>,
  primary?: string,
): JumpLayer[] {
  return layers
    .filter((layer) => layer.filters.length > 0)
    .map((layer) => {
      const views = primary === undefined ? [] : (layer.methods ?? []).map((view) => view.method.params.name).filter((name) => name !== primary);
      const ranges = toRanges(layer.filters.map((filter) => filter.index));
      return views.length > 0 ? { name: layer.entry.name, ranges, views } : { name: layer.entry.name, ranges };
    });
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The rendered filter nearest to `index` (the lower one on a tie). */
export function nearestIndex(layer: JumpLayer, index: number): number | undefined {
  let best: number | undefined;
  for (const [low, high] of layer.ranges) {
    const candidate = Math.min(Math.max(index, low), high);
    if (best === undefined || Math.abs(candidate - index) < Math.abs(best - index)) best = candidate;
  }
  return best;
}

/** Most edits a mistyped layer name may be from a real one to be suggested. */
const MAX_LAYER_EDITS = 4;
/** Most edits a mistyped method segment ("enhnced") may be from a real one. */
const MAX_VIEW_EDITS = 2;

/**
 * For the 404 page: the page a mistyped URL most likely meant. `pathname` is the address that was
 * not found; the base path and a locale prefix (e.g. "ko") are skipped. The first segment is
 * read as a jump entry ("b3", "block3_cnov1"); failing that, the nearest layer name by edit
 * distance. A second, numeric segment becomes the nearest rendered filter of that layer; a second
 * segment that names (or nearly names) one of the layer's views, its page, or with a number after
 * it, that filter (filter pages are shared by the methods: /block2_conv1/enhanced/6/ → block2_conv1 6).
 */
export function suggestForPath(pathname: string, data: JumpData, locales: readonly string[]): JumpTarget | undefined {
  const below = pathname.startsWith(data.base) ? pathname.slice(data.base.length) : pathname;
  const segments = below.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment).toLowerCase());
  if (locales.includes(segments[0] ?? '')) segments.shift();
  const [first, second] = segments;
  if (first === undefined) return undefined;
  const parsed = parseJump(first, data.layers);
  let layer = parsed.ok ? data.layers.find((candidate) => candidate.name === parsed.target.layer) : undefined;
  if (!layer) {
    const ranked = data.layers
      .map((candidate) => ({ candidate, distance: levenshtein(first, candidate.name) }))
      .sort((a, b) => a.distance - b.distance);
    const best = ranked[0];
    if (best && best.distance <= MAX_LAYER_EDITS) layer = best.candidate;
  }
  if (!layer) return undefined;
  const view = second === undefined ? undefined : (layer.views ?? []).find((name) => levenshtein(second, name) <= MAX_VIEW_EDITS);
  const number = view === undefined ? second : segments[2];
  const index = number !== undefined && /^\d+$/.test(number) ? nearestIndex(layer, Number(number)) : undefined;
  if (index !== undefined) return { layer: layer.name, index };
  return view === undefined ? { layer: layer.name } : { layer: layer.name, view };
}
