import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attributeValues, buildAndServeSite, metaContent, readHtmlPages, type BuiltSite } from './helpers/built-site.ts';
import { checkSiteLinks } from './helpers/check-links.ts';
import { htmlValidateErrors } from './helpers/html-validate.ts';

const BASE = '/atlas';
/** Built as a GitHub Actions run of the repository Someone/atlas, without ATLAS_SITE or ATLAS_BASE: its Pages address. */
const PAGES_SITE = 'https://someone.github.io';
let site: BuiltSite;

before(async () => {
  site = await buildAndServeSite(BASE, { env: { ATLAS_SITE: '', ATLAS_BASE: '', GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'Someone/atlas' } });
});

after(async () => {
  await site?.dispose();
});

describe(`site hosted under a base path (${BASE}, from GITHUB_REPOSITORY)`, () => {
  it('puts the base in front of every root-relative link, image and script', async () => {
    const pages = await readHtmlPages(site.distDir);
    assert.ok(pages.length > 0);
    for (const [name, html] of pages) {
      const urls = ['href', 'src', 'srcset', 'action'].flatMap((attribute) => attributeValues(html, attribute));
      const rooted = urls.filter((url) => url.startsWith('/'));
      assert.ok(rooted.length > 0, name);
      for (const url of rooted) assert.ok(url.startsWith(`${BASE}/`), `${name}: ${url}`);
      for (const url of urls.filter((candidate) => candidate.startsWith(PAGES_SITE))) assert.ok(url.startsWith(`${PAGES_SITE}${BASE}/`), `${name}: ${url}`);
    }
  });

  it('uses the Pages address, with the base, for canonical, og:image, the permalink and the sitemap', async () => {
    const [filter] = site.manifest.filters;
    assert.ok(filter);
    const html = await readFile(path.join(site.distDir, filter.layer, String(filter.index), 'index.html'), 'utf8');
    const pageUrl = `${PAGES_SITE}${BASE}/${filter.layer}/${filter.index}/`;
    assert.equal(metaContent(html, 'og:image'), `${PAGES_SITE}${BASE}/cards/${filter.layer}/${filter.index}.png`);
    assert.equal(metaContent(html, 'og:url'), pageUrl);
    assert.match(html, new RegExp(`<link rel="canonical" href="${pageUrl}">`));
    assert.match(html, new RegExp(`class="permalink">${pageUrl}</a>`));
    const robots = await readFile(path.join(site.distDir, 'robots.txt'), 'utf8');
    assert.match(robots, new RegExp(`^Sitemap: ${PAGES_SITE}${BASE}/sitemap\\.xml$`, 'm'));
    assert.match(await readFile(path.join(site.distDir, 'sitemap-0.xml'), 'utf8'), new RegExp(`<loc>${PAGES_SITE}${BASE}/</loc>`));
    assert.doesNotMatch(site.buildLog, /no site address/);
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
