import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fg from 'fast-glob';
import type { Manifest } from '../../src/atlas/manifest.ts';
import { buildAndServeSite, metaContent, readHtmlPages, type BuiltSite } from './helpers/built-site.ts';

// One build serves three cases at once: an atlas made with --no-tuning and without --examples, built as `npm run atlas` does
// by default, without ATLAS_SITE and outside GitHub Actions.
const LOCALES = ['en', 'ko'] as const;
let site: BuiltSite;
let fixtureExamples = 0;

before(async () => {
  site = await buildAndServeSite('/', {
    // Also without --examples: the example images stay in the data directory, and the site must not
    // publish what the manifest does not name.
    // Labels are made from tuning, so an atlas made with --no-tuning has none either.
    editManifest: (manifest) => {
      fixtureExamples = manifest.examples?.length ?? 0;
      const { tuning: _tuning, tuningProtocol: _protocol, examples: _examples, examplesProtocol: _examplesProtocol, ...withLabels } = manifest;
      const { labels: _labels, families: _families, labelsProtocol: _labelsProtocol, ...rest } = withLabels;
      return rest as Manifest;
    },
    env: { ATLAS_SITE: '', ATLAS_BASE: '' },
  });
});

after(async () => {
  await site?.dispose();
});

function page(locale: (typeof LOCALES)[number], pagePath: string): Promise<string> {
  return readFile(path.join(site.distDir, locale === 'en' ? '' : locale, pagePath, 'index.html'), 'utf8');
}

describe('a site built without an address (no ATLAS_SITE, not on GitHub Actions)', () => {
  it('writes no localhost anywhere in dist/', async () => {
    const textFiles = await fg(['**/*.{html,xml,txt,json,js,css,webmanifest}'], { cwd: site.distDir });
    assert.ok(textFiles.length > (await readHtmlPages(site.distDir)).length, `${textFiles.length} text files`);
    for (const file of textFiles) {
      const text = await readFile(path.join(site.distDir, file), 'utf8');
      assert.doesNotMatch(text, /localhost|127\.0\.0\.1/, file);
    }
  });

  it('leaves out canonical, og:url, og:image and hreflang, and shows root-relative permalinks', async () => {
    const pages = await readHtmlPages(site.distDir);
    for (const [name, html] of pages) {
      assert.doesNotMatch(html, /rel="canonical"|rel="alternate"|property="og:url"|property="og:image|name="twitter:image/, name);
      assert.equal(metaContent(html, 'twitter:card'), 'summary', name);
    }
    const [filter] = site.manifest.filters;
    assert.ok(filter);
    for (const locale of LOCALES) {
      const html = await page(locale, `${filter.layer}/${filter.index}/`);
      const permalink = `${locale === 'en' ? '' : `/${locale}`}/${filter.layer}/${filter.index}/`;
      assert.match(html, new RegExp(`<a href="${permalink}" class="permalink">${permalink}</a>`));
      assert.match(html, new RegExp(`data-copy-url="${permalink}"`));
    }
  });

  it('has no sitemap, a robots.txt without one, and says so in one warning at build time, naming ATLAS_SITE', async () => {
    assert.deepEqual(await fg(['sitemap*.xml'], { cwd: site.distDir }), []);
    assert.equal(await readFile(path.join(site.distDir, 'robots.txt'), 'utf8'), 'User-agent: *\nAllow: /\n');
    const warnings = site.buildLog.split('\n').filter((line) => /warn/i.test(line));
    assert.equal(warnings.length, 1, site.buildLog);
    assert.match(warnings[0] ?? '', /no site address/);
    const pageCount = (await readHtmlPages(site.distDir)).length;
    assert.match(warnings[0] ?? '', new RegExp(`none of the ${pageCount} pages has an absolute URL`));
    assert.match(warnings[0] ?? '', /ATLAS_SITE=https:\/\/you\.github\.io/);
  });

  it('builds without tuning data: no tuning UI, routes or images', async () => {
    assert.equal(site.manifest.tuning, undefined);
    const pages = await readHtmlPages(site.distDir);
    const filterPages = new Set(site.manifest.filters.map((filter) => `${filter.layer}/${filter.index}`)).size;
    assert.ok(pages.length >= 2 * (filterPages + site.manifest.layers.length + 1));
    for (const [name, html] of pages) {
      assert.doesNotMatch(html, /class="tuning|tuning-filter|\/by\/(orientation|selectivity|colour)\/|href="[^"]*\/tuning\/"/, name);
    }
    assert.deepEqual(await fg(['**/by/**', 'tuning/**', 'ko/tuning/**'], { cwd: site.distDir }), []);
    for (const locale of LOCALES) assert.match(await page(locale, `${site.manifest.layers[0]!.name}/`), /class="thumb-grid"/);
  });

  it('builds without dataset examples: no examples section, script, view, page, link or image', async () => {
    assert.ok(fixtureExamples > 0 && site.manifest.examples === undefined, 'the fixture has examples; the site was built without them');
    for (const [name, html] of await readHtmlPages(site.distDir)) {
      assert.doesNotMatch(html, /class="example|example-viewer|data-view-link|href="[^"]*\/examples\/"|\/data\/examples\//, name);
      // The jump data (the 404 page's suggestions) names no examples view.
      assert.doesNotMatch(/<script type="application\/json" id="atlas-jump-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '', /"examples"/, name);
    }
    assert.deepEqual(await fg(['**/examples/**', 'data/examples/**'], { cwd: site.distDir }), []);
    // The layer page's switch is the methods' alone, as before there were examples.
    const layer = await page('en', `${site.manifest.layers[0]!.name}/`);
    assert.equal(layer.match(/data-method-link="/g)?.length, site.manifest.methods.length);
    assert.match(layer, /<nav class="method-switch"[^>]* aria-label="Patterns by method">/);
  });
});
