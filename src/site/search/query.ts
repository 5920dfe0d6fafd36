/**
 * What the search page does before and beside Pagefind: reads the query from the address, and reads
 * it as the jump form would (src/site/jump.ts), so "block2_conv1 6" or "b2 6" puts that filter
 * first; Pagefind's word ranking alone would not. Pure: it runs in the browser and in the tests.
 */
import type { JumpStrings } from '../i18n.ts';
import { describeProblem, parseJump, resolveJump, type JumpData, type JumpTarget } from '../jump.ts';
import type { SearchFacet } from './i18n.ts';

export const SEARCH_PAGE_PATH = 'search/';
/** The query's name in the address: /search/?q=edge. */
export const QUERY_PARAM = 'q';
export const FACETS: readonly SearchFacet[] = ['layer', 'family', 'method'];
/**
 * A Pagefind filter that names each indexed filter or layer page ("block2_conv1 6", "block2_conv1"),
 * so the page the jump grammar reads can be fetched from the index with its thumbnail and label.
 */
export const PAGE_KEY_FILTER = 'page';

export function pageKey(layer: string, index?: number): string {
  return index === undefined ? layer : `${layer} ${index}`;
}

export interface SearchRequest {
  readonly query: string;
  /** The facets chosen, by name; a facet left at "any" is absent. */
  readonly facets: Readonly<Partial<Record<SearchFacet, string>>>;
}

/** The query and facets of a search page's address (?q=…&layer=…). */
export function readSearchRequest(search: string): SearchRequest {
  const params = new URLSearchParams(search);
  const facets: Partial<Record<SearchFacet, string>> = {};
  for (const facet of FACETS) {
    const value = params.get(facet)?.trim();
    if (value) facets[facet] = value;
  }
  return { query: (params.get(QUERY_PARAM) ?? '').trim(), facets };
}

/** The address's query string for a request: "?q=edge&layer=block2_conv1", or "" for none. */
export function searchRequestQuery(request: SearchRequest): string {
  const params = new URLSearchParams();
  if (request.query !== '') params.set(QUERY_PARAM, request.query);
  for (const facet of FACETS) {
    const value = request.facets[facet];
    if (value) params.set(facet, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export type JumpAnswer =
  /** The query names a page: put it first (`key`, see PAGE_KEY_FILTER) and offer its link. */
  | { readonly kind: 'page'; readonly key: string; readonly url: string; readonly label: string; readonly target: JumpTarget }
  /** It reads as a layer and number the atlas lacks: what the jump form would say. */
  | { readonly kind: 'problem'; readonly message: string };

/**
 * The jump form's answer to a query that looks like a layer (and number), or undefined for any
 * other query (a word such as "edge" is not a mistyped layer).
 */
export function jumpAnswer(query: string, data: JumpData, locale: string, strings: JumpStrings): JumpAnswer | undefined {
  const parsed = parseJump(query, data.layers);
  if (parsed.ok) {
    const resolved = resolveJump(query, data, locale, strings);
    if (!resolved.ok) return undefined;
    const { target } = parsed;
    return { kind: 'page', key: pageKey(target.layer, target.index), url: resolved.url, label: resolved.label, target };
  }
  const { problem } = parsed;
  if (problem.kind === 'unknown-layer' || problem.kind === 'no-filter') return { kind: 'problem', message: describeProblem(problem, data.layers, strings) };
  return undefined;
}
