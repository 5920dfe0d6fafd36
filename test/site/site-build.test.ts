import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fg from 'fast-glob';
import sharp from 'sharp';
import type { FilterEntry, Manifest, MethodName } from '../../src/atlas/manifest.ts';
import { LAYER_PAGE_EAGER_THUMBS, OVERVIEW_SAMPLE_SIZE } from '../../src/site/first-screen.ts';
import { ui } from '../../src/site/i18n.ts';
import { escapeXml } from '../../src/site/loss-plot.ts';
import { MIN_VARIANT_WIDTH } from '../../src/site/web-images.ts';
import {
  attributeValues,
  buildAndServeSite,
  metaContent,
  PROJECT_ROOT,
  readHtmlPages,
  withFixtureGrid,
  type BuiltSite,
} from './helpers/built-site.ts';
import { checkSiteLinks } from './helpers/check-links.ts';
import { htmlValidateErrors } from './helpers/html-validate.ts';

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

/** The fixture's first live enhanced pattern, marked as having converged to a flat optimum (precompute decides that; the site shows it). */
function withFlatOptimum(manifest: Manifest): Manifest {
  const marked = manifest.filters.find((filter) => filter.method === 'enhanced' && filter.status === 'ok');
  return { ...manifest, filters: manifest.filters.map((filter) => (filter === marked ? { ...filter, flatOptimum: true as const } : filter)) };
}

function filterPagePath(filter: FilterEntry): string {
  return `${filter.layer}/${filter.index}/`;
}

/** The filter pages: one per rendered (layer, index), shared by the methods. */
function filterPages(): FilterEntry[] {
  const pages = new Map<string, FilterEntry>();
  for (const filter of site.manifest.filters) if (!pages.has(filterPagePath(filter))) pages.set(filterPagePath(filter), filter);
  return [...pages.values()];
}

/** A layer's thumbnails in a method: classic on the layer page, enhanced on the page below it. */
function layerMethodPagePath(layer: string, method: MethodName): string {
  return method === 'classic' ? `${layer}/` : `${layer}/${method}/`;
}

/** Every page with content in one language: overview, comparison page, each layer page per method, each filter page. */
function contentPagePaths(): string[] {
  const { manifest } = site;
  return [
    '',
    'methods/',
    ...manifest.layers.flatMap((layer) => manifest.methods.map((method) => layerMethodPagePath(layer.name, method.params.name))),
    ...filterPages().map(filterPagePath),
  ];
}

/** The markup of one method's panel on a filter page. */
function methodPanel(html: string, method: MethodName): string {
  const start = html.indexOf(`<section class="method-panel" data-method="${method}"`);
  assert.ok(start >= 0, `a ${method} panel`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
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
  site = await buildAndServeSite('/', {
    editManifest: async (manifest, dataDir) => withFixtureGrid(withFlatOptimum(withLocalWeightsPath(manifest, dataDir)), dataDir),
  });
});

/** The <picture> elements of a page: each one's AVIF <source> attributes and its <img> tag. */
function pictures(html: string): Array<{ srcset: string; sizes: string | undefined; img: string }> {
  return [...html.matchAll(/<picture class="atlas-picture"><source type="image\/avif" srcset="([^"]+)"(?: sizes="([^"]+)")?>(<img [^>]*>)<\/picture>/g)].map(
    (match) => ({ srcset: match[1] ?? '', sizes: match[2], img: match[3] ?? '' }),
  );
}

/** The candidates of a srcset: URL and width descriptor (undefined for a lone URL). */
function candidates(srcset: string): Array<{ url: string; width: number | undefined }> {
  return srcset.split(', ').map((candidate) => {
    const [url = '', descriptor] = candidate.split(' ');
    return { url, width: descriptor === undefined ? undefined : Number(descriptor.replace(/w$/, '')) };
  });
}

async function distImage(url: string): Promise<{ format: string | undefined; compression: string | undefined; width: number | undefined; height: number | undefined }> {
  const { format, compression, width, height } = await sharp(path.join(site.distDir, ...url.split('/'))).metadata();
  return { format, compression, width, height };
}

after(async () => {
  await site?.dispose();
});

describe('site built from the fixture atlas', () => {
  it('has a page for every filter in the manifest, in both languages, with share metadata', async () => {
    assert.ok(site.manifest.filters.length > 0);
    assert.deepEqual(site.manifest.methods.map((method) => method.params.name), ['classic', 'enhanced'], 'the fixture has both methods');
    for (const filter of site.manifest.filters) {
      for (const locale of LOCALES) {
        const html = await page(locale, filterPagePath(filter));
        assert.match(html, new RegExp(`<html lang="${locale}">`));
        assert.match(html, new RegExp(`<h1>${filter.layer} · [^<]*${filter.index}`));
        // One language-neutral card per filter, shared by both languages and methods.
        assertCardMeta(html, `${site.rootUrl}cards/${filter.layer}/${filter.index}.png`);
        for (const alternate of LOCALES) {
          assert.ok(html.includes(`hreflang="${alternate}" href="${site.pageUrl(alternate, filterPagePath(filter))}"`), alternate);
        }
        assert.ok(html.includes(`hreflang="x-default" href="${site.pageUrl('en', filterPagePath(filter))}"`));
        // Each method's picture, pixelated, with its own curve and its own dead or failed note.
        const panel = methodPanel(html, filter.method);
        assert.match(panel, /<svg class="loss-plot"[^>]*role="img"/);
        assert.match(panel, /class="pixelated"/);
        assert.equal(panel.includes('callout-dead'), filter.status === 'dead', `${filter.method} dead note on ${filter.layer}/${filter.index}`);
        assert.equal(panel.includes('callout-failed'), filter.status === 'failed', `${filter.method} failed note on ${filter.layer}/${filter.index}`);
        assert.equal(panel.includes('callout-flat'), filter.flatOptimum === true, `${filter.method} flat-optimum note on ${filter.layer}/${filter.index}`);
        assert.equal(panel.includes('class="notebook-badge"'), filter.method === 'classic', 'the classic picture is marked as the notebook’s');
      }
    }
    assert.ok(site.manifest.filters.some((filter) => filter.status === 'dead'), 'the fixture has a dead filter');
    assert.ok(site.manifest.filters.some((filter) => filter.flatOptimum === true), 'the fixture has a flat optimum');
  });

  it('shows every filter by both methods side by side: the objective each maximised on its axis, downloads per method, ids unique', async () => {
    for (const filter of filterPages()) {
      for (const locale of LOCALES) {
        const html = await page(locale, filterPagePath(filter));
        const words = ui(locale).methods;
        assert.equal((html.match(/<section class="method-panel"/g) ?? []).length, site.manifest.methods.length);
        assert.equal((html.match(/<svg class="loss-plot"/g) ?? []).length, site.manifest.methods.length);
        for (const method of site.manifest.methods) {
          const name = method.params.name;
          const entry = site.manifest.filters.find((candidate) => candidate.method === name && candidate.layer === filter.layer && candidate.index === filter.index);
          assert.ok(entry, `${name} ${filter.layer}/${filter.index}`);
          const panel = methodPanel(html, name);
          assert.ok(panel.includes(`>${escapeXml(words.lossAxis[method.objective])}</text>`), `${name}'s curve is labelled with its objective`);
          assert.ok(panel.includes(`href="/data/${entry.image}" download="${entry.image.split('/').join('-')}"`), `${name} PNG download`);
          assert.ok(panel.includes(`href="/data/${entry.webp}" download=`), `${name} WebP download`);
          assert.ok(html.includes(`id="parameters-${name}"`), `${name}'s parameters`);
        }
        assert.ok(html.includes('href="/' + (locale === 'en' ? '' : 'ko/') + 'methods/"'), 'a link to the comparison');
        const ids = attributeValues(html, 'id');
        assert.deepEqual(ids.filter((id, position) => ids.indexOf(id) !== position), [], 'no id twice');
      }
    }
    const classic = site.manifest.methods.find((method) => method.params.name === 'classic');
    const enhanced = site.manifest.methods.find((method) => method.params.name === 'enhanced');
    // The enhanced method ends on the post-ReLU mean, as classic does, after a pre-ReLU start.
    assert.deepEqual([classic?.objective, enhanced?.objective], ['post-relu', 'post-relu']);
    assert.equal(enhanced?.params.name === 'enhanced' && enhanced.params.preReluStart, true);
  });

  it('links every layer page, in each method, to all of its filters, with light thumbnails and that method’s downloads', async () => {
    for (const layer of site.manifest.layers) {
      for (const method of site.manifest.methods) {
        const name = method.params.name;
        const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === name);
        for (const locale of LOCALES) {
          const html = await page(locale, layerMethodPagePath(layer.name, name));
          const hrefs = new Set(attributeValues(html, 'href'));
          // The thumbnails of every method link to the same filter permalinks.
          for (const filter of filters) {
            assert.ok(hrefs.has(new URL(site.pageUrl(locale, filterPagePath(filter))).pathname), `${locale} ${layer.name} ${name} → ${filter.index}`);
          }
          const thumbs = [...html.matchAll(/<img [^>]*data\/[^>]*\.webp"[^>]*>/g)].map((match) => match[0]);
          assert.equal(thumbs.length, filters.length);
          for (const [position, thumb] of thumbs.entries()) {
            assert.match(thumb, /width="\d+"/);
            assert.match(thumb, /height="\d+"/);
            // Those a phone's first screen holds load at once, the rest lazily.
            assert.match(thumb, position < LAYER_PAGE_EAGER_THUMBS ? /loading="eager"/ : /loading="lazy"/);
            assert.match(thumb, /alt="[^"]+"/);
            assert.ok(thumb.includes(`src="/data/${filters[position]?.webp}"`), `${name}'s own pattern`);
          }
          const { grid, contactSheet } = layer.sheets[name] ?? {};
          if (grid) assert.ok(hrefs.has(`/data/${grid}`), 'grid download');
          if (contactSheet) assert.ok(hrefs.has(`/data/${contactSheet}`), 'contact sheet download');
          for (const other of site.manifest.methods.filter((candidate) => candidate !== method)) {
            const sheets = layer.sheets[other.params.name] ?? {};
            for (const file of [sheets.grid, sheets.contactSheet]) if (file) assert.ok(!hrefs.has(`/data/${file}`), `no ${other.params.name} download on the ${name} page`);
          }
          // The switch: a link to each method's page, the current one marked, on both pages.
          const switchLinks = [...html.matchAll(/<a href="([^"]+)" aria-current="page" data-method-link="([a-z]+)"|<a href="([^"]+)" data-method-link="([a-z]+)"/g)].map((match) => ({
            href: match[1] ?? match[3],
            method: match[2] ?? match[4],
            current: match[1] !== undefined,
          }));
          assert.deepEqual(
            switchLinks,
            site.manifest.methods.map((candidate) => ({
              href: new URL(site.pageUrl(locale, layerMethodPagePath(layer.name, candidate.params.name))).pathname,
              method: candidate.params.name,
              current: candidate === method,
            })),
          );
          assert.match(html, new RegExp(`<link rel="canonical" href="${site.pageUrl(locale, layerMethodPagePath(layer.name, name))}">`));
        }
      }
    }
  });

  it('shows the method, every layer and the run parameters on the overview', async () => {
    const { manifest } = site;
    for (const locale of LOCALES) {
      const html = await page(locale, '');
      assert.equal((html.match(/class="layer-card"/g) ?? []).length, manifest.layers.length);
      assert.equal((html.match(/class="method-grids"/g) ?? []).length, manifest.layers.length, 'each layer card shows one grid per method');
      // Each card opens on a row of its patterns per method; the first card's first row loads at once.
      const cards = html.split('<article class="layer-card"').slice(1);
      for (const [position, card] of cards.entries()) {
        const strips = card.split('class="thumb-grid thumb-strip"').slice(1);
        assert.equal(strips.length, manifest.methods.length, `${locale}: a row of patterns per method`);
        assert.ok(card.indexOf('thumb-strip') < card.indexOf('method-grids'), 'the rows come before the grids');
        for (const method of manifest.methods) assert.match(card, new RegExp(`href="[^"]*" data-sample-link="${method.params.name}"`));
        for (const [row, strip] of strips.entries()) {
          const rowEnd = strip.indexOf('</ul>');
          const thumbs = [...strip.slice(0, rowEnd).matchAll(/<li class="thumb[^>]*>[\s\S]*?<img [^>]*>/g)].map((match) => match[0]);
          assert.ok(thumbs.length > 0 && thumbs.length <= OVERVIEW_SAMPLE_SIZE);
          for (const thumb of thumbs) assert.match(thumb, position === 0 && row === 0 ? /loading="eager"/ : /loading="lazy"/);
        }
      }
      for (const method of manifest.methods) assert.ok(html.includes(`id="parameters-${method.params.name}"`), `${method.params.name} parameters`);
      assert.ok(html.includes(`href="/${locale === 'en' ? '' : 'ko/'}methods/"`), 'a link to the comparison');
      for (const value of [LEGACY_WEIGHTS_NAME, manifest.model.weights.sha256, manifest.engineVersion, manifest.backend]) {
        assert.ok(html.includes(value), value);
      }
      assert.ok(!html.includes(manifest.model.weights.source), 'the local weights path is not published');
      assert.match(html, /10⁻⁵/);
      assert.match(html, /0\.1/);
      assert.match(html, locale === 'en' ? /40 times, with a step size of 1/ : /단계 크기 1로 40번/);
    }
  });

  it('explains the two methods on their own page, in both languages, beside filters drawn both ways', async () => {
    for (const locale of LOCALES) {
      const html = await page(locale, 'methods/');
      assert.ok(html.includes(`<h1>${locale === 'en' ? 'Two ways to draw a filter' : '필터를 그리는 두 가지 방법'}</h1>`), 'the title');
      // The questions the page answers: the frames, the speckle, and what each picture can tell.
      for (const phrase of locale === 'en' ? ['Why the classic pictures have frames', 'Why the classic pictures are speckled', 'What each picture can tell you'] : ['테두리가 생기는 까닭', '자글자글한 까닭', '알려 주는 것과 알려 주지 못하는 것']) {
        assert.ok(html.includes(phrase), `${locale}: ${phrase}`);
      }
      const pairs = [...html.matchAll(/<li><a href="([^"]+)"><span class="method-example-pair">(.*?)<\/span>/g)];
      assert.ok(pairs.length > 0, 'examples');
      for (const [, href, pair] of pairs) {
        assert.match(href ?? '', new RegExp(`^/${locale === 'en' ? '' : 'ko/'}block\\d_conv\\d/\\d+/$`));
        const images = [...(pair ?? '').matchAll(/<img [^>]*src="\/data\/([^"]+)"/g)].map((match) => match[1]);
        assert.equal(images.length, site.manifest.methods.length);
        assert.ok(images.some((image) => image?.includes('/enhanced/')), 'an enhanced pattern');
      }
    }
  });

  it('renders a 1200 × 630 preview card for the overview, the comparison, every layer in each method and every filter', async () => {
    const cards = [
      { page: '', card: 'atlas.png' },
      { page: 'methods/', card: 'methods.png' },
      ...site.manifest.layers.map((layer) => ({ page: `${layer.name}/`, card: `${layer.name}.png` })),
      ...site.manifest.layers.map((layer) => ({ page: `${layer.name}/enhanced/`, card: `${layer.name}/enhanced.png` })),
      ...filterPages().map((filter) => ({ page: filterPagePath(filter), card: `${filter.layer}/${filter.index}.png` })),
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
    assert.ok(pages.length >= 2 * contentPagePaths().length);
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
    for (const pagePath of contentPagePaths()) {
      for (const locale of LOCALES) assert.ok(sitemap.includes(`<loc>${site.pageUrl(locale, pagePath)}</loc>`), `${locale} ${pagePath}`);
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

  it('shows each layer picture as AVIF variants by srcset and sizes, every one lazily and none with a raised priority', async () => {
    const [first] = site.manifest.layers;
    assert.ok(first?.sheets.classic?.grid, 'the fixture has a grid');
    for (const locale of LOCALES) {
      const html = await page(locale, '');
      const shown = pictures(html).filter((picture) => /\/(grid|contact-sheet)\.png"/.test(picture.img));
      // Each layer card: one picture per method, classic first.
      const expected = site.manifest.layers.flatMap((layer) => site.manifest.methods.map((method) => ({ layer, method: method.params.name })));
      assert.equal(shown.length, expected.length);
      for (const [position, picture] of shown.entries()) {
        const { layer, method } = expected[position] ?? {};
        assert.ok(layer && method);
        const source = layer.sheets[method]?.grid ?? layer.sheets[method]?.contactSheet ?? '';
        const { width, height } = await sharp(path.join(site.dataDir, source)).metadata();
        const sources = candidates(picture.srcset);
        // Smallest first, each half the next, down to MIN_VARIANT_WIDTH; the last is the PNG's own size.
        assert.equal(sources.at(-1)?.width ?? width, width);
        for (const [k, candidate] of sources.entries()) {
          const stem = source.replace(/\.png$/, '');
          const expectedWidth = candidate.width ?? width;
          assert.equal(candidate.url, `/img/${stem}.${expectedWidth}w.avif`);
          const next = sources[k + 1];
          if (next?.width) assert.equal(candidate.width, Math.round(next.width / 2));
          assert.ok(expectedWidth === width || (expectedWidth ?? 0) >= MIN_VARIANT_WIDTH);
          const image = await distImage(candidate.url);
          assert.deepEqual([image.format, image.compression, image.width], ['heif', 'av1', expectedWidth], candidate.url);
          assert.equal(image.height, Math.round(((height ?? 0) * (expectedWidth ?? 0)) / (width ?? 1)));
        }
        assert.equal(picture.sizes !== undefined, sources.length > 1, 'sizes goes with width descriptors');
        // Two grids side by side from 40rem, in cards one to a row (MethodGrids; the browser test measures it).
        if (picture.sizes) assert.equal(picture.sizes, '(min-width: 74rem) 34rem, (min-width: 40rem) calc(50vw - 3rem), calc(100vw - 4.5rem)');
        // The exact PNG is what a browser without AVIF shows, at the PNG's size.
        assert.match(picture.img, new RegExp(`src="/data/${source}" width="${width}" height="${height}"`));
        // Below the first screen on phones and desktops: none is fetched ahead of the text (docs/site.md).
        assert.doesNotMatch(picture.img, /fetchpriority/);
        assert.match(picture.img, /loading="lazy"/);
      }
      const grid = candidates(shown[0]?.srcset ?? '');
      assert.deepEqual(grid.map((candidate) => candidate.width), [274, 547], 'a 547 px grid has a half-size variant');
    }
    const pages = await readHtmlPages(site.distDir);
    assert.deepEqual(pages.filter(([, html]) => html.includes('fetchpriority')).map(([name]) => name), []);
  });

  it('shows thumbnails as native-size AVIF, and the filter page the exact lossless WebP of each method, enlarged by a whole number', async () => {
    for (const layer of site.manifest.layers) {
      for (const method of site.manifest.methods) {
        const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === method.params.name);
        const html = await page('en', layerMethodPagePath(layer.name, method.params.name));
        const thumbs = pictures(html).filter((picture) => /\/\d+\.webp"/.test(picture.img));
        assert.equal(thumbs.length, filters.length);
        for (const [position, thumb] of thumbs.entries()) {
          const filter = filters[position];
          assert.ok(filter);
          const stem = filter.image.replace(/\.png$/, '');
          assert.equal(thumb.srcset, `/img/${stem}.${filter.width}w.avif`, 'one candidate: the pattern at its own size');
          assert.equal(thumb.sizes, undefined);
          const image = await distImage(thumb.srcset);
          assert.deepEqual([image.format, image.compression, image.width, image.height], ['heif', 'av1', filter.width, filter.height]);
          assert.match(thumb.img, new RegExp(`src="/data/${filter.webp}" width="${filter.width}" height="${filter.height}"`));
        }
      }
    }
    for (const filter of site.manifest.filters) {
      const html = await page('en', filterPagePath(filter));
      const enlarged = /<figure class="method-pattern"><img class="pixelated" src="([^"]+)" width="(\d+)" height="(\d+)"/.exec(methodPanel(html, filter.method));
      assert.ok(enlarged, `${filter.method} ${filterPagePath(filter)}`);
      assert.equal(enlarged[1], `/data/${filter.webp}`);
      const scale = Number(enlarged[2]) / filter.width;
      assert.ok(Number.isInteger(scale) && scale >= 1 && Number(enlarged[3]) === filter.height * scale, 'an integer enlargement');
      // Patterns of the same native size are shown at the same size, side by side.
      const sides = [...html.matchAll(/<figure class="method-pattern"><img class="pixelated" src="[^"]+" width="(\d+)"/g)].map((match) => match[1]);
      assert.equal(sides.length, site.manifest.methods.length);
      if (site.manifest.filters.every((entry) => entry.width === filter.width)) assert.equal(new Set(sides).size, 1, 'one on-screen size');
      const { format } = await sharp(path.join(site.distDir, 'data', filter.webp)).metadata();
      assert.equal(format, 'webp');
      // The exact pixels: lossless.
      const [shown, exact] = await Promise.all(
        [path.join(site.distDir, 'data', filter.webp), path.join(site.dataDir, filter.image)].map((file) => sharp(file).removeAlpha().raw().toBuffer()),
      );
      assert.ok(shown?.equals(exact ?? Buffer.alloc(0)), `${filter.webp} has the PNG's pixels`);
      assert.ok(html.includes(`href="/data/${filter.image}" download=`), 'the PNG stays the download');
    }
  });

  it("ships a display image for every PNG, each pattern's AVIF lighter than its lossless WebP", async () => {
    const files = await fg('img/**/*', { cwd: site.distDir });
    const sheets = site.manifest.layers.flatMap((layer) => Object.values(layer.sheets).flatMap((sheets) => [sheets.grid, sheets.contactSheet])).filter((file) => file !== undefined);
    assert.ok(files.length >= site.manifest.filters.length + sheets.length, `${files.length} display images`);
    assert.ok(files.every((file) => file.endsWith('.avif')));
    const bytes = async (file: string) => (await stat(file)).size;
    for (const filter of site.manifest.filters) {
      const avif = await bytes(path.join(site.distDir, 'img', filter.image.replace(/\.png$/, `.${filter.width}w.avif`)));
      assert.ok(avif < (await bytes(path.join(site.dataDir, filter.webp))), `${filter.image}: ${avif} bytes`);
    }
    // Sheets: the fixture's grid repeats a few small patterns, which PNG exploits and AVIF cannot;
    // what sheets cost on real patterns is measured by scripts/measure-web-images.ts (docs/site.md).
  });

  it('has 0 html-validate errors (recommended rules) on every page', async () => {
    const { pages, errors } = await htmlValidateErrors(site.distDir);
    assert.ok(pages >= 2 * contentPagePaths().length, `${pages} pages`);
    assert.deepEqual(errors, []);
  });

  it('has no broken internal link, image or fragment (linkinator)', async () => {
    const report = await checkSiteLinks(site.rootUrl);
    assert.deepEqual(report.broken, []);
    assert.ok(report.checked > site.manifest.filters.length * 4, `checked ${report.checked} links`);
  });
});
