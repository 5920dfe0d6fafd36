/**
 * A manifest without labels (the plain fixture, as every atlas made before labels): the site shows
 * no label, no similar filters, no families pages or tabs and no /labels/ page, and the filter pages'
 * descriptions are what they were.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildAndServeSite, metaContent, readHtmlPages, type BuiltSite } from '../helpers/built-site.ts';

let site: BuiltSite;
let pages: Array<[string, string]>;

before(async () => {
  site = await buildAndServeSite('/');
  pages = await readHtmlPages(site.distDir);
});

after(() => site.dispose());

describe('a site built from a manifest without labels', () => {
  it('has no labels in its manifest (the fixture as it is)', () => {
    assert.equal(site.manifest.labels, undefined);
    assert.equal(site.manifest.families, undefined);
  });

  it('builds no families pages and no /labels/ page', () => {
    assert.ok(pages.length > 50);
    const extra = pages.map(([name]) => name).filter((name) => /(^|\/)families\/|(^|\/)labels\//.test(name));
    assert.deepEqual(extra, []);
  });

  it('shows no label, no similar filters and no families tab, and links to none of them', () => {
    for (const [name, html] of pages) {
      assert.doesNotMatch(html, /data-filter-label|aria-labelledby="similar"|data-view-link="families"|data-family-link/, name);
      assert.doesNotMatch(html, /href="[^"]*\/(families|labels)\/"/, name);
    }
  });

  it('keeps the filter pages’ descriptions: the pattern and its status', () => {
    for (const locale of ['en', 'ko'] as const) {
      const html = pages.find(([name]) => name === `${locale === 'en' ? '' : 'ko/'}block1_conv1/0/index.html`)?.[1] ?? '';
      const description = metaContent(html, 'description') ?? '';
      assert.match(description, locale === 'en' ? /^Pattern .*filter 0.*Status/ : /block1_conv1 0번 필터/);
    }
  });

  it('gives the probe no labels', () => {
    const probe = pages.find(([name]) => name === 'probe/index.html')?.[1] ?? '';
    const json = probe.match(/<script type="application\/json" id="probe-config">([^<]*)<\/script>/)?.[1] ?? '{}';
    const config = JSON.parse(json) as { layers?: Array<{ labels: Record<string, string> }> };
    assert.ok((config.layers ?? []).length > 0);
    for (const layer of config.layers ?? []) assert.deepEqual(layer.labels, {});
  });
});
