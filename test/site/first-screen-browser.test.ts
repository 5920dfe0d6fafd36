import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { BuiltSite } from './helpers/built-site.ts';
import { buildAndServeSite } from './helpers/built-site.ts';
import { closeBrowserAndSite, launchChromium, SCREENSHOT_DIR, VIEWPORTS } from './helpers/browser.ts';

// Pictures first: on the overview and on every layer page (each method, both languages), the first
// screen of a phone and of a desktop shows patterns, and they are loaded. The fixture is widened to
// layers of 24 and 40 filters (src/audit/synthetic-atlas.ts), so a layer page can fill a screen.
const WIDE_LAYERS = [
  { name: 'block1_conv1', filterCount: 64, rendered: 24 },
  { name: 'block2_conv1', filterCount: 128, rendered: 40 },
];
/** The floor: pattern images wholly inside the first viewport. */
const AT_LEAST = { phone: 8, desktop: 16 } as const;

let site: BuiltSite;
let browser: Browser;

before(async () => {
  browser = await launchChromium();
  site = await buildAndServeSite('/', { widen: WIDE_LAYERS });
});

after(() => closeBrowserAndSite(browser, site));

interface FirstScreen {
  /** Pattern images wholly inside the viewport. */
  readonly inView: number;
  /** Of those, the ones not yet decoded. */
  readonly notLoaded: readonly string[];
  /** Thumbnails marked loading="eager" that start below the first screen. */
  readonly eagerBelow: readonly string[];
}

/** Waits until every pattern in view has loaded (lazy ones in view load at once), then counts them. */
async function firstScreen(page: Page): Promise<FirstScreen> {
  const inViewLoaded = () =>
    [...document.querySelectorAll<HTMLImageElement>('.thumb img')]
      .filter((image) => {
        const box = image.getBoundingClientRect();
        return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && box.width > 0;
      })
      .every((image) => image.complete && image.naturalWidth > 0);
  await page.waitForFunction(inViewLoaded, undefined, { timeout: 15_000 }).catch(() => undefined);
  return page.evaluate(() => {
    const images = [...document.querySelectorAll<HTMLImageElement>('.thumb img')];
    const inView = images.filter((image) => {
      const box = image.getBoundingClientRect();
      return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && box.width > 0;
    });
    return {
      inView: inView.length,
      notLoaded: inView.filter((image) => !(image.complete && image.naturalWidth > 0)).map((image) => image.alt),
      eagerBelow: images.filter((image) => image.loading === 'eager' && image.getBoundingClientRect().top >= window.innerHeight).map((image) => image.alt),
    };
  });
}

function pagesToCheck(): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const locale of ['en', 'ko'] as const) {
    pages[`${locale}-overview`] = site.pageUrl(locale, '');
    for (const layer of site.manifest.layers) {
      pages[`${locale}-${layer.name}`] = site.pageUrl(locale, `${layer.name}/`);
      pages[`${locale}-${layer.name}-enhanced`] = site.pageUrl(locale, `${layer.name}/enhanced/`);
    }
  }
  return pages;
}

describe('pictures first, in a real browser (Chromium)', () => {
  for (const viewportName of ['phone', 'desktop'] as const) {
    it(`shows at least ${AT_LEAST[viewportName]} loaded patterns in the first ${viewportName} screen of the overview and every layer page`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewportName] });
      const page = await context.newPage();
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const counts: string[] = [];
      for (const [name, url] of Object.entries(pagesToCheck())) {
        await page.goto(url, { waitUntil: 'load' });
        const screen = await firstScreen(page);
        counts.push(`${name} ${screen.inView}`);
        assert.ok(screen.inView >= AT_LEAST[viewportName], `${name} at ${viewportName}: ${screen.inView} patterns in the first screen`);
        assert.deepEqual(screen.notLoaded, [], `${name} at ${viewportName}: patterns in view not loaded`);
        if (viewportName === 'phone') assert.deepEqual(screen.eagerBelow, [], `${name}: eager thumbnails below a phone's first screen`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `first-screen-${name}-${viewportName}.png`) });
      }
      console.log(`patterns in the first ${viewportName} screen: ${counts.join(', ')}`);
      await context.close();
    });
  }

  it('reaches the other method in one click, without JavaScript, from the overview and a layer page', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
    const page = await context.newPage();
    const [layer] = site.manifest.layers;
    assert.ok(layer);
    await page.goto(site.pageUrl('en', ''));
    await page.locator(`#layer-${layer.name}`).locator('xpath=ancestor::article').locator('a[data-sample-link="enhanced"]').click();
    await page.waitForURL((url) => url.pathname === `/${layer.name}/enhanced/`);
    assert.ok((await page.locator('.thumb-grid img').count()) >= layer.filterCount / 4);
    await page.locator('a[data-method-link="classic"]').click();
    await page.waitForURL((url) => url.pathname === `/${layer.name}/`);
    await context.close();
  });
});
