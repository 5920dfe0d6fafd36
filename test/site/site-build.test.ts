import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fg from 'fast-glob';
import sharp from 'sharp';
import type { FilterEntry, Manifest } from '../../src/atlas/manifest.ts';
import { attributeValues, buildAndServeSite, metaContent, PROJECT_ROOT, readHtmlPages, type BuiltSite } from './helpers/built-site.ts';
import { checkSiteLinks } from './helpers/check-links.ts';

const LOCALES = ['en', 'ko'] as const;
/** The site is built from a manifest as older precomputes wrote it: the weights source is a local path. */
const LEGACY_WEIGHTS_NAME = 'tiny-vgg16.h5';
let site: BuiltSite;
let precomputedSource = '';

function withLocalWeightsPath(manifest: Manifest, dataDir: string): Manifest {
  precomputedSource = manifest.model.weights.source;
  const source = path.join(path.dirname(dataDir), 'private', LEGACY_WEIGHTS_NAME);
  return { ...manifest, model: { ...manifest.model, weights: { ...manifest.model.weights, source } } };
}

function filterPagePath(filter: FilterEntry): string {
  return `${filter.layer}/${filter.index}/`;
}

/** The page's og:image is a 1200 × 630 PNG card at `url`, with the tags that say so. */
function assertCardMeta(html: string, url: string): void {
  assert.equal(metaContent(html, 'og:image'), url);
  assert.equal(metaContent(html, 'og:image:type'), 'image/png');
  assert.equal(metaContent(html, 'og:image:width'), '1200');
  assert.equal(metaContent(html, 'og:image:height'), '630');
  assert.equal(metaContent(html, 'twitter:card'), 'summary_large_image');
  assert.equal(metaContent(html, 'twitter:image'), url);
  assert.ok((metaContent(html, 'og:image:alt') ?? '').length > 20, 'og:image:alt');
  assert.equal(metaContent(html, 'twitter:image:alt'), metaContent(html, 'og:image:alt'));
}

function distPage(locale: (typeof LOCALES)[number], pagePath: string): string {
  return path.join(site.distDir, locale === 'en' ? '' : locale, pagePath, 'index.html');
}

async function page(locale: (typeof LOCALES)[number], pagePath: string): Promise<string> {
  return readFile(distPage(locale, pagePath), 'utf8');
}

before(async () => {
  site = await buildAndServeSite('/', { editManifest: withLocalWeightsPath });
});

after(async () => {
  await site?.dispose();
});

describe('site built from the fixture atlas', () => {
  it('has a page for every filter in the manifest, in both languages, with share metadata', async () => {
    assert.ok(site.manifest.filters.length > 0);
    for (const filter of site.manifest.filters) {
      for (const locale of LOCALES) {
        const html = await page(locale, filterPagePath(filter));
        assert.match(html, new RegExp(`<html lang="${locale}">`));
        assert.match(html, new RegExp(`<h1>${filter.layer} · [^<]*${filter.index}`));
        // One language-neutral card per filter, shared by both languages.
        assertCardMeta(html, `${site.rootUrl}cards/${filter.layer}/${filter.index}.png`);
        assert.match(html, /<svg class="loss-plot"[^>]*role="img"/);
        for (const alternate of LOCALES) {
          assert.ok(html.includes(`hreflang="${alternate}" href="${site.pageUrl(alternate, filterPagePath(filter))}"`), alternate);
        }
        assert.ok(html.includes(`hreflang="x-default" href="${site.pageUrl('en', filterPagePath(filter))}"`));
        assert.match(html, /style="image-rendering|class="pixelated"/);
        assert.equal(html.includes('callout-dead'), filter.status === 'dead', `dead note on ${filter.layer}/${filter.index}`);
        assert.equal(html.includes('callout-failed'), filter.status === 'failed', `failed note on ${filter.layer}/${filter.index}`);
      }
    }
    assert.ok(site.manifest.filters.some((filter) => filter.status === 'dead'), 'the fixture has a dead filter');
  });

  it('links every layer page to all of its filters, with light thumbnails', async () => {
    for (const layer of site.manifest.layers) {
      const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name);
      for (const locale of LOCALES) {
        const html = await page(locale, `${layer.name}/`);
        const hrefs = new Set(attributeValues(html, 'href'));
        for (const filter of filters) {
          assert.ok(hrefs.has(new URL(site.pageUrl(locale, filterPagePath(filter))).pathname), `${locale} ${layer.name} → ${filter.index}`);
        }
        const thumbs = [...html.matchAll(/<img [^>]*data\/[^>]*\.webp"[^>]*>/g)].map((match) => match[0]);
        assert.equal(thumbs.length, filters.length);
        for (const thumb of thumbs) {
          assert.match(thumb, /width="\d+"/);
          assert.match(thumb, /height="\d+"/);
          assert.match(thumb, /loading="lazy"/);
          assert.match(thumb, /alt="[^"]+"/);
        }
        const { grid, contactSheet } = layer.sheets.classic ?? {};
        if (grid) assert.ok(hrefs.has(`/data/${grid}`), 'grid download');
        if (contactSheet) assert.ok(hrefs.has(`/data/${contactSheet}`), 'contact sheet download');
      }
    }
  });

  it('shows the method, every layer and the run parameters on the overview', async () => {
    const { manifest } = site;
    for (const locale of LOCALES) {
      const html = await page(locale, '');
      assert.equal((html.match(/class="layer-card"/g) ?? []).length, manifest.layers.length);
      for (const value of [LEGACY_WEIGHTS_NAME, manifest.model.weights.sha256, manifest.engineVersion, manifest.backend]) {
        assert.ok(html.includes(value), value);
      }
      assert.ok(!html.includes(manifest.model.weights.source), 'the local weights path is not published');
      assert.match(html, /10⁻⁵/);
      assert.match(html, /0\.1/);
      assert.match(html, locale === 'en' ? /40 times, with a step size of 1/ : /단계 크기 1로 40번/);
    }
  });

  it('renders a 1200 × 630 preview card for the overview, every layer and every filter', async () => {
    const cards = [
      { page: '', card: 'atlas.png' },
      ...site.manifest.layers.map((layer) => ({ page: `${layer.name}/`, card: `${layer.name}.png` })),
      ...site.manifest.filters.map((filter) => ({ page: filterPagePath(filter), card: `${filter.layer}/${filter.index}.png` })),
    ];
    for (const { page: pagePath, card } of cards) {
      for (const locale of LOCALES) assertCardMeta(await page(locale, pagePath), `${site.rootUrl}cards/${card}`);
      const { width, height, format } = await sharp(path.join(site.distDir, 'cards', card)).metadata();
      assert.deepEqual([width, height, format], [1200, 630, 'png'], card);
    }
    const files = await fg('cards/**/*.png', { cwd: site.distDir });
    assert.equal(files.length, cards.length, 'one card per page, shared by the two languages');
  });

  it('gives every image alt text and every page a language switch', async () => {
    const pages = await readHtmlPages(site.distDir);
    assert.ok(pages.length >= 2 * (site.manifest.filters.length + site.manifest.layers.length + 1));
    for (const [name, html] of pages) {
      for (const img of html.match(/<img [^>]*>/g) ?? []) assert.match(img, /\salt="[^"]+"/, `${name}: ${img}`);
      assert.match(html, /class="language-switch"/, name);
    }
  });

  it('ships a 404 page, robots.txt, a sitemap and a favicon', async () => {
    const notFound = await fetch(`${site.rootUrl}no/such/page/`);
    assert.equal(notFound.status, 404);
    const body = await notFound.text();
    assert.match(body, /Page not found/);
    assert.match(body, /페이지를 찾을 수 없습니다/);
    const robots = await readFile(path.join(site.distDir, 'robots.txt'), 'utf8');
    assert.match(robots, new RegExp(`^Sitemap: ${site.rootUrl}sitemap\\.xml$`, 'm'));
    const sitemap = await readFile(path.join(site.distDir, 'sitemap-0.xml'), 'utf8');
    for (const filter of site.manifest.filters) {
      for (const locale of LOCALES) assert.ok(sitemap.includes(`<loc>${site.pageUrl(locale, filterPagePath(filter))}</loc>`));
    }
    assert.ok((await stat(path.join(site.distDir, 'sitemap.xml'))).isFile());
    assert.ok((await stat(path.join(site.distDir, 'favicon.svg'))).isFile());
  });

  it('publishes the weights file name, never a local path: no absolute local path anywhere in dist/', async () => {
    assert.ok(precomputedSource.endsWith('.h5') && !/[\\/]/.test(precomputedSource), `precompute wrote ${precomputedSource}`);
    const published = JSON.parse(await readFile(path.join(site.distDir, 'data', 'manifest.json'), 'utf8')) as Manifest;
    assert.equal(published.model.weights.source, LEGACY_WEIGHTS_NAME);
    assert.equal(published.model.weights.sha256, site.manifest.model.weights.sha256);

    const localPaths = [path.dirname(site.dataDir), PROJECT_ROOT, os.homedir(), os.tmpdir(), '/tmp/', '/home/', '/root/', '/work/']
      .map((local) => (local.endsWith('/') ? local : `${local}/`))
      .filter((local) => local !== '/');
    const files = await fg('**/*', { cwd: site.distDir, dot: true, onlyFiles: true });
    assert.ok(files.length > site.manifest.filters.length * 4, `${files.length} files`);
    for (const file of files) {
      const text = (await readFile(path.join(site.distDir, file))).toString('latin1');
      for (const local of localPaths) assert.ok(!text.includes(local), `dist/${file} holds the local path ${local}`);
    }
  });

  it('has no broken internal link, image or fragment (linkinator)', async () => {
    const report = await checkSiteLinks(site.rootUrl);
    assert.deepEqual(report.broken, []);
    assert.ok(report.checked > site.manifest.filters.length * 4, `checked ${report.checked} links`);
  });
});
