import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Example, ExampleEntry, ExamplesProtocol } from '../../src/atlas/manifest.ts';
import { receptiveField } from '../../src/engine/tuning/region.ts';
import { protocolText } from '../../src/site/examples/protocol-texts.ts';
import { FIXTURE_ATTRIBUTION } from '../helpers/fixture-atlas.ts';
import { readHtmlPages, type BuiltSite } from './helpers/built-site.ts';
import { SCREENSHOT_DIR, VIEWPORTS, assertAccessible, closeBrowserAndSite, openBrowserAndSite, saveScreenshot } from './helpers/browser.ts';

const LOCALES = ['en', 'ko'] as const;
type Locale = (typeof LOCALES)[number];
const SIDES = ['top', 'bottom'] as const;
let site: BuiltSite;
let browser: Browser;

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(() => closeBrowserAndSite(browser, site));

function protocol(): ExamplesProtocol {
  const value = site.manifest.examplesProtocol;
  assert.ok(value, 'the fixture has dataset examples');
  return value;
}

function entries(): ExampleEntry[] {
  const value = site.manifest.examples ?? [];
  assert.ok(value.length > 0, 'the fixture has dataset examples');
  return value;
}

/** A filter that fires, with a heatmap on its first top example, in the deepest layer (the largest field). */
function liveEntry(): ExampleEntry {
  const entry = entries().findLast((candidate) => candidate.stats.fireRate > 0 && candidate.top[0]?.heatmap !== undefined);
  assert.ok(entry);
  return entry;
}

function page(locale: Locale, pagePath: string): Promise<string> {
  return readFile(path.join(site.distDir, locale === 'en' ? '' : locale, pagePath, 'index.html'), 'utf8');
}

/** The markup between a section's opening tag (`start`, or the one whose attributes match it) and the next `</section>`. */
function sectionOf(html: string, start: string | RegExp): string {
  const from = typeof start === 'string' ? html.indexOf(start) : html.search(start);
  assert.ok(from >= 0, `${start} on the page`);
  return html.slice(from, html.indexOf('</section>', from));
}

/** The field boxes (FieldBox) in order: the picture's side and the box, as the SVG states them. */
function fieldBoxes(html: string): Array<{ side: number; box: number[] }> {
  return [...html.matchAll(/<svg class="example-field" viewBox="0 0 (\d+) \d+"[^>]*data-field="([^"]+)"/g)].map((match) => ({
    side: Number(match[1]),
    box: (match[2] ?? '').split(' ').map(Number),
  }));
}

/** The signed values the page prints ("+3.128", "−0.4172"), in order. */
function printedValues(html: string): number[] {
  return [...html.matchAll(/<span class="example-number">([^<]+)<\/span>/g)].map((match) => Number((match[1] ?? '').replace('−', '-')));
}

/** Text as Astro writes it into markup. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function assertValue(printed: number | undefined, actual: number): void {
  assert.ok(printed !== undefined && Math.abs(printed - actual) <= Math.abs(actual) * 5e-4, `printed ${printed} for ${actual}`);
}

describe('dataset examples on the site built from the fixture atlas', () => {
  it('shows every filter’s top and bottom crops on its page, in both languages, each with its field box, value and whole image', async () => {
    const { k, imageSize } = protocol();
    for (const entry of entries()) {
      for (const locale of LOCALES) {
        const html = await page(locale, `${entry.layer}/${entry.index}/`);
        const section = sectionOf(html, '<section class="examples"');
        assert.match(section, locale === 'en' ? /<h2 id="examples">Dataset examples<\/h2>/ : /<h2 id="examples">데이터셋 예시<\/h2>/);
        assert.ok(section.includes(FIXTURE_ATTRIBUTION), 'the attribution');
        assert.equal(section.includes('callout-dead'), entry.stats.fireRate === 0, 'the never-fires note goes with a fire rate of 0');
        for (const side of SIDES) {
          const examples: Example[] = entry[side];
          assert.equal(examples.length, k);
          const column = section.slice(section.indexOf(`data-examples-side="${side}"`), side === 'top' ? section.indexOf('data-examples-side="bottom"') : undefined);
          const crops = [...column.matchAll(/<a class="example-open" id="example-[a-z]+-(\d+)-crop" href="#example-[a-z]+-\d+"><span class="example-crop"><img src="([^"]+)" width="(\d+)"/g)];
          assert.equal(crops.length, examples.length, `${locale} ${entry.layer}/${entry.index} ${side}`);
          const boxes = fieldBoxes(column);
          const values = printedValues(column);
          for (const [position, example] of examples.entries()) {
            assert.equal(crops[position]?.[2], `/data/${example.crop.file}`);
            const { left, top, width, height } = example.crop.field;
            assert.deepEqual(boxes[position], { side: example.crop.side, box: [left, top, width, height] }, 'the box is the manifest’s field, in the crop’s pixels');
            assertValue(values[position], example.value);
            // The whole image, opened by the crop's link: its field in the whole image, and the map for top examples.
            const viewer = sectionOf(html, new RegExp(`<section class="example-viewer"[^>]* id="example-${side}-${position + 1}"`));
            assert.ok(viewer.includes(`src="/data/${example.whole}" width="${imageSize}"`), 'the whole image');
            assert.equal(viewer.includes(`src="/data/${example.heatmap}"`), example.heatmap !== undefined, 'the heatmap where there is one');
            const field = receptiveField(entry.layer, imageSize);
            const [wholeBox] = fieldBoxes(viewer);
            const start = (position: number) => Math.max(0, position * field.jump + field.first);
            assert.deepEqual(wholeBox?.box.slice(0, 2), [start(example.x), start(example.y)], 'the field of (x, y) in the whole image');
            assert.ok(viewer.includes(`href="#example-${side}-${position + 1}-crop"`), 'Close returns to the crop');
          }
        }
        const rate = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(entry.stats.fireRate);
        assert.ok(section.includes(rate), `fire rate ${rate}`);
        for (const { p } of entry.stats.maxPercentiles) assert.ok(section.includes(`p${p} `), `percentile ${p}`);
      }
    }
  });

  it('ships every crop, whole image and heatmap the manifest names, unchanged', async () => {
    const files = new Set(entries().flatMap((entry) => [...entry.top, ...entry.bottom].flatMap((example) => [example.crop.file, example.whole, example.heatmap ?? []].flat())));
    assert.ok(files.size > entries().length * 6);
    for (const file of files) {
      const [shipped, original] = await Promise.all([readFile(path.join(site.distDir, 'data', file)), readFile(path.join(site.dataDir, file))]);
      assert.ok(shipped.equals(original), file);
    }
  });

  it('has a layer view of each filter’s top crop, crops first, linked from the layer page’s view switch', async () => {
    for (const layer of site.manifest.layers) {
      const layerEntries = entries().filter((entry) => entry.layer === layer.name);
      for (const locale of LOCALES) {
        const prefix = locale === 'en' ? '' : `/${locale}`;
        const html = await page(locale, `${layer.name}/examples/`);
        const main = html.slice(html.indexOf('<main'));
        // Under the title: the view switch and a lead of one sentence, then the crops; the links after.
        const lead = main.slice(main.indexOf('</h1>'), main.indexOf('<ul class="thumb-grid example-thumb-grid">'));
        assert.equal(lead.match(/<p[ >]/g)?.length, 1, 'one lead paragraph before the grid');
        assert.ok(main.indexOf('example-thumb-grid') < main.indexOf('examples-attribution'));
        assert.ok(main.includes(FIXTURE_ATTRIBUTION));
        assert.match(main, new RegExp(`<a href="${prefix}/${layer.name}/examples/" aria-current="page" data-view-link="examples">`));
        const links = [...main.matchAll(/<a href="([^"]+)" data-filter-link="(\d+)">/g)];
        assert.deepEqual(links.map((match) => Number(match[2])), layerEntries.map((entry) => entry.index));
        assert.deepEqual(links.map((match) => match[1]), layerEntries.map((entry) => `${prefix}/${layer.name}/${entry.index}/`));
        const crops = [...main.matchAll(/<span class="example-crop"><img src="([^"]+)"/g)].map((match) => match[1]);
        assert.deepEqual(crops, layerEntries.map((entry) => `/data/${entry.top[0]?.crop.file}`));
        printedValues(main).forEach((value, position) => assertValue(value, layerEntries[position]?.top[0]?.value ?? NaN));

        const layerPage = await page(locale, `${layer.name}/`);
        assert.match(layerPage, new RegExp(`<a href="${prefix}/${layer.name}/examples/" data-view-link="examples">`));
      }
    }
  });

  it('explains dataset examples on their own page, in both languages, with the protocol and the attribution', async () => {
    const { imageCount, receptiveField: fields } = protocol();
    const headings = {
      en: ['What a dataset example is', 'Why the crop is the receptive field', 'How examples relate to the patterns and the tuning curves', 'What examples cannot show'],
      ko: ['데이터셋 예시란', '왜 수용 영역을 잘라 내는가', '패턴, 튜닝 곡선과의 관계', '예시가 보여 주지 못하는 것'],
    };
    for (const locale of LOCALES) {
      const html = await page(locale, 'examples/');
      assert.match(html, locale === 'en' ? /<h1>Dataset examples<\/h1>/ : /<h1>데이터셋 예시<\/h1>/);
      for (const heading of headings[locale]) assert.ok(html.includes(`>${heading}</h2>`), heading);
      assert.ok(html.includes(`<dd>${imageCount.toLocaleString(locale)}</dd>`));
      for (const [layer, field] of Object.entries(fields)) assert.ok(html.includes(`${field} × ${field} px`), layer);
      assert.ok(html.includes(FIXTURE_ATTRIBUTION));
      // The protocol's rules in the page's language: as recorded on English pages, translated on Korean ones.
      const protocolList = sectionOf(html, '<section class="examples-protocol"');
      for (const recorded of [protocol().resize, protocol().input, protocol().objective, protocol().cropRule]) {
        const shown = protocolText(locale, recorded);
        assert.equal(shown.lang, undefined, `a ${locale} text for “${recorded}”`);
        assert.ok(protocolList.includes(`<dd>${escapeHtml(shown.text)}</dd>`), shown.text);
        assert.equal(protocolList.includes(escapeHtml(recorded)), locale === 'en', `the recorded English text on the ${locale} page`);
      }
      // The fixture's attribution is its own text: English on both, marked so on the Korean page.
      assert.ok(protocolList.includes(`<dd${locale === 'en' ? '' : ' lang="en"'}>${FIXTURE_ATTRIBUTION}</dd>`));
      for (const layer of site.manifest.layers) assert.ok(html.includes(`href="${locale === 'en' ? '' : '/ko'}/${layer.name}/examples/"`));
      // Each filter page's section links here.
      const filterPage = await page(locale, `${entries()[0]?.layer}/${entries()[0]?.index}/`);
      assert.ok(filterPage.includes(`href="${locale === 'en' ? '' : '/ko'}/examples/"`));
    }
  });

  it('shows the attribution on every page that shows crops', async () => {
    const withCrops = (await readHtmlPages(site.distDir)).filter(([, html]) => html.includes('class="example-crop"'));
    assert.ok(withCrops.length >= 2 * (entries().length + site.manifest.layers.length + 1), `${withCrops.length} pages with crops`);
    for (const [name, html] of withCrops) {
      const shown = name.startsWith('ko/') ? `<span lang="en">${FIXTURE_ATTRIBUTION}</span>` : FIXTURE_ATTRIBUTION;
      assert.ok(html.includes(`</span> ${shown}`), name);
    }
  });
});

/** The on-screen rectangle of the first element matching `selector`. */
async function rectOf(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return box;
}

describe('dataset examples in a real browser (Chromium)', () => {
  it('draws each field box over the crop where the manifest puts it', async () => {
    const entry = liveEntry();
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', `${entry.layer}/${entry.index}/`));
    const [example] = entry.top;
    assert.ok(example);
    const picture = await rectOf(page, '[data-examples-side="top"] .example-crop img');
    const svg = await rectOf(page, '[data-examples-side="top"] .example-field');
    assert.deepEqual([svg.x, svg.y, svg.width, svg.height], [picture.x, picture.y, picture.width, picture.height], 'the overlay covers the crop exactly');
    const line = await rectOf(page, '[data-examples-side="top"] .example-field-line');
    const scale = picture.width / example.crop.side;
    const { field } = example.crop;
    // The line's geometry is the field's (a 2 px stroke on it, so within a pixel); where the field
    // reaches past the crop, the overlay clips what is drawn, not the geometry.
    const expected = [picture.x + field.left * scale, picture.y + field.top * scale, field.width * scale, field.height * scale];
    const [x = NaN, y = NaN, width = NaN, height = NaN] = expected;
    assert.ok(Math.abs(line.x + line.width / 2 - (x + width / 2)) <= 0.5 && Math.abs(line.y + line.height / 2 - (y + height / 2)) <= 0.5, 'centred on the field');
    assert.ok(Math.abs(line.width - width) <= 2.5 && Math.abs(line.height - height) <= 2.5, `${line.width} × ${line.height} vs ${width} × ${height}`);
    assert.equal(await page.locator('[data-examples-side="top"] .example-field').first().evaluate((svg) => getComputedStyle(svg).overflow), 'hidden');
    await context.close();
  });

  it('opens the whole image with the filter’s map from the keyboard, and Escape returns to the crop', async () => {
    const entry = liveEntry();
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', `${entry.layer}/${entry.index}/`));
    const viewer = page.locator('#example-top-1');
    assert.equal(await viewer.isVisible(), false, 'closed at first');
    await page.locator('#example-top-1-crop').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#example-top-1');
    assert.ok(await viewer.isVisible());
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#example-top-1 img')].every((image) => image.complete && image.naturalWidth > 0));
    assert.equal(await viewer.locator('img.example-heatmap').count(), 1);
    const frame = await rectOf(page, '#example-top-1 .example-frame');
    const heatmap = await rectOf(page, '#example-top-1 img.example-heatmap');
    assert.deepEqual([heatmap.width, heatmap.height], [frame.width, frame.height], 'the map covers the whole image');
    await assertAccessible(page, 'section.examples');
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'examples-whole-phone.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => location.hash === '#example-top-1-crop');
    assert.equal(await viewer.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'example-top-1-crop', 'focus is back on the crop');
    await context.close();
  });

  it('works without JavaScript: a crop’s link opens its whole image, Close closes it', async () => {
    const entry = liveEntry();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(site.pageUrl('ko', `${entry.layer}/${entry.index}/`));
    await page.locator('#example-bottom-2-crop').click();
    assert.ok(await page.locator('#example-bottom-2').isVisible());
    assert.equal(await page.locator('#example-bottom-2 img.example-heatmap').count(), 0, 'bottom examples have no map');
    await page.getByRole('link', { name: '닫기' }).click();
    assert.equal(await page.locator('#example-bottom-2').isVisible(), false);
    await context.close();
  });

  it('is accessible at 390 and 1280 px in both languages', async () => {
    const entry = liveEntry();
    const dead = entries().find((candidate) => candidate.stats.fireRate === 0);
    assert.ok(dead, 'the fixture’s dead filter');
    // The new pages whole; on the filter pages (checked whole by the other browser tests) the new section.
    const pages = {
      filter: { pagePath: `${entry.layer}/${entry.index}/`, include: 'section.examples' },
      dead: { pagePath: `${dead.layer}/${dead.index}/`, include: 'section.examples' },
      layer: { pagePath: `${entry.layer}/examples/`, include: undefined },
      explainer: { pagePath: 'examples/', include: undefined },
    };
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const locale of LOCALES) {
        for (const [name, { pagePath, include }] of Object.entries(pages)) {
          await page.goto(site.pageUrl(locale, pagePath), { waitUntil: 'load' });
          await assertAccessible(page, include);
          // Long labels leave the values room to read, phones included.
          const narrowest = await page.locator('.examples-stats dd, .examples-protocol dd').evaluateAll((values) => Math.min(...values.map((value) => value.getBoundingClientRect().width)));
          assert.ok(narrowest >= 120, `${locale} ${name} at ${viewportName}: a value only ${narrowest} px wide`);
          // Screenshots (full pages are slow): the new pages in one language per width (English on
          // phones, Korean on desktops), the long filter page once.
          const shoot = name === 'layer' || name === 'explainer' || (name === 'filter' && viewportName === 'desktop');
          if (shoot && (locale === 'en') === (viewportName === 'phone')) await saveScreenshot(page, `examples-${name}-${locale}-${viewportName}`);
        }
      }
      await context.close();
    }
  });

  it('has the 404 page suggest a mistyped examples view, named in each language', async () => {
    const { layer } = liveEntry();
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    const response = await page.goto(site.pageUrl('ko', `${layer}/exampels/`));
    assert.equal(response?.status(), 404);
    const suggestions = page.locator('.suggestion a');
    await suggestions.first().waitFor({ timeout: 5_000 });
    assert.deepEqual(await suggestions.evaluateAll((links) => links.map((link) => link.getAttribute('href'))), [`/${layer}/examples/`, `/ko/${layer}/examples/`]);
    assert.deepEqual(await suggestions.allTextContents(), [`${layer} · dataset examples`, `${layer} · 데이터셋 예시`]);
    await context.close();
  });

  it('looks right in the dark', async () => {
    const entry = liveEntry();
    const pages = { filter: site.pageUrl('en', `${entry.layer}/${entry.index}/`), layer: site.pageUrl('ko', `${entry.layer}/examples/`) };
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: 'dark' });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(url, { waitUntil: 'load' });
      await assertAccessible(page);
      await saveScreenshot(page, `examples-${name}-desktop-dark`);
    }
    await context.close();
  });
});
