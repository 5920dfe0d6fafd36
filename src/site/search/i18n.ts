/**
 * The search's texts in both languages: the header form, the /search/ page and the strings its
 * browser script fills in (src/components/search/SearchPage.astro). Small and dependency-free: the
 * script bundles it.
 */
import type { Locale } from '../i18n.ts';

export type SearchFacet = 'layer' | 'family' | 'method';

export interface SearchStrings {
  /** The header form: its landmark name, the box's label, placeholder and button. */
  readonly formLabel: string;
  readonly inputLabel: string;
  readonly placeholder: string;
  readonly submit: string;
  readonly title: string;
  readonly description: string;
  readonly intro: string;
  /** Shown when JavaScript is off: the jump form is the way in. */
  readonly noScript: string;
  readonly noScriptLink: string;
  readonly facets: Readonly<Record<SearchFacet, string>>;
  readonly anyValue: string;
  readonly resultsHeading: string;
  readonly loading: string;
  /** The index could not be loaded (a dev server builds none; a network failure). */
  readonly unavailable: string;
  readonly count: (count: number, query: string) => string;
  readonly noResults: (query: string) => string;
  /** For a query that reads as a layer and number: the jump form's answer. */
  readonly jumpTo: (label: string) => string;
  /** Beside the result the layer-and-number reading put first. */
  readonly jumpMatch: string;
  readonly more: (count: number) => string;
}

const en: SearchStrings = {
  formLabel: 'Search the atlas',
  inputLabel: 'Search',
  placeholder: 'e.g. edge',
  submit: 'Search',
  title: 'Search the atlas',
  description: 'Find filters by what their measurements say, by layer and number, or by any word of the atlas pages.',
  intro:
    'Type what you look for: a word from the pages (a filter’s label, a family, a layer’s notes), or a layer and a number such as “b2 6”, which puts that filter first.',
  noScript: 'Search needs JavaScript. Without it, jump to a filter by its layer and number: the form in the header takes “block2_conv1 6” or “b2 6”.',
  noScriptLink: 'Open the jump page',
  facets: { layer: 'Layer', family: 'Family', method: 'Method' },
  anyValue: 'Any',
  resultsHeading: 'Results',
  loading: 'Loading the search index…',
  unavailable: 'The search index could not be loaded. The jump form in the header still finds a filter by layer and number.',
  count: (count, query) => (count === 1 ? `1 page for “${query}”` : `${count} pages for “${query}”`),
  noResults: (query) => `No page of the atlas matches “${query}”.`,
  jumpTo: (label) => `Go to ${label}`,
  jumpMatch: 'layer and number',
  more: (count) => `Show ${count} more`,
};

const ko: SearchStrings = {
  formLabel: '아틀라스 검색',
  inputLabel: '검색',
  placeholder: '예: 가장자리',
  submit: '검색',
  title: '아틀라스 검색',
  description: '측정으로 붙은 이름, 층과 번호, 또는 아틀라스 페이지에 나오는 낱말로 필터를 찾습니다.',
  intro: '찾는 것을 입력하세요. 페이지에 나오는 낱말(필터의 이름표, 무리, 층 설명)을 찾거나, “b2 6”처럼 층과 번호를 넣으면 그 필터가 맨 위에 나옵니다.',
  noScript: '검색은 자바스크립트가 있어야 합니다. 자바스크립트 없이도 머리글의 이동 양식에 “block2_conv1 6”이나 “b2 6”처럼 층과 번호를 넣으면 그 필터로 갑니다.',
  noScriptLink: '이동 페이지 열기',
  facets: { layer: '층', family: '무리', method: '방식' },
  anyValue: '전체',
  resultsHeading: '검색 결과',
  loading: '검색 색인을 불러오는 중…',
  unavailable: '검색 색인을 불러오지 못했습니다. 머리글의 이동 양식으로는 여전히 층과 번호로 필터를 찾을 수 있습니다.',
  count: (count, query) => `“${query}”에 맞는 페이지 ${count}개`,
  noResults: (query) => `“${query}”에 맞는 페이지가 아틀라스에 없습니다.`,
  jumpTo: (label) => `${label}(으)로 가기`,
  jumpMatch: '층과 번호',
  more: (count) => `${count}개 더 보기`,
};

export function searchStrings(locale: Locale): SearchStrings {
  return locale === 'ko' ? ko : en;
}
