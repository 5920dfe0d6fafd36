/**
 * Which preview cards a site has, and writing them into the build. Cards hold no translated text
 * (layer names, numbers, the site's name, a filter's English label), so both languages share one
 * card per page: the pages
 * give them a localised alt text.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { FilterEntry, MethodName } from '../atlas/manifest.ts';
import { CARD_HEIGHT, CARD_WIDTH, renderCard, type CardPattern, type CardSpec } from './cards.ts';
import { comparisonExamples } from './methods.ts';
import { filterByMethod, type LayerView, type SiteAtlas } from './site-atlas.ts';
import { joinBase } from './urls.ts';
import { filterLabel } from './labels/data.ts';

/** Cards live below this directory of the built site (below the base path). */
export const CARDS_DIR = 'cards';
const SITE_NAME = 'VGG16 Filter Atlas';
const MOSAIC_TILES = 16;

export function overviewCardPath(): string {
  return `${CARDS_DIR}/atlas.png`;
}

export function layerCardPath(layer: string): string {
  return `${CARDS_DIR}/${encodeURIComponent(layer)}.png`;
}

export function filterCardPath(layer: string, index: number): string {
  return `${CARDS_DIR}/${encodeURIComponent(layer)}/${index}.png`;
}

/** The card of a layer's page in a method other than the primary one (/<layer>/<method>/). */
export function layerMethodCardPath(layer: string, method: MethodName): string {
  return `${CARDS_DIR}/${encodeURIComponent(layer)}/${encodeURIComponent(method)}.png`;
}

/** The card of the page that compares the methods. */
export function methodsCardPath(): string {
  return `${CARDS_DIR}/methods.png`;
}

/** A page's og:image: a card by its path (as from filterCardPath), with the page's alt text. */
export function cardImage(base: string, cardPath: string, alt: string): { path: string; alt: string; width: number; height: number } {
  return { path: joinBase(base, cardPath), alt, width: CARD_WIDTH, height: CARD_HEIGHT };
}

export interface CardJob {
  /** Path of the card in the built site, relative to the base. */
  readonly path: string;
  readonly spec: CardSpec;
}

/**
 * The patterns on a filter's card, one per method that rendered it, primary (classic) first; with
 * more than one, each is labelled with its method.
 */
export function filterCardPatterns(atlas: SiteAtlas, layer: LayerView, index: number): CardPattern[] {
  const methods: CardPattern[] = filterByMethod(layer, index).map(({ method, filter }) => ({ file: path.join(atlas.dataDir, filter.image), label: method.params.name }));
  return methods.length > 1 ? methods : methods.map(({ file }) => ({ file }));
}

/** Up to `count` of these filters for a mosaic, those that responded first. */
function showcase(filters: readonly FilterEntry[], count: number): FilterEntry[] {
  const ok = filters.filter((filter) => filter.status === 'ok');
  const rest = filters.filter((filter) => filter.status !== 'ok');
  return [...ok, ...rest].slice(0, count);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Every card of the site: the overview, each layer, each filter. */
export function cardJobs(atlas: SiteAtlas): CardJob[] {
  const tile = (filter: FilterEntry): CardPattern => ({ file: path.join(atlas.dataDir, filter.image) });
  const layers = atlas.layers.filter((layer) => layer.filters.length > 0);
  const perLayer = Math.max(1, Math.floor(MOSAIC_TILES / Math.max(1, layers.length)));
  const overviewTiles = layers.flatMap((layer) => showcase(layer.filters, perLayer)).slice(0, MOSAIC_TILES);
  const jobs: CardJob[] = [];
  if (overviewTiles.length > 0) {
    jobs.push({
      path: overviewCardPath(),
      spec: {
        eyebrow: 'VGG16 · ImageNet',
        title: SITE_NAME,
        subtitle: `${plural(atlas.manifest.filters.length, 'filter')} · ${plural(atlas.layers.length, 'layer')}`,
        art: { kind: 'mosaic', images: overviewTiles.map(tile) },
      },
    });
  }
  for (const layer of layers) {
    const name = layer.entry.name;
    jobs.push({
      path: layerCardPath(name),
      spec: {
        eyebrow: SITE_NAME,
        title: name,
        subtitle: plural(layer.filters.length, 'filter'),
        art: { kind: 'mosaic', images: showcase(layer.filters, MOSAIC_TILES).map(tile) },
      },
    });
    // Each other method's layer page (/<layer>/<method>/) shows that method's patterns.
    for (const view of layer.methods.filter((candidate) => candidate.method !== atlas.primary)) {
      jobs.push({
        path: layerMethodCardPath(name, view.method.params.name),
        spec: {
          eyebrow: `${SITE_NAME} · ${view.method.params.name}`,
          title: name,
          subtitle: plural(view.filters.length, 'filter'),
          art: { kind: 'mosaic', images: showcase(view.filters, MOSAIC_TILES).map(tile) },
        },
      });
    }
    for (const filter of layer.filters) {
      jobs.push({
        path: filterCardPath(name, filter.index),
        spec: {
          eyebrow: SITE_NAME,
          title: name,
          subtitle: `filter ${filter.index}`,
          // The card font is Latin only: the English label on both languages' card.
          note: filterLabel(atlas, name, filter.index)?.text.en,
          art: { kind: 'patterns', images: filterCardPatterns(atlas, layer, filter.index) },
        },
      });
    }
  }
  const [example] = comparisonExamples(atlas, 1);
  if (example) {
    jobs.push({
      path: methodsCardPath(),
      spec: {
        eyebrow: SITE_NAME,
        title: 'Classic and enhanced',
        subtitle: `${example.layer.entry.name} · filter ${example.index}`,
        art: { kind: 'patterns', images: filterCardPatterns(atlas, example.layer, example.index) },
      },
    });
  }
  return jobs;
}

export interface CardsWritten {
  readonly count: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Renders every card into `outDir`, a few at a time (sharp also uses its own threads). */
export async function writeCards(jobs: readonly CardJob[], outDir: string): Promise<CardsWritten> {
  const started = performance.now();
  const limit = pLimit(Math.max(2, os.availableParallelism()));
  const sizes = await Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const bytes = await renderCard(job.spec);
        const target = path.join(outDir, ...job.path.split('/').map(decodeURIComponent));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, bytes);
        return bytes.length;
      }),
    ),
  );
  return { count: jobs.length, bytes: sizes.reduce((sum, size) => sum + size, 0), seconds: (performance.now() - started) / 1000 };
}
