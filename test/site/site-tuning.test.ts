import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp, { type Metadata } from 'sharp';
import type { TuningEntry } from '../../src/atlas/manifest.ts';
import type { StimulusDescriptor } from '../../src/engine/tuning/tuning-entry.ts';
import { summarise } from '../../src/site/tuning/data.ts';
import { groupFilters, TUNING_VIEWS } from '../../src/site/tuning/groups.ts';
import { stimulusPath } from '../../src/site/tuning/images.ts';
import { buildAndServeSite, readHtmlPages, type BuiltSite } from './helpers/built-site.ts';

const LOCALES = ['en', 'ko'] as const;
let site: BuiltSite;

before(async () => {
  site = await buildAndServeSite('/');
});

after(async () => {
  await site?.dispose();
});

function distPage(built: BuiltSite, locale: (typeof LOCALES)[number], pagePath: string): string {
  return path.join(built.distDir, locale === 'en' ? '' : locale, pagePath, 'index.html');
}

function page(locale: (typeof LOCALES)[number], pagePath: string, built: BuiltSite = site): Promise<string> {
  return readFile(distPage(built, locale, pagePath), 'utf8');
}

function tuning(): TuningEntry[] {
  const entries = site.manifest.tuning ?? [];
  assert.ok(entries.length > 0, 'the fixture measures tuning');
  return entries;
}

function entryOf(layer: string, index: number): TuningEntry | undefined {
  return tuning().find((entry) => entry.layer === layer && entry.index === index);
}

/** Every inline SVG of the markup that claims to be an image, with the text of the elements that name it. */
function accessibleSvgs(html: string): Array<{ className: string; name: string }> {
  return [...html.matchAll(/<svg class="([^"]+)"[^>]*role="img" aria-labelledby="([^"]+)"[^>]*>/g)].map((match) => {
    const name = (match[2] ?? '')
      .split(' ')
      .map((id) => new RegExp(`<(?:title|desc) id="${id}">([^<]*)</`).exec(html)?.[1] ?? '')
      .join(' ')
      .trim();
    return { className: match[1] ?? '', name };
  });
}

describe('tuning on the site built from the fixture atlas', () => {
  it('has the three tuning views for every layer with tuning, in both languages, each filter in exactly one group', async () => {
    for (const layer of site.manifest.layers) {
      const filters = site.manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === 'classic');
      assert.ok(filters.every((filter) => entryOf(layer.name, filter.index)), `${layer.name}: every rendered filter has tuning`);
      for (const view of TUNING_VIEWS) {
        const expected = groupFilters(view, filters.map((filter) => summarise(entryOf(layer.name, filter.index), filter.index)));
        for (const locale of LOCALES) {
          const html = await page(locale, `${layer.name}/by/${view}/`);
          assert.match(html, new RegExp(`<html lang="${locale}">`));
          for (const filter of filters) {
            const links = html.match(new RegExp(`data-filter-link="${filter.index}"`, 'g')) ?? [];
            assert.equal(links.length, 1, `${locale} ${layer.name} by ${view}: filter ${filter.index} appears once`);
          }
          assert.equal((html.match(/data-filter-link="/g) ?? []).length, filters.length, 'no other filter');
          // The groups in order, each as a section with its heading, holding its members.
          const sections = [...html.matchAll(/<section class="tuning-group" aria-labelledby="([^"]+)">([\s\S]*?)<\/section>/g)];
          assert.deepEqual(sections.map((section) => section[1]), expected.map((group) => group.id));
          for (const [position, group] of expected.entries()) {
            const members = [...(sections[position]?.[2] ?? '').matchAll(/data-filter-link="(\d+)"/g)].map((match) => Number(match[1]));
            assert.deepEqual(members, group.members.map((member) => member.index), `${view} ${group.id}`);
          }
          // Plain links to the other views and back to the layer.
          for (const other of TUNING_VIEWS.filter((candidate) => candidate !== view)) {
            assert.ok(html.includes(`href="${locale === 'en' ? '' : '/ko'}/${layer.name}/by/${other}/"`), `${view} → ${other}`);
          }
          assert.match(html, /<span aria-current="page">/);
        }
      }
    }
    const unresponsive = tuning().filter((entry) => !entry.responsive);
    assert.ok(unresponsive.length > 0, 'the fixture has a filter that responds to no stimulus (the dead one)');
    const html = await page('en', `${unresponsive[0]!.layer}/by/orientation/`);
    assert.match(html, /<section class="tuning-group" aria-labelledby="unresponsive">/);
    assert.match(html, /Responds to none of these stimuli/);
  });

  it('links the views and offers the filter bar, with the filters’ figures, on every layer page', async () => {
    for (const layer of site.manifest.layers) {
      for (const locale of LOCALES) {
        const html = await page(locale, `${layer.name}/`);
        for (const view of TUNING_VIEWS) assert.ok(html.includes(`/${layer.name}/by/${view}/"`), `${locale} ${layer.name} → ${view}`);
        assert.match(html, /<div class="tuning-filter" data-tuning-filter/);
        for (const name of ['o', 's', 'h', 'c']) assert.match(html, new RegExp(`<select name="${name}"`));
        const rows = JSON.parse(/<script type="application\/json" id="atlas-tuning-rows">([^<]*)<\/script>/.exec(html)?.[1] ?? '[]') as unknown[][];
        const indices = [...new Set(site.manifest.filters.filter((filter) => filter.layer === layer.name).map((filter) => filter.index))];
        assert.deepEqual(rows.map((row) => row[0]), indices);
      }
    }
  });

  it('shows each filter’s tuning beside its pattern: best stimulus, key figures, accessible curves with their numbers', async () => {
    const protocol = site.manifest.tuningProtocol;
    assert.ok(protocol);
    for (const filter of site.manifest.filters) {
      const entry = entryOf(filter.layer, filter.index);
      assert.ok(entry);
      for (const locale of LOCALES) {
        const html = await page(locale, `${filter.layer}/${filter.index}/`);
        assert.match(html, /<section class="tuning" aria-labelledby="tuning">/, `${locale} ${filter.layer}/${filter.index}`);
        assert.ok(html.includes(`href="${locale === 'en' ? '' : '/ko'}/tuning/"`), 'links to how it was measured');
        const svgs = accessibleSvgs(html).filter((svg) => svg.className.startsWith('tuning-plot'));
        if (!entry.responsive) {
          assert.deepEqual(svgs, []);
          assert.match(html, locale === 'en' ? /Responds to none of these stimuli/ : /어느 것에도 반응하지 않습니다/);
          continue;
        }
        // The orientation curve (when there is one), the frequency and the hue curve, each named by its title and described.
        assert.equal(svgs.length, entry.orientationCurve ? 3 : 2);
        for (const svg of svgs) assert.ok(svg.name.length > 40, `${svg.className}: ${svg.name}`);
        if (entry.orientationCurve) assert.ok(svgs.some((svg) => svg.className.includes('tuning-polar')));
        // A data table per curve: the text equivalent.
        const tables = html.match(/<details class="tuning-data">/g) ?? [];
        assert.equal(tables.length, svgs.length);
        const best: StimulusDescriptor | null = entry.bestStimulus;
        assert.ok(best);
        assert.ok(html.includes(`src="/${stimulusPath(best)}" width="${protocol.size}" height="${protocol.size}"`), 'the best stimulus');
        const { width, height, format }: Metadata = await sharp(path.join(site.distDir, stimulusPath(best))).metadata();
        assert.deepEqual([width, height, format], [protocol.size, protocol.size, 'png']);
        // The pattern beside it, as on the layer page: the display AVIF.
        assert.match(html, /<div class="tuning-pair"[^>]*><figure><picture class="atlas-picture"><source type="image\/avif"/);
      }
    }
  });

  it('shows a rose of preferred orientations per layer on the overview, and the /tuning/ page with its stimuli', async () => {
    for (const locale of LOCALES) {
      const overview = await page(locale, '');
      const roses = accessibleSvgs(overview).filter((svg) => svg.className.includes('tuning-rose'));
      assert.equal(roses.length, site.manifest.layers.length);
      for (const [position, rose] of roses.entries()) assert.ok(rose.name.includes(site.manifest.layers[position]!.name), rose.name);
      const explainer = await page(locale, 'tuning/');
      assert.match(explainer, locale === 'en' ? /<h1>Tuning curves<\/h1>/ : /<h1>튜닝 곡선<\/h1>/);
      assert.ok(explainer.includes(String(site.manifest.tuningProtocol?.stimulusCount.toLocaleString(locale))));
      for (const src of [...explainer.matchAll(/<img src="(\/tuning\/stimuli\/[^"]+)"/g)].map((match) => match[1]!)) {
        assert.ok((await stat(path.join(site.distDir, src))).isFile(), src);
      }
    }
    const sitemap = await readFile(path.join(site.distDir, 'sitemap-0.xml'), 'utf8');
    assert.ok(sitemap.includes(`<loc>${site.publicRootUrl}tuning/</loc>`));
    assert.ok(sitemap.includes(`<loc>${site.publicRootUrl}ko/${site.manifest.layers[0]!.name}/by/colour/</loc>`));
  });

  it('keeps the inline SVGs small', async () => {
    const pages = await readHtmlPages(site.distDir);
    for (const [name, html] of pages) {
      for (const svg of html.match(/<svg class="tuning-plot[\s\S]*?<\/svg>/g) ?? []) assert.ok(svg.length < 8_000, `${name}: an SVG of ${svg.length} bytes`);
    }
  });
});
