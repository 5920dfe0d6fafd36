import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BuiltSite } from '../helpers/built-site.ts';
import { VIEWPORTS, closeBrowserAndSite, loadAllImages, openBrowserAndSite } from '../helpers/browser.ts';
import { testPicturePng } from '../probe/probe-fixture.ts';
import { PAGE_TYPES } from './page-types.ts';
import { recordViolations, violationsOf, watchConsole, type ConsoleWatch } from './policy-watch.ts';

let site: BuiltSite;
let browser: Browser;

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(() => closeBrowserAndSite(browser, site));

async function watchedPage(notFound = false, alsoExpected: (text: string) => boolean = () => false): Promise<{ context: BrowserContext; page: Page; console: ConsoleWatch }> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  await recordViolations(context);
  const page = await context.newPage();
  // The 404 page's address answers 404: Chromium logs that for the document, and nothing else may fail.
  const console = watchConsole(page, (text, url) => (notFound && /status of 404/.test(text) && url === page.url()) || alsoExpected(text));
  return { context, page, console };
}

async function assertClean(page: Page, console: ConsoleWatch, what: string): Promise<void> {
  assert.deepEqual(await violationsOf(page), [], `CSP violations: ${what}`);
  assert.deepEqual(console.take(), [], `console errors: ${what}`);
}

describe('the content security policy in a real browser (Chromium)', () => {
  it('lets every page type load in both languages without a violation or a console error', async () => {
    for (const type of PAGE_TYPES) {
      const { context, page, console } = await watchedPage(type.notFound);
      for (const locale of ['en', 'ko'] as const) {
        const url = site.pageUrl(locale, type.path(site.manifest));
        const response = await page.goto(url, { waitUntil: 'load' });
        assert.equal(response?.status(), type.notFound ? 404 : 200, url);
        assert.equal(await page.locator('meta[http-equiv="content-security-policy"]').count(), 1, `${url} carries the policy`);
        if (type.shows) assert.ok(await page.locator(type.shows).first().isVisible(), `${url} shows ${type.shows}`);
        await loadAllImages(page);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await assertClean(page, console, `${type.name} (${locale}) ${url}`);
      }
      await context.close();
    }
  });

  it('lets the examples viewer open and close without a violation', async () => {
    const entry = site.manifest.examples?.find((candidate) => candidate.top[0]?.heatmap !== undefined);
    assert.ok(entry, 'the fixture has an example with a heatmap');
    const { context, page, console } = await watchedPage();
    await page.goto(site.pageUrl('en', `${entry.layer}/${entry.index}/`));
    await page.locator('#example-top-1-crop').click();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#example-top-1 img')].every((image) => image.complete && image.naturalWidth > 0));
    assert.ok(await page.locator('#example-top-1').isVisible());
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => location.hash === '#example-top-1-crop');
    await assertClean(page, console, 'the examples viewer');
    await context.close();
  });

  it('lets the probe run the network (WebAssembly) on an image without a violation', async () => {
    const { context, page, console } = await watchedPage();
    await page.goto(site.pageUrl('ko', 'probe/'));
    await page.setInputFiles('#probe-file', { name: 'picture.png', mimeType: 'image/png', buffer: await testPicturePng() });
    await page.waitForFunction(() => document.getElementById('probe-result')?.dataset.seconds !== undefined || document.getElementById('probe-status')?.classList.contains('probe-problem'), undefined, {
      timeout: 60_000,
    });
    assert.equal(await page.locator('#probe-status.probe-problem').count(), 0, (await page.textContent('#probe-status')) ?? '');
    assert.ok((await page.locator('#probe-top li').count()) > 0, 'a ranking is shown');
    await loadAllImages(page);
    await assertClean(page, console, 'a probe run');
    await context.close();
  });

  it('lets a visitor search and get results without a violation: Pagefind in its worker, or on the page (WebAssembly) when the worker is refused', async () => {
    for (const worker of ['worker', 'page'] as const) {
      // Pagefind compiles its WebAssembly in a worker, which the page's meta policy does not govern;
      // with the worker refused it falls back to the page, where the page's own opt-in must allow it.
      const { context, page, console } = await watchedPage(false, (text) => worker === 'page' && /pagefind-worker\.js|Pagefind web worker/.test(text));
      if (worker === 'page') await page.route('**/pagefind/pagefind-worker.js', (route) => route.abort());
      // A word the index finds (no layer-and-number reading), so the results come from Pagefind.
      for (const [locale, query] of [['en', 'edge'], ['ko', '가장자리']] as const) {
        await page.goto(site.pageUrl(locale, 'search/'));
        await page.locator('#search-input').pressSequentially(query, { delay: 30 });
        // Done, or refused: a violation is reported as one, not as a timeout.
        const done = `[data-search-results][data-search-done="${query}"]`;
        await page.waitForFunction((selector) => document.querySelector(selector) !== null || (window.__policyViolations?.length ?? 0) > 0, done, { timeout: 15_000 });
        await loadAllImages(page);
        await assertClean(page, console, `a search (${locale}, Pagefind on the ${worker})`);
        assert.ok((await page.locator('.search-result').count()) > 0, `${locale}, Pagefind on the ${worker}: results are shown`);
      }
      await context.close();
    }
  });

  it('blocks a script injected into a page, inline or as an event handler, while the page’s own scripts run', async () => {
    const { context, page, console } = await watchedPage();
    const url = site.pageUrl('en', firstFilterPath());
    // As a stored injection would arrive: in the HTML the server sends.
    await injectIntoHtml(page, url, '<script>window.injected = "inline script";</script><img src="/favicon.svg" alt="" onload="window.injected = \'event handler\'">');
    await page.goto(url, { waitUntil: 'load' });
    const injected = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = "script added by the page";';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as { injected?: string }).injected ?? 'nothing ran';
    });
    assert.equal(injected, 'nothing ran');
    const directives = (await violationsOf(page)).map((violation) => violation.directive).sort();
    assert.deepEqual(directives, ['script-src-attr', 'script-src-elem', 'script-src-elem']);
    assert.ok(console.take().every((text) => /Content Security Policy/.test(text)), 'only the policy complains');
    // The page's own (hashed) script ran: it shows the copy-link button.
    assert.ok(await page.locator('button[data-copy-url]').isVisible());
    await context.close();
  });

  it('refuses eval everywhere, and WebAssembly except on the pages that opt in (the probe)', async () => {
    const { context, page } = await watchedPage();
    // A script of the site's own origin (as 'self' allows) that tries both.
    await page.route(`${site.server.origin}/eval-check.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: EVAL_CHECK }));
    const outcomes: Record<string, string | undefined> = {};
    for (const pagePath of [firstFilterPath(), 'probe/']) {
      const url = site.pageUrl('en', pagePath);
      await injectIntoHtml(page, url, '<script src="/eval-check.js"></script>');
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.wasm !== undefined);
      outcomes[pagePath] = await page.evaluate(() => `eval: ${document.documentElement.dataset.eval}, wasm: ${document.documentElement.dataset.wasm}`);
    }
    assert.deepEqual(outcomes, { [firstFilterPath()]: 'eval: EvalError, wasm: CompileError', 'probe/': 'eval: EvalError, wasm: compiled' });
    await context.close();
  });
});

/** Tries eval and compiling the smallest WebAssembly module; writes each outcome on <html>. */
const EVAL_CHECK = `
const root = document.documentElement;
try { eval('1'); root.dataset.eval = 'ran'; } catch (error) { root.dataset.eval = error.name; }
WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
  () => { root.dataset.wasm = 'compiled'; },
  (error) => { root.dataset.wasm = error.name; },
);
`;

function firstFilterPath(): string {
  const filter = site.manifest.filters[0];
  assert.ok(filter);
  return `${filter.layer}/${filter.index}/`;
}

/** Serves `url` with `markup` put just before <main>, as an injection stored in the page would arrive. */
async function injectIntoHtml(page: Page, url: string, markup: string): Promise<void> {
  await page.route(url, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace('<main', `${markup}<main`) });
  });
}
