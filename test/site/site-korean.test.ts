import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { BuiltSite } from './helpers/built-site.ts';
import { VIEWPORTS, closeBrowserAndSite, fontsUsedFor, openBrowserAndSite, saveScreenshot } from './helpers/browser.ts';

const FAMILY = 'Noto Sans KR';
let site: BuiltSite;
let browser: Browser;

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(() => closeBrowserAndSite(browser, site));

interface FontBytes {
  readonly stylesheets: number;
  readonly fontFiles: number;
  readonly fontBytes: number;
}

/** Waits for the page's web fonts, then sums what it downloaded for styles and fonts (uncompressed bytes). */
async function fontBytes(page: Page): Promise<FontBytes> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const fonts = resources.filter((entry) => entry.name.endsWith('.woff2'));
    const styles = resources.filter((entry) => entry.name.endsWith('.css'));
    return {
      stylesheets: styles.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      fontFiles: fonts.length,
      fontBytes: fonts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
    };
  });
}

/** Asserts the Hangul in `selector` was drawn with the self-hosted web font, not a system font or boxes. */
async function assertDrawnWithWebFont(page: Page, selector: string): Promise<void> {
  const state = await page.evaluate(
    async ({ family, selector }) => {
      await document.fonts.ready;
      const element = document.querySelector(selector);
      const text = element?.textContent ?? '';
      const weight = element ? getComputedStyle(element).fontWeight : '400';
      return {
        font: `${weight} 16px "${family}"`,
        check: document.fonts.check(`${weight} 16px "${family}"`, text),
        loaded: [...document.fonts].filter((face) => face.family.replace(/"/g, '') === family && face.status === 'loaded').length,
      };
    },
    { family: FAMILY, selector },
  );
  assert.ok(state.check, `document.fonts.check('${state.font}', the text of ${selector}) on ${page.url()}`);
  assert.ok(state.loaded > 0, `a loaded ${FAMILY} FontFace on ${page.url()}`);
  const text = (await page.locator(selector).first().textContent()) ?? '';
  const hangul = [...text].filter((character) => /\p{Script=Hangul}/u.test(character)).length;
  assert.ok(hangul > 0, `${selector} holds Hangul`);
  const used = await fontsUsedFor(page, selector);
  const web = used.find((font) => font.familyName.startsWith(FAMILY) && font.isCustomFont);
  assert.ok(web, `${selector} on ${page.url()} was drawn with ${JSON.stringify(used)}`);
  assert.ok(web.glyphCount >= hangul, `${web.glyphCount} glyphs from ${FAMILY} for ${hangul} Hangul characters`);
}

describe('Korean with the self-hosted Noto Sans KR (Chromium from npm has no CJK font)', () => {
  it('draws the Korean pages and the English pages’ "한국어" link with the web font, downloading only the site’s own small subsets', async (t) => {
    const [filter] = site.manifest.filters;
    assert.ok(filter);
    const pages = [
      // Both weights of every Hangul syllable the site can show, prose of both methods and the tuning included: 75.5 KB measured.
      { name: 'ko-overview', url: site.pageUrl('ko', ''), selector: 'main h1', budget: 90_000 },
      { name: 'ko-filter', url: site.pageUrl('ko', `${filter.layer}/${filter.index}/`), selector: 'main h1', budget: 90_000 },
      { name: 'en-overview', url: site.pageUrl('en', ''), selector: 'a[data-language-switch]', budget: 5_000 },
      { name: 'en-filter', url: site.pageUrl('en', `${filter.layer}/${filter.index}/`), selector: 'a[data-language-switch]', budget: 5_000 },
    ];
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      // A fresh context per page: nothing cached, so each figure is that page's own first visit.
      for (const { name, url, selector, budget } of pages) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'load' });
        await assertDrawnWithWebFont(page, selector);
        const bytes = await fontBytes(page);
        t.diagnostic(`${name} (${viewportName}): ${bytes.fontFiles} font files, ${bytes.fontBytes} bytes; stylesheet ${bytes.stylesheets} bytes`);
        assert.ok(bytes.fontBytes <= budget, `${name}: ${bytes.fontBytes} font bytes, budget ${budget}`);
        await saveScreenshot(page, `korean-${name}-${viewportName}`);
        await context.close();
      }
    }
  });
});
