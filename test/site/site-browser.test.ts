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
  saveScreenshot,
  waitForPath,
} from './helpers/browser.ts';

let site: BuiltSite;
let browser: Browser;

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
    const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name);
    const [first, second] = filters;
    assert.ok(first && second, 'the first layer has at least two filters');

    await page.goto(site.rootUrl);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertAccessible(page);

    await page.locator('.layer-card h3 a', { hasText: layer.name }).click();
    await waitForPath(page, `/${layer.name}/`);
    assert.equal(await page.locator('.thumb-grid img').count(), filters.length);
    await assertAccessible(page);

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
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
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
    await context.close();
  });

  it('lays out the layer grid without shifts and looks right on phone and desktop, light and dark', async () => {
    const [layer] = site.manifest.layers;
    const dead = site.manifest.filters.find((filter) => filter.status === 'dead') ?? site.manifest.filters[0];
    assert.ok(layer && dead);
    const pages = {
      overview: site.pageUrl('en', ''),
      layer: site.pageUrl('en', `${layer.name}/`),
      'filter-ko': site.pageUrl('ko', `${dead.layer}/${dead.index}/`),
      'overview-ko': site.pageUrl('ko', ''),
    };
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        for (const [name, url] of Object.entries(pages)) {
          await page.goto(url, { waitUntil: 'load' });
          if (name === 'layer') assert.ok((await cumulativeLayoutShift(page)) < 0.01, `layout shift on ${url}`);
          // Every page at both widths in light mode; the dark palette's contrast once.
          if (colorScheme === 'light' || (viewportName === 'desktop' && name === 'overview')) await assertAccessible(page);
          await saveScreenshot(page, `site-${name}-${viewportName}-${colorScheme}`);
        }
        await context.close();
      }
    }
  });
});
