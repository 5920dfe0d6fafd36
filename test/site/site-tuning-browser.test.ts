import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TuningEntry } from '../../src/atlas/manifest.ts';
import { summarise } from '../../src/site/tuning/data.ts';
import { matchesQuery, orientationBin, queryFromParams } from '../../src/site/tuning/groups.ts';
import type { BuiltSite } from './helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, closeBrowserAndSite, cumulativeLayoutShift, openBrowserAndSite, saveScreenshot, screenshotEveryLook } from './helpers/browser.ts';

let site: BuiltSite;
let browser: Browser;

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(() => closeBrowserAndSite(browser, site));

function tuning(): TuningEntry[] {
  const entries = site.manifest.tuning ?? [];
  assert.ok(entries.length > 0, 'the fixture measures tuning');
  return entries;
}

/** The layer with the most filters that have a preferred orientation, and one of its tuned filters. */
function tunedLayer(): { layer: string; entries: TuningEntry[]; filter: TuningEntry } {
  const layers = site.manifest.layers.map((layer) => ({ layer: layer.name, entries: tuning().filter((entry) => entry.layer === layer.name) }));
  const best = layers.sort((a, b) => b.entries.filter((e) => e.preferredOrientation !== null).length - a.entries.filter((e) => e.preferredOrientation !== null).length)[0];
  const filter = best?.entries.find((entry) => entry.preferredOrientation !== null && entry.orientationCurve);
  assert.ok(best && filter, 'a filter with a preferred orientation');
  return { ...best, filter };
}

async function visibleThumbs(page: Page): Promise<number[]> {
  return page.locator('.thumb-grid li:not([hidden]) a[data-filter-link]').evaluateAll((links) => links.map((link) => Number((link as HTMLElement).dataset.filterLink)));
}

describe('tuning in a real browser (Chromium)', () => {
  it('is accessible on the new pages at 390 and 1280 px, in both languages', async () => {
    const { layer, filter } = tunedLayer();
    const unresponsive = tuning().find((entry) => !entry.responsive);
    assert.ok(unresponsive);
    const pages = [
      '',
      'tuning/',
      `${layer}/`,
      `${layer}/by/orientation/`,
      `${layer}/by/selectivity/`,
      `${layer}/by/colour/`,
      `${filter.layer}/${filter.index}/`,
      `${unresponsive.layer}/${unresponsive.index}/`,
    ];
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const locale of ['en', 'ko'] as const) {
        for (const pagePath of pages) {
          await page.goto(site.pageUrl(locale, pagePath), { waitUntil: 'load' });
          // With every data table open, so their contents are checked too.
          await page.locator('details.tuning-data').evaluateAll((details) => details.forEach((element) => ((element as HTMLDetailsElement).open = true)));
          await assertAccessible(page);
        }
      }
      await context.close();
    }
  });

  it('leaves the tuning figures room on a phone: no value squeezed to a sliver by its long name, in both languages', async () => {
    const { filter } = tunedLayer();
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    for (const locale of ['en', 'ko'] as const) {
      await page.goto(site.pageUrl(locale, `${filter.layer}/${filter.index}/`), { waitUntil: 'load' });
      const widths = await page.locator('.tuning-figures dd').evaluateAll((values) => values.map((value) => value.getBoundingClientRect().width));
      assert.ok(widths.length > 0, 'the filter page lists its tuning figures');
      // 10rem holds "black-and-white grating, 112.5°" in a few lines; the bug gave the values one character (ko) or a word (en).
      assert.ok(Math.min(...widths) >= 160, `${locale}: values ${widths.map(Math.round).join(', ')} px wide on a 390 px screen`);
    }
    await context.close();
  });

  it('filters the layer page’s thumbnails with the filter bar, keeps the choice in the address, and resets', async () => {
    const { layer, entries, filter } = tunedLayer();
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', `${layer}/`));
    assert.ok((await cumulativeLayoutShift(page)) < 0.01, 'the filter bar does not shift the page');
    const all = entries.map((entry) => entry.index);
    assert.deepEqual(await visibleThumbs(page), all);
    assert.equal(await page.locator('.tuning-filter-status').textContent(), '', 'nothing announced before a choice');

    const bin = orientationBin(filter.preferredOrientation ?? 0);
    const value = String(bin * 22.5);
    await page.getByLabel('Preferred orientation').selectOption(value);
    const expected = entries.filter((entry) => matchesQuery(summarise(entry, entry.index), queryFromParams(new URLSearchParams({ o: value })))).map((e) => e.index);
    assert.ok(expected.includes(filter.index));
    assert.deepEqual(await visibleThumbs(page), expected);
    assert.equal(await page.locator('.tuning-filter-status').textContent(), `Showing ${expected.length} of ${all.length} filters.`);
    assert.equal(new URL(page.url()).searchParams.get('o'), value);
    await saveScreenshot(page, 'tuning-layer-filtered-desktop');

    // The address restores the choice.
    await page.reload();
    assert.equal(await page.getByLabel('Preferred orientation').inputValue(), value);
    assert.deepEqual(await visibleThumbs(page), expected);

    await page.getByLabel('Orientation selectivity').selectOption('0.75');
    const sharp = entries.filter((entry) => matchesQuery(summarise(entry, entry.index), { orientation: bin, selectivity: 0.75 })).map((e) => e.index);
    assert.deepEqual(await visibleThumbs(page), sharp);

    await page.getByRole('button', { name: 'Show all' }).click();
    await page.waitForFunction((count) => document.querySelectorAll('.thumb-grid li:not([hidden])').length === count, all.length);
    assert.equal(new URL(page.url()).search, '');
    await context.close();
  });

  it('works without JavaScript: the views are plain links, the filter bar is not shown', async () => {
    const { layer } = tunedLayer();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(site.pageUrl('ko', `${layer}/`));
    assert.equal(await page.locator('.tuning-filter').isVisible(), false);
    await page.getByRole('link', { name: '색별' }).click();
    await page.waitForURL((url) => url.pathname === `/ko/${layer}/by/colour/`);
    assert.ok(await page.locator('section.tuning-group').first().isVisible());
    await context.close();
  });

  it('looks right on phone and desktop, light and dark', async () => {
    const { layer, filter } = tunedLayer();
    const pages = {
      filter: site.pageUrl('en', `${filter.layer}/${filter.index}/`),
      'filter-ko': site.pageUrl('ko', `${filter.layer}/${filter.index}/`),
      'by-orientation': site.pageUrl('en', `${layer}/by/orientation/`),
      'by-colour-ko': site.pageUrl('ko', `${layer}/by/colour/`),
      explainer: site.pageUrl('en', 'tuning/'),
    };
    await screenshotEveryLook(browser, pages, 'tuning', async (page, { viewportName, colorScheme }) => {
      if (colorScheme === 'dark' && viewportName === 'desktop') await assertAccessible(page);
    });
  });
});
