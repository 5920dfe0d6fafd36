import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { BuiltSite } from './helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, closeBrowserAndSite, openBrowserAndSite, saveScreenshot, waitForPath } from './helpers/browser.ts';

// Under a base path, so the scripts' URLs are checked to honour ATLAS_BASE.
const BASE = '/atlas';
const LOCALES = ['en', 'ko'] as const;
let site: BuiltSite;
let browser: Browser;

before(async () => {
  ({ browser, site } = await openBrowserAndSite(BASE));
});

after(() => closeBrowserAndSite(browser, site));

/** The fixture's last filter of a layer, and its layers' entries for the "valid" list, e.g. "block1_conv1 (0–3)". */
function fixture(): { lastOfBlock3: number; validList: string[] } {
  const layer = (name: string) => site.manifest.filters.filter((filter) => filter.layer === name).map((filter) => filter.index);
  const lastOfBlock3 = Math.max(...layer('block3_conv1'));
  const validList = site.manifest.layers.map((entry) => `${entry.name} (0–${Math.max(...layer(entry.name))})`);
  return { lastOfBlock3, validList };
}

async function jump(page: Page, entry: string): Promise<void> {
  await page.getByRole('textbox', { name: page.url().includes('/ko/') ? '필터로 이동' : 'Go to filter' }).fill(entry);
  await page.keyboard.press('Enter');
}

function localePath(locale: (typeof LOCALES)[number], pagePath: string): string {
  return `${BASE}/${locale === 'en' ? '' : `${locale}/`}${pagePath}`;
}

describe('jump to any filter (ATLAS_BASE=/atlas)', () => {
  it('the form on every page goes to a filter or a layer, and says what is valid after a wrong entry, accessibly', async () => {
    const { validList } = fixture();
    for (const locale of LOCALES) {
      for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(site.pageUrl(locale, 'block1_conv1/0/'));
        await jump(page, 'b9 1');
        const status = page.locator('#jump-status');
        await status.filter({ hasText: 'block1_conv1 (0–' }).waitFor({ timeout: 5_000 });
        const message = (await status.textContent()) ?? '';
        for (const valid of validList) assert.ok(message.includes(valid), `${locale}: "${message}" lists ${valid}`);
        assert.match(message, locale === 'en' ? /^This atlas has no layer block9\./ : /^이 아틀라스에는 block9 층이 없습니다\./);
        assert.equal(await page.locator('#jump-input').getAttribute('aria-invalid'), 'true');
        await assertAccessible(page);
        await saveScreenshot(page, `jump-wrong-${locale}-${viewportName}`);

        await jump(page, 'B3C1 / 2');
        await waitForPath(page, localePath(locale, 'block3_conv1/2/'));
        await jump(page, 'block2_conv1');
        await waitForPath(page, localePath(locale, 'block2_conv1/'));
        await context.close();
      }
    }
  });

  it('/go/?f=… is a link pattern: it redirects, explains a wrong entry, and without JavaScript lists the layers', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(`${site.rootUrl}go/?f=b3+5`);
    await waitForPath(page, localePath('en', 'block3_conv1/5/'));
    await page.goto(`${site.rootUrl}ko/go/?f=block2_conv1/3`);
    await waitForPath(page, localePath('ko', 'block2_conv1/3/'));

    await page.goto(`${site.rootUrl}go/?f=b2+99`);
    await page.locator('[data-go-status]', { hasText: 'no filter 99 in block2_conv1' }).waitFor({ timeout: 5_000 });
    assert.equal(new URL(page.url()).pathname, localePath('en', 'go/'));
    assert.equal(await page.locator('#jump-input').inputValue(), 'b2 99');
    assert.equal(await page.locator('[data-go-no-script]').isVisible(), false, 'the no-JavaScript note is for when scripts cannot run');
    await assertAccessible(page);
    await context.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${site.rootUrl}block1_conv1/`);
    await plain.locator('#jump-input').fill('b3 5');
    await plain.keyboard.press('Enter');
    await plain.waitForURL((url) => url.pathname === localePath('en', 'go/') && url.searchParams.get('f') === 'b3 5');
    assert.ok(await plain.getByText('needs JavaScript').isVisible());
    for (const layer of site.manifest.layers) assert.ok(await plain.getByRole('link', { name: layer.name, exact: true }).last().isVisible());
    await noScript.close();
  });

  it('the 404 page suggests the closest layer and filter, in both languages, accessibly', async () => {
    const { lastOfBlock3 } = fixture();
    const response = await fetch(`${site.rootUrl}blok3_conv1/99/`);
    assert.equal(response.status, 404);
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${site.rootUrl}ko/blok3_conv1/99/`);
      const suggestions = page.locator('.suggestion a');
      await suggestions.first().waitFor({ timeout: 5_000 });
      assert.deepEqual(await suggestions.evaluateAll((links) => links.map((link) => link.getAttribute('href'))), [
        localePath('en', `block3_conv1/${lastOfBlock3}/`),
        localePath('ko', `block3_conv1/${lastOfBlock3}/`),
      ]);
      assert.equal(await page.locator('[data-suggest="ko"] a').textContent(), `block3_conv1 · ${lastOfBlock3}번 필터`);
      await assertAccessible(page);
      await saveScreenshot(page, `not-found-suggestion-${viewportName}`);
      await suggestions.first().click();
      await waitForPath(page, localePath('en', `block3_conv1/${lastOfBlock3}/`));
      await context.close();
    }
  });

  it("the 404 page suggests a layer's page in the other method, and drops a method from a guessed filter address", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(`${site.rootUrl}blok2_conv1/enhancd/`);
    const suggestions = page.locator('.suggestion a');
    await suggestions.first().waitFor({ timeout: 5_000 });
    assert.deepEqual(await suggestions.evaluateAll((links) => links.map((link) => link.getAttribute('href'))), [
      localePath('en', 'block2_conv1/enhanced/'),
      localePath('ko', 'block2_conv1/enhanced/'),
    ]);
    assert.deepEqual(await suggestions.allTextContents(), ['block2_conv1 · enhanced', 'block2_conv1 · 개선 방식']);
    await suggestions.first().click();
    await waitForPath(page, localePath('en', 'block2_conv1/enhanced/'));
    assert.equal(await page.locator('a[data-method-link="enhanced"]').getAttribute('aria-current'), 'page');

    await page.goto(`${site.rootUrl}block2_conv1/enhanced/2/`);
    await page.locator('.suggestion a').first().waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('[data-suggest="en"] a').getAttribute('href'), localePath('en', 'block2_conv1/2/'));
    await assertAccessible(page);
    await context.close();
  });
});
