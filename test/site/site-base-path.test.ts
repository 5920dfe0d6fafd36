import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attributeValues, buildAndServeSite, metaContent, readHtmlPages, type BuiltSite } from './helpers/built-site.ts';
import { checkSiteLinks } from './helpers/check-links.ts';
import { htmlValidateErrors } from './helpers/html-validate.ts';

const BASE = '/atlas';
let site: BuiltSite;

before(async () => {
  site = await buildAndServeSite(BASE);
});

after(async () => {
  await site?.dispose();
});

describe(`site hosted under a base path (ATLAS_BASE=${BASE})`, () => {
  it('puts the base in front of every root-relative link, image and script', async () => {
    const pages = await readHtmlPages(site.distDir);
    assert.ok(pages.length > 0);
    for (const [name, html] of pages) {
      const urls = ['href', 'src', 'srcset', 'action'].flatMap((attribute) => attributeValues(html, attribute));
      const rooted = urls.filter((url) => url.startsWith('/'));
      assert.ok(rooted.length > 0, name);
      for (const url of rooted) assert.ok(url.startsWith(`${BASE}/`), `${name}: ${url}`);
      for (const url of urls.filter((candidate) => candidate.startsWith('http'))) {
        if (url.startsWith(site.server.origin)) assert.ok(url.startsWith(`${site.server.origin}${BASE}/`), `${name}: ${url}`);
      }
    }
  });

  it('uses absolute, based URLs for og:image and the sitemap', async () => {
    const [filter] = site.manifest.filters;
    assert.ok(filter);
    const html = await readFile(path.join(site.distDir, filter.layer, String(filter.index), 'index.html'), 'utf8');
    assert.equal(metaContent(html, 'og:image'), `${site.server.origin}${BASE}/cards/${filter.layer}/${filter.index}.png`);
    const robots = await readFile(path.join(site.distDir, 'robots.txt'), 'utf8');
    assert.match(robots, new RegExp(`^Sitemap: ${site.server.origin}${BASE}/sitemap\\.xml$`, 'm'));
  });

  it('has 0 html-validate errors (recommended rules) on every page', async () => {
    const { pages, errors } = await htmlValidateErrors(site.distDir);
    // Every filter page (one per layer and index, shared by the methods), in both languages.
    const filterPages = new Set(site.manifest.filters.map((filter) => `${filter.layer}/${filter.index}`));
    assert.ok(pages > 2 * filterPages.size, `${pages} pages`);
    assert.deepEqual(errors, []);
  });

  it('has no broken internal link, image or fragment (linkinator)', async () => {
    const report = await checkSiteLinks(site.rootUrl);
    assert.deepEqual(report.broken, []);
    assert.ok(report.checked > site.manifest.filters.length * 4, `checked ${report.checked} links`);
  });
});
