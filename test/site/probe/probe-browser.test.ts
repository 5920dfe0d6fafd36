import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { dictionaryCell } from '../../../src/site/probe/analysis.ts';
import { buildAndServeSite, type BuiltSite } from '../helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { PROBE_LAYERS, REAL_WEIGHTS, compareRanking, engineMeans, testPicturePng, testPictureRgb, withRealBrowserModel, type ListedFilter } from './probe-fixture.ts';

let site: BuiltSite;
let browser: Browser;

const BASE = '/atlas';
const skip = existsSync(REAL_WEIGHTS) ? false : `${REAL_WEIGHTS} is missing`;

before(async () => {
  if (skip) return;
  browser = await launchChromium();
  // Under a base path, as on GitHub Pages: every URL the page builds (weights, WebAssembly, thumbnails, links) must honour it.
  site = await buildAndServeSite(BASE, { editManifest: withRealBrowserModel });
});

after(async () => {
  await browser?.close();
  await site?.dispose();
});

async function openProbe(page: Page, locale: 'en' | 'ko' = 'en', query = ''): Promise<void> {
  await page.goto(`${site.pageUrl(locale, 'probe/')}${query}`, { waitUntil: 'load' });
}

/** Sets a file through the file input and waits until the page has answered for `layer` (or with a problem). */
async function chooseFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.evaluate(() => {
    document.getElementById('probe-result')?.removeAttribute('data-seconds');
    const status = document.getElementById('probe-status');
    status?.classList.remove('probe-problem');
    if (status) status.textContent = '';
  });
  await page.setInputFiles('#probe-file', { name, mimeType, buffer });
  await page.waitForFunction(
    () => document.getElementById('probe-result')?.dataset.seconds !== undefined || document.getElementById('probe-status')?.classList.contains('probe-problem'),
    undefined,
    { timeout: 60_000 },
  );
}

async function listed(page: Page, selector: string): Promise<ListedFilter[]> {
  return page.locator(selector).evaluateAll((rows) => rows.map((row) => ({ index: Number((row as HTMLElement).dataset.filter), value: Number((row as HTMLElement).dataset.value) })));
}

async function problem(page: Page): Promise<string | undefined> {
  const isProblem = await page.locator('#probe-status.probe-problem').count();
  return isProblem ? ((await page.textContent('#probe-status')) ?? '') : undefined;
}

describe('the probe page in a real browser (Chromium, real block1/block2 weights)', { skip }, () => {
  it('loads no runtime and no weights before an image is chosen', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await openProbe(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested.filter((url) => /\.wasm$|\.bin$|runtime/.test(url)), []);
    assert.match((await page.textContent('.probe-privacy')) ?? '', /never leaves this device/);
    await page.close();
  });

  it('ranks block1_conv1 and block2_conv1’s filters as the engine does, and its dictionary agrees at a position', async (t) => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const requests: Array<{ url: string; method: string; size: number }> = [];
    page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), size: request.postDataBuffer()?.byteLength ?? 0 }));
    await openProbe(page);
    const rgb = testPictureRgb();
    for (const layer of PROBE_LAYERS) {
      await page.selectOption('#probe-layer', layer);
      await chooseFile(page, 'picture.png', 'image/png', await testPicturePng());
      assert.equal(await problem(page), undefined);
      assert.equal(await page.getAttribute('#probe-result', 'data-layer'), layer);
      const ranking = await listed(page, '#probe-table-body tr');
      const reference = await engineMeans(rgb, layer);
      assert.equal(ranking.length, reference.length, 'every filter is in the table');
      const whole = compareRanking(ranking, reference, 10);
      assert.deepEqual(whole.problems, [], `${layer} ranking`);
      t.diagnostic(`${layer}: top 10 within ${(whole.largest * 100).toFixed(4)} % of the engine`);
      const shownTop = await listed(page, '#probe-top li');
      assert.deepEqual(shownTop.map((filter) => filter.index), ranking.slice(0, shownTop.length).map((filter) => filter.index), 'the list is the table’s top');

      // Three cells up and two left of the centre (7, 7) of the 14 × 14 grid.
      await page.focus('#probe-dictionary-target');
      for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowLeft', 'ArrowLeft']) await page.keyboard.press(key);
      assert.equal(await page.getAttribute('#probe-dictionary-target', 'data-row'), '4');
      assert.equal(await page.getAttribute('#probe-dictionary-target', 'data-column'), '5');
      const side = layer === 'block1_conv1' ? 224 : 112;
      const cell = await engineMeans(rgb, layer, dictionaryCell(side, 4, 5));
      const atCell = compareRanking(await listed(page, '#probe-position-list li'), cell, 5);
      assert.deepEqual(atCell.problems, [], `${layer} dictionary at row 5, column 6`);
      t.diagnostic(`${layer}: dictionary cell within ${(atCell.largest * 100).toFixed(4)} % of the engine`);
      // Back to the centre for the next layer.
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    }
    await saveScreenshot(page, 'probe-result-desktop');
    assert.deepEqual(requests.filter((request) => request.method !== 'GET' || request.size > 0), [], 'nothing is sent anywhere');
    const elsewhere = requests.filter((request) => !/^(blob|data):/.test(request.url) && !request.url.startsWith(site.server.origin));
    assert.deepEqual(elsewhere, [], 'no request to another host');
    await page.close();
  });

  it('shows a preselected filter’s map and its rank', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.phone });
    const reference = await engineMeans(testPictureRgb(), 'block2_conv1');
    const order = [...reference.keys()].sort((a, b) => reference[b]! - reference[a]!);
    const filter = order[20]!;
    await openProbe(page, 'en', `?layer=block2_conv1&filter=${filter}`);
    assert.equal(await page.inputValue('#probe-layer'), 'block2_conv1');
    await chooseFile(page, 'picture.png', 'image/png', await testPicturePng());
    assert.equal(await page.isVisible('#probe-preselected'), true);
    assert.equal(await page.getAttribute('#probe-preselected-text', 'data-rank'), '21');
    assert.equal(await page.locator(`#probe-preselected-map figure[data-filter="${filter}"] canvas`).count(), 1);
    await page.close();
  });

  it('tells what is wrong with a bad file, and the next good image still works', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await openProbe(page);
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } }).png().toBuffer();
    const huge = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#345' } }).png({ compressionLevel: 1 }).toBuffer();
    const corrupt = Buffer.concat([(await testPicturePng()).subarray(0, 64), Buffer.alloc(500, 7)]);
    const cases: Array<[string, string, Buffer, RegExp]> = [
      ['notes.txt', 'text/plain', Buffer.from('not a picture'), /not an image/],
      ['broken.png', 'image/png', corrupt, /not an image/],
      ['dot.png', 'image/png', tiny, /1 × 1 pixels; it needs at least 32/],
      ['huge.png', 'image/png', huge, /12000 × 12000 pixels, more than this page decodes/],
    ];
    for (const [name, type, bytes, message] of cases) {
      await chooseFile(page, name, type, bytes);
      assert.match((await problem(page)) ?? '(no problem shown)', message, name);
      assert.equal(await page.getAttribute('#probe-status', 'aria-live'), 'polite');
    }
    await chooseFile(page, 'picture.png', 'image/png', await testPicturePng(5));
    assert.equal(await problem(page), undefined, 'a good image after bad ones');
    assert.ok((await listed(page, '#probe-top li')).length > 0);
    await page.close();
  });

  it('takes an image dropped on the page or pasted', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await openProbe(page, 'en', '?layer=block1_conv1');
    const bytes = [...(await testPicturePng())];
    for (const how of ['drop', 'paste'] as const) {
      await page.evaluate(() => document.getElementById('probe-result')?.removeAttribute('data-seconds'));
      await page.evaluate(
        ({ how, bytes }) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], `${how}.png`, { type: 'image/png' }));
          const target = document.getElementById('probe-drop')!;
          target.dispatchEvent(how === 'drop' ? new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }) : new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
        },
        { how, bytes },
      );
      await page.waitForSelector('#probe-result[data-seconds]', { timeout: 60_000 });
      assert.equal(await problem(page), undefined, how);
      assert.equal(await page.locator('#probe-table-body tr').count(), 64, `${how}: block1_conv1's 64 filters`);
    }
    // Another layer runs on the same image at once.
    await page.selectOption('#probe-layer', 'block2_conv1');
    await page.waitForSelector('#probe-result[data-layer="block2_conv1"]', { timeout: 60_000 });
    assert.equal(await page.locator('#probe-table-body tr').count(), 128);
    await page.close();
  });

  it('explains plainly when the browser lacks what the page needs', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'createImageBitmap', { value: undefined });
    });
    const page = await context.newPage();
    await openProbe(page);
    assert.equal(await page.isVisible('#probe-unsupported'), true);
    assert.equal(await page.isVisible('#probe-form'), false);
    await context.close();
  });

  it('is accessible with a result at phone and desktop widths, in both languages', async () => {
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const locale of ['en', 'ko'] as const) {
        await openProbe(page, locale);
        await assertAccessible(page);
        await chooseFile(page, 'picture.png', 'image/png', await testPicturePng());
        await page.locator('details.probe-table').evaluate((details) => ((details as HTMLDetailsElement).open = true));
        await page.focus('#probe-dictionary-target');
        await page.keyboard.press('ArrowRight');
        await assertAccessible(page);
        await saveScreenshot(page, `probe-${locale}-${viewportName}`);
      }
      await context.close();
    }
  });

  it('is linked from the header, the overview, each layer page and each filter page (preselecting it)', async () => {
    const page = await browser.newPage();
    await page.goto(site.pageUrl('en', 'block2_conv1/3/'));
    assert.equal(await page.locator(`a[href="${BASE}/probe/?layer=block2_conv1&filter=3"]`).count(), 1);
    assert.equal(await page.locator(`.site-header a[href="${BASE}/probe/"]`).count(), 1);
    await page.goto(site.pageUrl('ko', 'block1_conv1/'));
    assert.equal(await page.locator(`a[href="${BASE}/ko/probe/?layer=block1_conv1"]`).count(), 1);
    await page.goto(site.pageUrl('en', ''));
    assert.ok((await page.locator(`main a[href="${BASE}/probe/"]`).count()) >= 1);
    // The fixture's block3_conv1 has no browser model here: no link that would preselect it.
    await page.goto(site.pageUrl('en', 'block3_conv1/'));
    assert.equal(await page.locator('a[href*="probe/?layer=block3_conv1"]').count(), 0);
    await page.close();
  });
});
