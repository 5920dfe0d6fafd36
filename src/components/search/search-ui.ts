/**
 * The /search/ page's script: runs the address's query (?q=…) and each new one on the Pagefind index
 * (loaded from <base>pagefind/pagefind.js, this page only), puts the page a layer-and-number query
 * names first (src/site/search/query.ts), and renders the results with their thumbnail, layer,
 * number and label. DOM only, no inline styles or handlers (the site's content security policy).
 */
import { asLocale, jumpStrings } from '../../site/i18n.ts';
import { readJumpData, type JumpData } from '../../site/jump.ts';
import { searchStrings, type SearchFacet, type SearchStrings } from '../../site/search/i18n.ts';
import { FACETS, PAGE_KEY_FILTER, jumpAnswer, readSearchRequest, searchRequestQuery, type JumpAnswer, type SearchRequest } from '../../site/search/query.ts';

/** The part of pagefind.js's API this page uses (https://pagefind.app/docs/api/). */
interface PagefindResultData {
  readonly url: string;
  readonly excerpt: string;
  readonly meta: Readonly<Record<string, string | undefined>>;
}
interface PagefindResult {
  readonly id: string;
  data(): Promise<PagefindResultData>;
}
interface PagefindResponse {
  readonly results: readonly PagefindResult[];
}
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, string> }): Promise<PagefindResponse | null>;
}

/** Results shown at once; "more" adds as many again. */
const PAGE_SIZE = 20;
/** Results drawn before the rest of the first page: each needs its own fragment of the index. */
const FIRST_RESULTS = 5;
/** Pause after the last keystroke before searching. */
const TYPING_PAUSE_MS = 120;

interface Elements {
  readonly form: HTMLFormElement;
  readonly input: HTMLInputElement;
  readonly facets: ReadonlyMap<SearchFacet, HTMLSelectElement>;
  readonly status: HTMLElement;
  readonly results: HTMLOListElement;
  readonly jump: HTMLElement;
}

function findElements(document: Document): Elements | undefined {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]');
  const input = form?.querySelector<HTMLInputElement>('input[type="search"]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const results = document.querySelector<HTMLOListElement>('[data-search-results]');
  const jump = document.querySelector<HTMLElement>('[data-search-jump]');
  if (!form || !input || !status || !results || !jump) return undefined;
  const facets = new Map<SearchFacet, HTMLSelectElement>();
  for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-search-facet]')) {
    const facet = FACETS.find((name) => name === select.dataset.searchFacet);
    if (facet) facets.set(facet, select);
  }
  return { form, input, facets, status, results, jump };
}

function loadPagefind(base: string): Promise<Pagefind> {
  const url = new URL(`${base.replace(/\/?$/, '/')}pagefind/pagefind.js`, window.location.href).href;
  return (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pagefind) => {
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * One result: the thumbnail, the title (a filter page's names its layer and number), the label when
 * the filter has one, and Pagefind's excerpt.
 */
function resultItem(data: PagefindResultData, pinned: boolean, strings: SearchStrings): HTMLLIElement {
  const { meta } = data;
  const item = element('li', pinned ? 'search-result search-result-pinned' : 'search-result');
  const link = element('a', 'search-result-link');
  link.href = data.url;
  if (meta.image) {
    const image = element('img', 'search-result-thumb');
    image.src = meta.image;
    image.alt = '';
    image.width = 64;
    image.height = 64;
    image.decoding = 'async';
    link.append(image);
  }
  const text = element('span', 'search-result-text');
  text.append(element('span', 'search-result-title', meta.title ?? data.url));
  if (meta.label) text.append(element('span', 'search-result-label', meta.label));
  if (pinned) text.append(element('span', 'search-result-badge', strings.jumpMatch));
  link.append(text);
  item.append(link);
  if (data.excerpt && !pinned) {
    const excerpt = element('p', 'search-result-excerpt');
    // Pagefind's excerpt: the page's text, escaped, with <mark> around the matches.
    excerpt.innerHTML = data.excerpt;
    item.append(excerpt);
  }
  return item;
}

export function startSearchPage(document: Document): void {
  const elements = findElements(document);
  const pageData = document.getElementById('search-page-data')?.textContent;
  const jumpData: JumpData | undefined = readJumpData(document);
  if (!elements || !pageData || !jumpData) return;
  const { base, locale: pageLocale } = JSON.parse(pageData) as { base: string; locale: string };
  const locale = asLocale(pageLocale);
  const strings = searchStrings(locale);
  const jumps = jumpStrings(locale);
  const { form, input, facets, status, results, jump } = elements;

  document.querySelector('[data-search-no-script]')?.setAttribute('hidden', '');
  status.textContent = strings.loading;
  const pagefind = loadPagefind(base);
  pagefind.then(
    () => {
      if (status.textContent === strings.loading) status.textContent = '';
    },
    () => {
      status.textContent = strings.unavailable;
    },
  );

  let latest = 0;
  let shown: PagefindResult[] = [];
  let pinnedId: string | undefined;
  const more = element('button', 'search-more');
  more.type = 'button';

  const currentRequest = (): SearchRequest => {
    const chosen: Partial<Record<SearchFacet, string>> = {};
    for (const [facet, select] of facets) if (select.value) chosen[facet] = select.value;
    return { query: input.value.trim(), facets: chosen };
  };

  const showJump = (answer: JumpAnswer | undefined): void => {
    jump.replaceChildren();
    jump.hidden = answer === undefined;
    if (answer?.kind === 'page') {
      const link = element('a', 'search-jump-link', strings.jumpTo(answer.label));
      link.href = answer.url;
      jump.append(link);
    } else if (answer?.kind === 'problem') {
      jump.textContent = answer.message;
    }
  };

  /** Renders shown[from, to) once their fragments have arrived; false when a newer search has begun. */
  const appendResults = async (from: number, to: number, search: number): Promise<boolean> => {
    const batch = shown.slice(from, to);
    const datas = await Promise.all(batch.map((result) => result.data()));
    if (search !== latest) return false;
    results.append(...datas.map((data, position) => resultItem(data, batch[position]?.id === pinnedId, strings)));
    more.remove();
    if (shown.length > to) {
      more.textContent = strings.more(Math.min(PAGE_SIZE, shown.length - to));
      results.after(more);
    }
    return true;
  };

  const run = async (request: SearchRequest): Promise<void> => {
    latest += 1;
    const search = latest;
    window.history.replaceState(null, '', `${window.location.pathname}${searchRequestQuery(request)}`);
    if (request.query === '') {
      results.replaceChildren();
      more.remove();
      showJump(undefined);
      status.textContent = '';
      return;
    }
    const answer = jumpAnswer(request.query, jumpData, locale, jumps);
    let index: Pagefind;
    try {
      index = await pagefind;
    } catch {
      // No index (a dev server, a failed request): the jump form's answer still helps.
      if (search === latest) showJump(answer);
      return;
    }
    try {
      const filters = Object.fromEntries(Object.entries(request.facets)) as Record<string, string>;
      // The page a layer-and-number query names comes first, drawn before the word search is done.
      const named = answer?.kind === 'page' ? index.search(null, { filters: { ...filters, [PAGE_KEY_FILTER]: answer.key } }) : Promise.resolve(null);
      const words = index.search(request.query, { filters });
      const pinned = (await named)?.results[0];
      if (search !== latest) return;
      pinnedId = pinned?.id;
      shown = pinned ? [pinned] : [];
      results.replaceChildren();
      more.remove();
      if (pinned && (await appendResults(0, 1, search))) results.dataset.searchFirst = request.query;
      const found = await words;
      if (search !== latest || !found) return;
      shown = [...shown, ...found.results.filter((result) => result.id !== pinnedId)];
      // The first few as soon as their fragments arrive, then the rest of the first page.
      const drawn = results.children.length;
      if (!(await appendResults(drawn, Math.max(drawn, FIRST_RESULTS), search))) return;
      status.textContent = shown.length === 0 ? strings.noResults(request.query) : strings.count(shown.length, request.query);
      showJump(shown.length === 0 || answer?.kind === 'problem' ? answer : undefined);
      results.dataset.searchFirst = request.query;
      if (await appendResults(results.children.length, PAGE_SIZE, search)) results.dataset.searchDone = request.query;
    } catch {
      // The index loaded but a search failed (WebAssembly refused, a fragment that did not arrive): say so.
      if (search !== latest) return;
      status.textContent = strings.unavailable;
      showJump(answer);
    }
  };

  more.addEventListener('click', () => {
    void appendResults(results.children.length, results.children.length + PAGE_SIZE, latest);
  });

  let typing: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void run(currentRequest()), TYPING_PAUSE_MS);
  });
  for (const select of facets.values()) select.addEventListener('change', () => void run(currentRequest()));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    void run(currentRequest());
  });

  const request = readSearchRequest(window.location.search);
  input.value = request.query;
  for (const [facet, select] of facets) select.value = request.facets[facet] ?? '';
  if (request.query !== '') void run(currentRequest());
}
