import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { BuiltSite } from './helpers/built-site.ts';
import {
  VIEWPORTS,
  assertAccessible,
  closeBrowserAndSite,
  cumulativeLayoutShift,
  openBrowserAndSite,
  screenshotEveryLook,
  waitForPath,
} from './helpers/browser.ts';

let site: BuiltSite;
let browser: Browser;

/** What MethodGrids.astro gives the overview's grids when a layer has two (site-build.test.ts checks the markup). */
const METHOD_GRID_SIZES = '(min-width: 74rem) 34rem, (min-width: 40rem) calc(50vw - 3rem), calc(100vw - 4.5rem)';

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(() => closeBrowserAndSite(browser, site));

describe('the atlas in a real browser (Chromium)', () => {
  it('goes overview → layer → filter → next (→ key) → up (u key) → other language, accessibly', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const [layer] = site.manifest.layers;
    assert.ok(layer);
    const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === 'classic');
    const enhanced = site.manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === 'enhanced');
    const [first, second] = filters;
    assert.ok(first && second, 'the first layer has at least two filters');

    await page.goto(site.rootUrl);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertAccessible(page);

    await page.locator('.layer-card h3 a', { hasText: layer.name }).click();
    await waitForPath(page, `/${layer.name}/`);
    assert.equal(await page.locator('.thumb-grid img').count(), filters.length);
    assert.equal(await page.locator('a[data-method-link="classic"]').getAttribute('aria-current'), 'page');
    await assertAccessible(page);

    // The method switch: the enhanced thumbnails on their own page, linking to the same filter pages.
    await page.getByRole('navigation', { name: 'Patterns by method' }).getByRole('link', { name: /Enhanced/ }).click();
    await waitForPath(page, `/${layer.name}/enhanced/`);
    assert.equal(await page.locator('a[data-method-link="enhanced"]').getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('a[data-method-link="classic"]').getAttribute('aria-current'), null);
    assert.equal(await page.locator('.thumb-grid img').count(), enhanced.length);
    assert.match((await page.locator('.thumb-grid img').first().getAttribute('src')) ?? '', /\/enhanced\/\d+\.webp$/);
    await assertAccessible(page);
    await page.locator('a[data-method-link="classic"]').click();
    await waitForPath(page, `/${layer.name}/`);

    await page.locator(`a[data-filter-link="${first.index}"]`).click();
    await waitForPath(page, `/${layer.name}/${first.index}/`);
    await assertAccessible(page);
    assert.ok(await page.locator('button[data-copy-url]').isVisible(), 'copy-link button shown when JavaScript runs');

    await page.keyboard.press('ArrowRight');
    await waitForPath(page, `/${layer.name}/${second.index}/`);
    assert.match((await page.locator('h1').textContent()) ?? '', new RegExp(`\\b${second.index}\\b`));

    await page.keyboard.press('ArrowLeft');
    await waitForPath(page, `/${layer.name}/${first.index}/`);
    await page.keyboard.press('u');
    await waitForPath(page, `/${layer.name}/`);
    await page.goBack();
    await waitForPath(page, `/${layer.name}/${first.index}/`);

    await page.locator('a[data-language-switch]').click();
    await waitForPath(page, `/ko/${layer.name}/${first.index}/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await assertAccessible(page);
    await context.close();
  });

  it('copies the permalink with the copy-link button', async () => {
    const [filter] = site.manifest.filters;
    assert.ok(filter);
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const url = site.pageUrl('en', `${filter.layer}/${filter.index}/`);
    await page.goto(url);
    await page.locator('button[data-copy-url]').click();
    await page.locator('.copy-status', { hasText: 'Link copied' }).waitFor({ timeout: 5_000 });
    // The permalink as the page names it: at the site's address (the run's shared site has its own).
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${site.publicRootUrl}${filter.layer}/${filter.index}/`);
    await context.close();
  });

  it('works without JavaScript: plain navigation links, no dead copy button', async () => {
    const filter = site.manifest.filters.find((candidate, position, all) => all[position + 1]?.layer === candidate.layer);
    assert.ok(filter);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', `${filter.layer}/${filter.index}/`));
    assert.ok(await page.locator('a[data-nav="next"][rel="next"]').isVisible());
    assert.ok(await page.locator('a[data-nav="up"]').isVisible());
    assert.equal(await page.locator('button[data-copy-url]').isVisible(), false);
    assert.equal(await page.locator('.method-panel img').count(), site.manifest.methods.length);
    // The layer pages' method switch is two plain links.
    await page.goto(site.pageUrl('ko', `${filter.layer}/`));
    await page.locator('a[data-method-link="enhanced"]').click();
    await waitForPath(page, `/ko/${filter.layer}/enhanced/`);
    assert.equal(await page.locator('a[data-method-link="enhanced"]').getAttribute('aria-current'), 'page');
    await page.locator('a[data-method-link="classic"]').click();
    await waitForPath(page, `/ko/${filter.layer}/`);
    await context.close();
  });

  it('lays out the layer grid without shifts and looks right on phone and desktop, light and dark', async () => {
    const [layer] = site.manifest.layers;
    const dead = site.manifest.filters.find((filter) => filter.status === 'dead') ?? site.manifest.filters[0];
    assert.ok(layer && dead);
    const pages = {
      overview: site.pageUrl('en', ''),
      layer: site.pageUrl('en', `${layer.name}/`),
      'layer-enhanced': site.pageUrl('en', `${layer.name}/enhanced/`),
      'layer-enhanced-ko': site.pageUrl('ko', `${layer.name}/enhanced/`),
      filter: site.pageUrl('en', `${dead.layer}/${dead.index}/`),
      'filter-ko': site.pageUrl('ko', `${dead.layer}/${dead.index}/`),
      'overview-ko': site.pageUrl('ko', ''),
      methods: site.pageUrl('en', 'methods/'),
      'methods-ko': site.pageUrl('ko', 'methods/'),
    };
    await screenshotEveryLook(browser, pages, 'site', async (page, { name, viewportName, colorScheme }) => {
      if (name.startsWith('layer')) assert.ok((await cumulativeLayoutShift(page)) < 0.01, `layout shift on ${page.url()}`);
      // Every page at both widths in light mode; the dark palette's contrast once.
      if (colorScheme === 'light' || (viewportName === 'desktop' && name === 'overview')) await assertAccessible(page);
    });
  });

  it('shows a filter by both methods side by side on a desktop, stacked on a phone, each pixel an equal square', async () => {
    const filter = site.manifest.filters.find((candidate) => candidate.layer === 'block2_conv1') ?? site.manifest.filters[0];
    assert.ok(filter);
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(site.pageUrl('en', `${filter.layer}/${filter.index}/`), { waitUntil: 'load' });
      const boxes = await page.locator('.method-panel img').evaluateAll((images) =>
        images.map((image) => {
          const box = image.getBoundingClientRect();
          const img = image as HTMLImageElement;
          return { left: box.left, top: box.top, width: box.width, height: box.height, natural: img.naturalWidth, rendering: getComputedStyle(img).imageRendering };
        }),
      );
      const [classic, enhanced] = boxes;
      assert.ok(classic && enhanced, 'two pictures');
      for (const box of boxes) assert.equal(box.rendering, 'pixelated');
      if (viewportName === 'desktop') {
        assert.equal(classic.top, enhanced.top, 'side by side, level');
        assert.ok(enhanced.left >= classic.left + classic.width, 'enhanced right of classic');
        for (const box of boxes) assert.ok(Number.isInteger(box.width / box.natural) && box.width === box.height, `a whole-number enlargement: ${box.width} px of ${box.natural}`);
        if (classic.natural === enhanced.natural) assert.equal(classic.width, enhanced.width, 'the same on-screen size');
      } else {
        assert.ok(enhanced.top >= classic.top + classic.height, 'stacked on a phone');
        for (const box of boxes) assert.ok(box.width <= viewport.width, 'fits the screen');
      }
      await context.close();
    }
  });

  it('sizes the overview grids as their `sizes` attribute says, two side by side from 40rem', async () => {
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(site.rootUrl, { waitUntil: 'load' });
      // Every grid, whatever its size, is drawn at the column's width (.layer-picture img): what `sizes` must say.
      const grids = await page.locator('.method-grids').evaluateAll(
        (cards, sizes) =>
          cards.map((card) =>
            [...card.querySelectorAll('img')].map((image) => {
              // The first entry whose media condition matches (the last has none), measured as a CSS length.
              const entry = sizes.split(', ').find((candidate) => !candidate.startsWith('(') || window.matchMedia(candidate.slice(0, candidate.indexOf(')') + 1)).matches) ?? '';
              const probe = document.createElement('div');
              probe.style.width = entry.startsWith('(') ? entry.slice(entry.indexOf(')') + 1).trim() : entry;
              document.body.append(probe);
              const expected = probe.getBoundingClientRect().width;
              probe.remove();
              const box = image.getBoundingClientRect();
              const own = image.parentElement?.querySelector('source')?.getAttribute('sizes');
              return { width: box.width, top: box.top, expected, own };
            }),
          ),
        METHOD_GRID_SIZES,
      );
      assert.equal(grids.length, site.manifest.layers.length);
      for (const [first, second] of grids) {
        assert.ok(first && second, 'two grids a layer');
        if (viewportName === 'desktop') assert.equal(first.top, second.top, 'side by side');
        else assert.ok(second.top > first.top, 'stacked');
        for (const grid of [first, second]) {
          assert.ok(Math.abs(grid.width - grid.expected) <= 3, `${viewportName}: shown ${grid.width} px, sizes says ${grid.expected} px`);
          if (grid.own) assert.equal(grid.own, METHOD_GRID_SIZES);
        }
      }
      await context.close();
    }
  });
});
