import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, closeBrowserAndSite, openBrowserAndSite, VIEWPORTS } from '../helpers/browser.ts';
import type { BuiltSite } from '../helpers/built-site.ts';
import { htmlValidateErrors } from '../helpers/html-validate.ts';

const LOCALES = ['en', 'ko'] as const;
type FilterLabelText = { readonly en: string; readonly ko: string };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
let browser: Browser;
let site: BuiltSite;

before(async () => {
  ({ browser, site } = await openBrowserAndSite('/'));
});

after(async () => {
  await closeBrowserAndSite(browser, site);
});

function pageFile(locale: (typeof LOCALES)[number], layer: string, index: number): string {
  return path.join(site.distDir, locale === 'en' ? '' : locale, layer, String(index), 'index.html');
}

/** The markup of one of the Connections section's lists ("inputs" or "outputs"); empty when the page has none. */
function listMarkup(html: string, list: 'inputs' | 'outputs'): string {
  const start = html.indexOf(`aria-labelledby="connections-${list}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</ol>', start));
}

/** A list's links, as layer/index. */
function listLinks(html: string, list: 'inputs' | 'outputs'): string[] {
  return [...listMarkup(html, list).matchAll(/data-connection-link="([^"]+)"/g)].map((match) => match[1]!);
}

describe('the Connections section on the fixture site', () => {
  it('lists inputs and outputs that resolve and go both ways, in both languages', async () => {
    const layers = site.manifest.layers.map((layer) => layer.name);
    const classic = site.manifest.filters.filter((filter) => filter.method === 'classic');
    const countOf = (layer: string): number => site.manifest.layers.find((entry) => entry.name === layer)!.filterCount;
    for (const locale of LOCALES) {
      const inputs = new Map<string, string[]>();
      const outputs = new Map<string, string[]>();
      for (const filter of classic) {
        const html = await readFile(pageFile(locale, filter.layer, filter.index), 'utf8');
        assert.match(html, /<section class="connections[^"]*" aria-labelledby="connections"[^>]*>/, `${filter.layer}/${filter.index} has the section`);
        const id = `${filter.layer}/${filter.index}`;
        const position = layers.indexOf(filter.layer);
        const below = layers[position - 1];
        const above = layers[position + 1];
        inputs.set(id, listLinks(html, 'inputs'));
        outputs.set(id, listLinks(html, 'outputs'));
        if (below) assert.equal(inputs.get(id)!.length, Math.min(8, countOf(below)), `${id}: the ${Math.min(8, countOf(below))} strongest inputs`);
        else assert.match(html, /id="connections-own"/, `${id}: the first layer shows its own kernel`);
        if (above) assert.equal(outputs.get(id)!.length, Math.min(8, countOf(above)), `${id}: its strongest outputs`);
        else assert.match(html, locale === 'en' ? /has no outputs within it/ : /아틀라스 안에는 출력이 없습니다/, `${id}: says it has no outputs`);
        for (const target of [...inputs.get(id)!, ...outputs.get(id)!]) {
          const [layer, index] = target.split('/');
          assert.ok(existsSync(pageFile(locale, layer!, Number(index))), `${id} links to ${target}, which exists`);
        }
        const kernels = [listMarkup(html, 'inputs'), listMarkup(html, 'outputs')].flatMap((markup) => [...markup.matchAll(/<svg class="connections-kernel"[^>]*>/g)].map((match) => match[0]));
        assert.equal(kernels.length, inputs.get(id)!.length + outputs.get(id)!.length, `${id}: one kernel picture per link`);
        for (const kernel of kernels) assert.match(kernel, /role="img" aria-label="[^"]*(kernel|커널)/, `${id}: each kernel has a text equivalent`);
      }
      // Every layer has at most 8 filters in the tiny model, so every input link has its output link back.
      for (const [id, links] of inputs) for (const target of links) assert.ok(outputs.get(target)?.includes(id), `${locale}: ${id} takes input from ${target}, and ${target} lists ${id} as an output`);
      for (const [id, links] of outputs) for (const target of links) assert.ok(inputs.get(target)?.includes(id), `${locale}: ${id} feeds ${target}, and ${target} lists ${id} as an input`);
    }
  });

  it('shows each linked filter’s measured label beside its number, in both languages', async () => {
    const labels = site.manifest.labels ?? [];
    assert.ok(labels.length > 0, 'the fixture atlas has labels');
    const labelOf = (target: string): FilterLabelText | undefined => labels.find((label) => `${label.layer}/${label.index}` === target)?.text;
    for (const locale of LOCALES) {
      const html = await readFile(pageFile(locale, 'block2_conv1', 2), 'utf8');
      const items = [...listMarkup(html, 'inputs').matchAll(/<li class="connections-item".*?<\/li>/gs)].map((match) => match[0]);
      assert.ok(items.length > 0, 'block2_conv1/2 lists inputs');
      for (const item of items) {
        const target = /data-connection-link="([^"]+)"/.exec(item)?.[1] ?? '';
        const text = escapeHtml(labelOf(target)?.[locale] ?? '');
        assert.ok(text.length > 0, `${target} has a ${locale} label`);
        assert.ok(item.includes(`class="connections-label"`) && item.includes(`>${text}</span>`), `${locale}: ${target}'s label is shown: ${text}`);
        assert.ok(item.includes(`title="${text}"`), `${locale}: and on hover`);
      }
    }
  });

  it('passes html-validate on every page', async () => {
    const { pages, errors } = await htmlValidateErrors(site.distDir);
    assert.ok(pages > 0);
    assert.deepEqual(errors, []);
  });

  it('passes axe on a block2 filter page at 390 and 1280 px, in both languages', async () => {
    for (const locale of LOCALES) {
      for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(site.pageUrl(locale, 'block2_conv1/2/'));
        await assertAccessible(page, 'section.connections');
        await context.close();
      }
    }
  });

  it('switches the thumbnails between methods without JavaScript', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.pageUrl('en', 'block3_conv1/2/'));
    const shown = (): Promise<string[]> =>
      page.locator('.connections .connections-pattern').evaluateAll((elements) => [...new Set(elements.filter((element) => getComputedStyle(element).display !== 'none').map((element) => element.getAttribute('data-method') ?? ''))]);
    assert.deepEqual(await shown(), ['classic']);
    await page.getByRole('radio', { name: 'Enhanced' }).check();
    assert.deepEqual(await shown(), ['enhanced']);
    await context.close();
  });
});
