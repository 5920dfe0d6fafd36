import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SEARCH_INDEX_BUDGET, auditedSiteSize, searchIndexShare } from '../../../src/cli/audit.ts';
import { searchStrings } from '../../../src/site/search/i18n.ts';
import { buildAndServeSite, readHtmlPages, type BuiltSite } from '../helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, closeBrowserAndSite, launchChromium, saveScreenshot, waitForPath } from '../helpers/browser.ts';
import { htmlValidateErrors } from '../helpers/html-validate.ts';
import { pickLabelWord, type LabelWord, type Locale } from './label-words.ts';

// Under a base path, so the index's result URLs and the script's index URL are checked to honour ATLAS_BASE.
const BASE = '/atlas';
let site: BuiltSite;
let browser: Browser;
/** Every request the pages made that left the site's origin. */
const outside: string[] = [];
/** A word of one filter's label alone, per language (from the labels the pipeline wrote). */
let labelWords: Record<Locale, LabelWord>;

before(async () => {
  browser = await launchChromium();
  site = await buildAndServeSite(BASE);
  const pages = await readHtmlPages(site.distDir);
  labelWords = { en: pickLabelWord(site.manifest, pages, 'en'), ko: pickLabelWord(site.manifest, pages, 'ko') };
});

after(() => closeBrowserAndSite(browser, site));

async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const origin = new URL(site.rootUrl).origin;
  context.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) outside.push(request.url());
  });
  return context;
}

interface ShownResult {
  readonly href: string;
  readonly title: string;
  readonly label: string | undefined;
  readonly thumb: string | undefined;
  readonly pinned: boolean;
}

/** Waits until the page shows the results of `query`, and reads them. */
async function results(page: Page, query: string): Promise<ShownResult[]> {
  await page.locator(`[data-search-results][data-search-done="${query.replace(/"/g, '\\"')}"]`).waitFor({ state: 'attached', timeout: 15_000 });
  return page.locator('.search-result').evaluateAll((items) =>
    items.map((item) => ({
      href: new URL(item.querySelector('a')?.getAttribute('href') ?? '', document.baseURI).pathname,
      title: item.querySelector('.search-result-title')?.textContent ?? '',
      label: item.querySelector('.search-result-label')?.textContent ?? undefined,
      thumb: item.querySelector('img')?.getAttribute('src') ?? undefined,
      pinned: item.classList.contains('search-result-pinned'),
    })),
  );
}

function searchUrl(locale: Locale, query: string): string {
  return `${site.pageUrl(locale, 'search/')}?q=${encodeURIComponent(query)}`;
}

function filterHref(locale: Locale, layer: string, index: number): string {
  return `${BASE}/${locale === 'en' ? '' : `${locale}/`}${layer}/${index}/`;
}

function labelText(locale: Locale, layer: string, index: number): string | undefined {
  return site.manifest.labels?.find((label) => label.layer === layer && label.index === index)?.text[locale];
}

/**
 * Searches for the label word of `locale`: its filter is found, with its label; every result is a
 * page that holds the word; no filter whose label lacks the word ranks above it; and when no other
 * page holds the word, it is the only result.
 */
async function assertFoundByLabelWord(page: Page, locale: Locale, t: TestContext): Promise<ShownResult[]> {
  const { label, word, otherLabels, otherPages } = labelWords[locale];
  await page.goto(searchUrl(locale, word));
  const found = await results(page, word);
  const hrefs = found.map((result) => result.href);
  t.diagnostic(`${locale} label word "${word}" (${label.layer} ${label.index}; ${otherLabels.length} other labels, ${otherPages.length} other pages hold it): ${hrefs.join(', ')}`);
  const own = filterHref(locale, label.layer, label.index);
  const at = hrefs.indexOf(own);
  assert.ok(at >= 0, `${locale} "${word}" finds ${own} among ${hrefs.join(', ')}`);
  assert.equal(found[at]?.label, label.text[locale]);
  const holders = new Set(otherPages.map((pagePath) => `${BASE}${pagePath}`));
  assert.deepEqual(hrefs.filter((href) => href !== own && !holders.has(href)), [], `${locale} "${word}": only pages that hold the word`);
  if (otherPages.length === 0) assert.deepEqual(hrefs, [own], `${locale} "${word}" is on no other page`);
  const labelled = new Set(otherLabels.map((other) => filterHref(locale, other.layer, other.index)));
  const filterPage = new RegExp(`^${BASE}/${locale === 'en' ? '' : `${locale}/`}[^/]+/\\d+/$`);
  assert.deepEqual(hrefs.slice(0, at).filter((href) => filterPage.test(href) && !labelled.has(href)), [], `${locale} "${word}": no filter without the word in its label ranks above ${own}`);
  return found;
}

describe('site search (Pagefind, ATLAS_BASE=/atlas)', () => {
  it('puts the filter a layer and number names first: "block2_conv1 3" and "b2 3", in both languages', async () => {
    const context = await newContext();
    const page = await context.newPage();
    for (const locale of ['en', 'ko'] as const) {
      for (const query of ['block2_conv1 3', 'b2 3', 'block2 3']) {
        await page.goto(searchUrl(locale, query));
        const [first] = await results(page, query);
        assert.ok(first, `${locale} "${query}": a result`);
        assert.equal(first.href, `${BASE}/${locale === 'en' ? '' : 'ko/'}block2_conv1/3/`, `${locale} "${query}" first`);
        assert.ok(first.pinned, 'marked as the layer-and-number reading');
        assert.equal(first.thumb, `${BASE}/data/block2_conv1/3.webp`, 'with its thumbnail');
        assert.equal(first.label, labelText(locale, 'block2_conv1', 3), 'with its label');
        assert.ok(first.label, 'the fixture labels block2_conv1 3');
      }
    }
    await context.close();
  });

  it('finds a page by a word of its content, and a filter by a word of its label, with facets', async (t) => {
    const context = await newContext();
    const page = await context.newPage();
    // "diagonal" is in block1_conv1's notes (content/en/block1_conv1.md): the layer page is found.
    await page.goto(searchUrl('en', 'diagonal'));
    const found = await results(page, 'diagonal');
    assert.ok(found.some((result) => result.href === `${BASE}/block1_conv1/`), `block1_conv1's page among ${found.map((result) => result.href).join(', ')}`);
    const { label, word } = labelWords.en;
    const own = filterHref('en', label.layer, label.index);
    const labelled = (await assertFoundByLabelWord(page, 'en', t)).find((result) => result.href === own);
    assert.equal(labelled?.title, `${label.layer} · filter ${label.index}`, 'the title names layer and number');
    // Facets: a layer narrows the results to it; the family facet lists the families, by name.
    await page.goto(`${searchUrl('en', 'diagonal')}&layer=block2_conv1`);
    assert.ok((await results(page, 'diagonal')).every((result) => result.href.startsWith(`${BASE}/block2_conv1/`)));
    assert.equal(await page.locator('select[name="layer"]').inputValue(), 'block2_conv1');
    const families = site.manifest.families ?? [];
    assert.deepEqual(await page.locator('select[name="family"] option').allTextContents(), ['Any', ...new Set(families.map((family) => family.name.en))]);
    const ownFamily = families.find((family) => family.layer === label.layer && family.id === label.family)?.name.en;
    const otherFamily = families.find((family) => family.name.en !== ownFamily)?.name.en;
    assert.ok(ownFamily && otherFamily, 'the labelled filter has a family, and another family exists');
    await page.locator('select[name="family"]').selectOption(ownFamily);
    await page.waitForURL((url) => url.searchParams.get('family') === ownFamily);
    // The family facet keeps the filter and only filters of families of that name; another family leaves it out.
    await page.goto(`${searchUrl('en', word)}&family=${encodeURIComponent(ownFamily)}`);
    const members = new Set(families.filter((family) => family.name.en === ownFamily).flatMap((family) => family.members.map((index) => filterHref('en', family.layer, index))));
    const inFamily = (await results(page, word)).map((result) => result.href);
    assert.ok(inFamily.includes(own), `${own} among ${inFamily.join(', ')}`);
    assert.deepEqual(inFamily.filter((href) => /\/\d+\/$/.test(href) && !members.has(href)), [], `only members of "${ownFamily}"`);
    await page.goto(`${searchUrl('en', word)}&family=${encodeURIComponent(otherFamily)}`);
    assert.ok(!(await results(page, word)).some((result) => result.href === own), `"${otherFamily}" leaves ${own} out`);
    await context.close();
  });

  it('finds Korean pages for Korean words: the prose and a label', async (t) => {
    const context = await newContext();
    const page = await context.newPage();
    // 가장자리 (edge) is in the Korean prose (content/ko/tuning.md and others).
    await page.goto(searchUrl('ko', '가장자리'));
    const prose = await results(page, '가장자리');
    assert.ok(prose.length > 0, 'results');
    for (const result of prose) assert.ok(result.href.startsWith(`${BASE}/ko/`), `a Korean page: ${result.href}`);
    await assertFoundByLabelWord(page, 'ko', t);
    // The English index knows no Korean page.
    const { word } = labelWords.ko;
    await page.goto(searchUrl('en', word));
    assert.deepEqual(await results(page, word), []);
    await context.close();
  });

  it('keeps the query in the address, so a result list opens from a fresh tab', async () => {
    const context = await newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', 'search/'));
    const { label, word } = labelWords.en;
    await page.getByRole('searchbox', { name: 'Search' }).last().fill(word);
    const typed = (await results(page, word)).map((result) => result.href);
    assert.ok(typed.includes(filterHref('en', label.layer, label.index)), `the label's filter among ${typed.join(', ')}`);
    const shared = page.url();
    assert.equal(new URL(shared).searchParams.get('q'), word);
    await context.close();
    const fresh = await newContext();
    const tab = await fresh.newPage();
    await tab.goto(shared);
    assert.deepEqual((await results(tab, word)).map((result) => result.href), typed, 'the same results, in the same order');
    assert.equal(await tab.locator('#search-input').inputValue(), word);
    await fresh.close();
  });

  it('searches from the header of any page, and the search page alone loads Pagefind', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(site.pageUrl('ko', 'block2_conv1/'));
    await page.getByRole('search', { name: searchStrings('ko').formLabel }).getByRole('searchbox').fill('b2 3');
    await page.keyboard.press('Enter');
    await waitForPath(page, `${BASE}/ko/search/`);
    const cut = requests.findIndex((url) => url.includes('/ko/search/'));
    assert.deepEqual(requests.slice(0, cut).filter((url) => url.includes('pagefind')), [], 'no Pagefind request before the search page');
    assert.equal((await results(page, 'b2 3'))[0]?.href, `${BASE}/ko/block2_conv1/3/`);
    await context.close();
  });

  it('says when nothing matches, and what the jump form would say for a layer and number', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(searchUrl('en', 'zqxjv'));
    assert.deepEqual(await results(page, 'zqxjv'), []);
    assert.equal(await page.locator('[data-search-status]').textContent(), searchStrings('en').noResults('zqxjv'));
    assert.equal(await page.locator('[data-search-jump]').isVisible(), false);
    assert.equal(await page.locator('[data-search-no-script]').isVisible(), false, 'the no-JavaScript note is hidden');
    await page.goto(searchUrl('ko', 'b2 99'));
    await results(page, 'b2 99');
    assert.match((await page.locator('[data-search-jump]').textContent()) ?? '', /block2_conv1.*99/);
    await context.close();
  });

  it('says the search is unavailable, and still gives the jump answer, when the index loads but cannot search', async () => {
    const context = await newContext();
    // Pagefind's WebAssembly cannot be had (a refused or failed download): pagefind.js loads, every search fails.
    await context.route('**/pagefind/wasm.*.pagefind', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(searchUrl('en', 'b2 3'));
    await page.locator('[data-search-status]').filter({ hasText: searchStrings('en').unavailable }).waitFor({ timeout: 15_000 });
    assert.match((await page.locator('[data-search-jump]').textContent()) ?? '', /block2_conv1.*3/);
    await context.close();
  });

  it('points to the jump form without JavaScript', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const locale of ['en', 'ko'] as const) {
      await page.goto(searchUrl(locale, 'b2 3'));
      const note = page.locator('[data-search-no-script]');
      assert.ok(await note.isVisible());
      assert.ok((await note.textContent())?.includes(searchStrings(locale).noScript));
      await note.getByRole('link').click();
      await waitForPath(page, `${BASE}/${locale === 'en' ? '' : 'ko/'}go/`);
    }
    await context.close();
  });

  it('is accessible and valid in both languages, and looks right on a phone and a desktop', async () => {
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await newContext({ viewport });
      const page = await context.newPage();
      for (const [locale, query] of [['en', 'b2 3'], ['ko', '가장자리']] as const) {
        await page.goto(searchUrl(locale, query));
        await results(page, query);
        await assertAccessible(page);
        await saveScreenshot(page, `search-${locale}-${viewportName}`);
      }
      await context.close();
    }
    const { errors } = await htmlValidateErrors(site.distDir);
    assert.deepEqual(errors, []);
  });

  it('has the header search form on every page, an index per language, under a tenth of the site', async () => {
    const pages = await readHtmlPages(site.distDir);
    for (const [name, html] of pages) {
      const korean = name.startsWith(`ko${path.sep}`);
      assert.match(html, new RegExp(`<form class="header-search" action="${BASE}/${korean ? 'ko/' : ''}search/" method="get" role="search"`), name);
      assert.match(html, /<input id="header-search-input" name="q" type="search"/, name);
      if (!name.endsWith(`search${path.sep}index.html`)) assert.doesNotMatch(html, /pagefind\.js/, name);
    }
    const entry = JSON.parse(await readFile(path.join(site.distDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    const indexed = (korean: boolean) => pages.filter(([name, html]) => name.startsWith(`ko${path.sep}`) === korean && html.includes('data-pagefind-body')).length;
    assert.deepEqual(Object.keys(entry.languages).sort(), ['en', 'ko']);
    assert.equal(entry.languages.en?.page_count, indexed(false));
    assert.equal(entry.languages.ko?.page_count, indexed(true));
    assert.ok(indexed(false) >= site.manifest.layers.length + 26, 'filter, layer and prose pages');
    const share = searchIndexShare(await auditedSiteSize(site.distDir));
    assert.ok(share > 0 && share < SEARCH_INDEX_BUDGET, `index ${(share * 100).toFixed(1)} % of the site`);
  });

  it('reports how soon the first results follow the last keystroke on a warm page (a measure, not asserted)', async (t) => {
    const context = await newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', 'search/'));
    const input = page.locator('#search-input');
    await input.fill('warm');
    await results(page, 'warm');
    await page.evaluate(() => {
      const timing = { lastKey: 0, done: new Map<string, number>() };
      Object.assign(window, { searchTiming: timing });
      document.addEventListener('input', () => (timing.lastKey = performance.now()), true);
      const list = document.querySelector<HTMLElement>('[data-search-results]');
      if (list) new MutationObserver(() => timing.done.has(list.dataset.searchFirst ?? '') || timing.done.set(list.dataset.searchFirst ?? '', performance.now())).observe(list, { attributes: true, attributeFilter: ['data-search-first'] });
    });
    const timings: number[] = [];
    for (const query of ['diagonal', 'stripes', labelWords.en.word, 'b2 3', 'colour', 'pattern']) {
      await input.fill('');
      await input.pressSequentially(query, { delay: 60 });
      await results(page, query);
      timings.push(
        await page.evaluate((typed) => {
          const timing = (window as unknown as { searchTiming: { lastKey: number; done: Map<string, number> } }).searchTiming;
          return (timing.done.get(typed) ?? Number.NaN) - timing.lastKey;
        }, query),
      );
    }
    const sorted = [...timings].sort((a, b) => a - b);
    t.diagnostic(`first results after the last keystroke's input (ms, the typing pause included): ${timings.map((ms) => ms.toFixed(0)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)}`);
    await context.close();
  });

  it('names the label beside the number in the layer grids: alt text and hover title', async () => {
    const { layer, index, text } = labelWords.en.label;
    for (const locale of ['en', 'ko'] as const) {
      const html = await readFile(path.join(site.distDir, ...(locale === 'ko' ? ['ko'] : []), layer, 'index.html'), 'utf8');
      const label = text[locale].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const link = html.match(new RegExp(`<a href="[^"]*/${layer}/${index}/" data-filter-link="${index}"[^>]*>[\\s\\S]*?</a>`))?.[0] ?? '';
      assert.match(link, new RegExp(`title="${label}"`), `${locale}: hover title`);
      // A dead filter's alt text ends with its state: "… (dead)".
      assert.match(link, new RegExp(`alt="[^"]*${index}[^"]*: ${label}( \\([^)"]+\\))?"`), `${locale}: alt text`);
    }
  });

  it('makes no request outside the site', () => {
    assert.deepEqual(outside, []);
  });
});
