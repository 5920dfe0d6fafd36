/**
 * The site with labels (the test fixture's, test/site/helpers/fixture-labels.ts) and a person's
 * family notes: the label under each filter's title with its facts linked to the sections that
 * measured them, the similar filters, the families pages in both languages and both methods, the
 * notes' name and comment, the probe's labels, and the pages' validity, links and accessibility.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Family, FilterLabel } from '../../../src/atlas/manifest.ts';
import { FAMILY_NOTES_ENV } from '../../../src/site/labels/notes.ts';
import { attributeValues, makeTempDir, metaContent, readHtmlPages, type BuiltSite } from '../helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, closeBrowserAndSite, launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { buildAndServeSite } from '../helpers/built-site.ts';
import { checkSiteLinks } from '../helpers/check-links.ts';
import { htmlValidateErrors } from '../helpers/html-validate.ts';
import { withFixtureLabels } from '../helpers/fixture-labels.ts';

const LOCALES = ['en', 'ko'] as const;
type Locale = (typeof LOCALES)[number];
const HAND_NAME = { en: 'Hand-named edges', ko: '뾰족한 손글씨 경계' } as const;
const HAND_COMMENT = { en: 'A comment written *by hand*.', ko: '사람이 *직접* 쓴 덧붙임입니다.' } as const;

let notesDir = '';
let site: BuiltSite;
let browser: Browser | undefined;

function labels(): FilterLabel[] {
  const value = site.manifest.labels ?? [];
  assert.ok(value.length > 0, 'the fixture has labels');
  return value;
}

/** The renamed family: block1_conv1's largest. */
function renamed(): Family {
  const family = site.manifest.families?.find((candidate) => candidate.layer === 'block1_conv1');
  assert.ok(family, 'block1_conv1 has a family');
  return family;
}

function page(locale: Locale, pagePath: string): Promise<string> {
  return readFile(path.join(site.distDir, locale === 'en' ? '' : locale, pagePath, 'index.html'), 'utf8');
}

function ids(html: string): Set<string> {
  return new Set(attributeValues(html, 'id'));
}

before(async () => {
  notesDir = await makeTempDir('atlas-family-notes');
  // The notes are written once the families are known: the fixture's largest family of block1_conv1.
  site = await buildAndServeSite('/', {
    editManifest: async (manifest) => {
      const labelled = withFixtureLabels(manifest);
      const family = labelled.families?.find((candidate) => candidate.layer === 'block1_conv1');
      assert.ok(family);
      for (const locale of LOCALES) {
        await mkdir(path.join(notesDir, locale, family.layer), { recursive: true });
        await writeFile(path.join(notesDir, locale, family.layer, `${family.id}.md`), `---\nname: ${HAND_NAME[locale]}\n---\n\n${HAND_COMMENT[locale]}\n`);
      }
      return labelled;
    },
    env: { [FAMILY_NOTES_ENV]: notesDir },
  });
});

after(async () => {
  await closeBrowserAndSite(browser, site);
  await rm(notesDir, { recursive: true, force: true });
});

describe('filter pages with labels', () => {
  it('show the label under the title, each fact linking to a section of the same page', async () => {
    for (const label of labels()) {
      for (const locale of LOCALES) {
        const html = await page(locale, `${label.layer}/${label.index}/`);
        const block = html.slice(html.indexOf('<div class="filter-label"'), html.indexOf('</div>', html.indexOf('<div class="filter-label"')));
        assert.ok(html.indexOf('</h1>') < html.indexOf('data-filter-label'), 'the label follows the title');
        const text = block.replace(/<[^>]+>/g, '');
        for (const fact of label.facts) assert.ok(text.includes(fact.text[locale]), `${label.layer}/${label.index} (${locale}) says ${fact.text[locale]}`);
        const anchors = [...block.matchAll(/<a href="#([^"]+)" data-fact-link/g)].map((match) => match[1] ?? '');
        assert.ok(anchors.length > 0, `${label.layer}/${label.index} links its facts`);
        const onPage = ids(html);
        for (const anchor of anchors) assert.ok(onPage.has(anchor), `#${anchor} is on ${label.layer}/${label.index}`);
      }
    }
  });

  it('links a fact to the curve or figure that measured it', async () => {
    const label = labels().find((candidate) => candidate.facts.some((fact) => fact.kind === 'orientation'));
    assert.ok(label, 'a fixture filter names its orientation');
    const html = await page('en', `${label.layer}/${label.index}/`);
    const fact = label.facts.find((candidate) => candidate.kind === 'orientation');
    assert.match(html, new RegExp(`<a href="#tuning-orientation-curve" data-fact-link[^>]*>${fact?.text.en}</a>`));
    assert.match(html, /<div id="tuning-orientation-curve"><h3>/);
  });

  it('uses the label as the page description and names its family, linked to the families page', async () => {
    const label = labels()[0];
    assert.ok(label);
    for (const locale of LOCALES) {
      const html = await page(locale, `${label.layer}/${label.index}/`);
      assert.ok(metaContent(html, 'description')?.includes(label.text[locale]), `the description (${locale}) is the label`);
      const link = new RegExp(`href="${locale === 'en' ? '' : '/ko'}/${label.layer}/families/#family-${label.family}" data-family-link`);
      assert.match(html, link);
      assert.ok(ids(await page(locale, `${label.layer}/families/`)).has(`family-${label.family}`));
    }
  });

  it('shows Hangul labels on Korean pages', async () => {
    for (const label of labels()) {
      assert.match(label.text.ko, /\p{Script=Hangul}/u);
      const html = await page('ko', `${label.layer}/${label.index}/`);
      assert.ok(html.includes(label.facts[0]?.text.ko ?? '?'), `${label.layer}/${label.index} shows its Korean label`);
    }
  });

  it('lists the similar filters with their scores, linked, and says which measurements were compared', async () => {
    const label = labels().find((candidate) => candidate.similar.length > 0);
    assert.ok(label);
    const html = await page('en', `${label.layer}/${label.index}/`);
    const section = html.slice(html.indexOf('aria-labelledby="similar"'), html.indexOf('</section>', html.indexOf('aria-labelledby="similar"')));
    assert.match(section, /by the Pearson correlation \(r\) of their responses to the tuning stimuli/);
    const classicRow = section.slice(0, section.indexOf('</figure>'));
    const linked = [...classicRow.matchAll(/data-filter-link="(\d+)"/g)].map((match) => Number(match[1]));
    assert.deepEqual(linked, label.similar.map((similar) => similar.index));
    for (const similar of label.similar) assert.ok(classicRow.includes(`r ${similar.score.toFixed(2).replace('-', '−')}`), `score of ${similar.index}`);
    assert.equal((section.match(/<figure class="similar-row">/g) ?? []).length, 2, 'a row per method');
  });

  it('puts the English label on the filter card and says so in the Korean alt text', async () => {
    const label = labels()[0];
    assert.ok(label);
    const html = await page('ko', `${label.layer}/${label.index}/`);
    assert.ok(metaContent(html, 'og:image:alt')?.includes(label.text.en));
    const card = await stat(path.join(site.distDir, 'cards', label.layer, `${label.index}.png`));
    assert.ok(card.size > 0);
  });
});

describe('families pages', () => {
  it('exist for every layer in both languages and methods, each family with its grid, share and description', async () => {
    const families = site.manifest.families ?? [];
    for (const layer of site.manifest.layers) {
      const mine = families.filter((family) => family.layer === layer.name);
      for (const locale of LOCALES) {
        for (const pagePath of [`${layer.name}/families/`, `${layer.name}/families/enhanced/`]) {
          const html = await page(locale, pagePath);
          for (const family of mine) {
            const start = html.indexOf(`id="family-${family.id}"`);
            assert.ok(start >= 0, `${pagePath} (${locale}) has ${family.id}`);
            const section = html.slice(start, html.indexOf('</section>', start));
            assert.deepEqual([...section.matchAll(/data-filter-link="(\d+)"/g)].map((match) => Number(match[1])), family.members);
            assert.ok(section.includes(family.description[locale]));
            assert.match(section, locale === 'en' ? /\d+% of the layer/ : /층의 \d+%/);
          }
        }
      }
    }
  });

  it('are linked from the layer page’s switch, and say how the families were found with a link to the methods page', async () => {
    for (const locale of LOCALES) {
      const prefix = locale === 'en' ? '' : '/ko';
      const layerPage = await page(locale, 'block1_conv1/');
      assert.match(layerPage, new RegExp(`href="${prefix}/block1_conv1/families/"[^>]*data-view-link="families"`));
      const html = await page(locale, 'block1_conv1/families/');
      assert.match(html, new RegExp(`href="${prefix}/labels/"`));
      assert.match(html, locale === 'en' ? /the highest mean silhouette/ : /평균 실루엣 점수/);
      assert.match(html, /aria-current="page" data-view-link="families"/);
    }
  });

  it('use a person’s name and comment from the family notes, in each language, beside the generated name', async () => {
    const family = renamed();
    for (const locale of LOCALES) {
      const html = await page(locale, `${family.layer}/families/`);
      const start = html.indexOf(`id="family-${family.id}"`);
      const section = html.slice(start, html.indexOf('</section>', start));
      assert.match(section, new RegExp(`<span class="family-name">${HAND_NAME[locale]}</span>`));
      assert.ok(section.includes(family.name[locale]), 'the generated name is still given');
      assert.match(section, locale === 'en' ? /A comment written <em>by hand<\/em>\./ : /사람이 <em>직접<\/em> 쓴 덧붙임입니다\./);
      const member = family.members[0];
      const filterPage = await page(locale, `${family.layer}/${member}/`);
      assert.match(filterPage, new RegExp(`data-family-link="${family.id}">${HAND_NAME[locale]}</a>`));
    }
  });

  it('/labels/ explains labels and families in both languages and lists each layer’s families', async () => {
    for (const locale of LOCALES) {
      const html = await page(locale, 'labels/');
      assert.match(html, locale === 'en' ? /What labels cannot claim/ : /이름표가 말할 수 없는 것/);
      for (const layer of site.manifest.layers) assert.ok(html.includes(`/${layer.name}/families/"`), `${layer.name} linked (${locale})`);
    }
  });
});

describe('the probe with labels', () => {
  it('carries each filter’s label in the page’s language for the ranked list', async () => {
    for (const locale of LOCALES) {
      const html = await page(locale, 'probe/');
      const json = html.match(/<script type="application\/json" id="probe-config">([^<]*)<\/script>/)?.[1];
      assert.ok(json, 'the probe page has its config');
      const config = JSON.parse(json) as { layers: Array<{ name: string; labels: Record<string, string> }> };
      for (const layer of config.layers) {
        for (const label of labels().filter((candidate) => candidate.layer === layer.name)) {
          assert.equal(layer.labels[String(label.index)], label.text[locale]);
        }
      }
    }
  });
});

describe('the probe’s ranked list in a browser', () => {
  it('shows each ranked filter’s Korean label under its name', async () => {
    browser ??= await launchChromium();
    const tab = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await tab.goto(site.pageUrl('ko', 'probe/'), { waitUntil: 'load' });
    const layer = site.manifest.browserModel?.layers[0]?.name ?? '';
    await tab.selectOption('#probe-layer', layer);
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3070c0' } })
      .composite([{ input: Buffer.from('<svg width="64" height="64"><path d="M0 64 L64 0" stroke="white" stroke-width="6"/></svg>') }])
      .png()
      .toBuffer();
    await tab.setInputFiles('#probe-file', { name: 'picture.png', mimeType: 'image/png', buffer: png });
    await tab.waitForSelector('#probe-top li', { timeout: 60_000 });
    const shown = await tab.locator('#probe-top li').evaluateAll((items) =>
      items.map((item) => ({ index: Number((item as HTMLElement).dataset.filter), label: item.querySelector('.probe-filter-label')?.textContent ?? '' })),
    );
    assert.ok(shown.length > 0);
    for (const { index, label } of shown) {
      assert.equal(label, labels().find((candidate) => candidate.layer === layer && candidate.index === index)?.text.ko, `${layer} filter ${index}`);
    }
    await tab.close();
  });
});

describe('the labelled site as a whole', () => {
  it('passes html-validate on every page', async () => {
    const { pages, errors } = await htmlValidateErrors(site.distDir);
    assert.ok(pages > 0);
    assert.deepEqual(errors, []);
  });

  it('has no broken link or fragment (facts, families, similar filters)', async () => {
    const report = await checkSiteLinks(site.rootUrl);
    assert.deepEqual(report.broken, []);
    assert.ok(report.checked > 100);
    const pages = await readHtmlPages(site.distDir);
    assert.ok(pages.some(([name]) => name === 'ko/block1_conv1/families/index.html'));
  });

  it('passes axe on the families page and a labelled filter page, at 390 and 1280 px, in both languages', async () => {
    browser ??= await launchChromium();
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const tab = await context.newPage();
      for (const locale of LOCALES) {
        for (const [name, pagePath] of [['families', 'block1_conv1/families/'], ['filter', 'block2_conv1/2/']] as const) {
          await tab.goto(site.pageUrl(locale, pagePath), { waitUntil: 'load' });
          await assertAccessible(tab);
          if (name === 'families') {
            // Pictures first: the first family's patterns (up to two rows) are wholly in the first
            // screen, and no thumbnail loaded at once lies below it.
            const screen = await tab.evaluate(() => {
              const inView = (image: HTMLImageElement) => {
                const box = image.getBoundingClientRect();
                return box.width > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
              };
              const first = [...(document.querySelector('.family')?.querySelectorAll<HTMLImageElement>('.thumb img') ?? [])];
              const images = [...document.querySelectorAll<HTMLImageElement>('.family .thumb img')];
              return {
                firstFamilyInView: first.slice(0, 8).every(inView) && first.length > 0,
                eagerBelow: images.filter((image) => image.loading === 'eager' && image.getBoundingClientRect().top >= window.innerHeight).length,
              };
            });
            assert.deepEqual(screen, { firstFamilyInView: true, eagerBelow: 0 }, `${locale} families at ${viewportName}`);
          }
          await saveScreenshot(tab, `labels-${name}-${locale}-${viewportName}`);
        }
      }
      await context.close();
    }
  });
});
