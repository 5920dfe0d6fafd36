import path from 'node:path';
import sharp from 'sharp';
import type { FilterEntry, LayerEntry, LayerSheets, Manifest, MethodDescription, MethodName } from '../atlas/manifest.ts';
import { loadVerifiedAtlas } from './atlas-files.ts';
import { resolveSiteOptions } from './site-options.ts';

/** One method's view of a layer: its rendered filters and its sheets. */
export interface MethodView {
  readonly method: MethodDescription;
  /** The layer's filters this method rendered, by index. */
  readonly filters: readonly FilterEntry[];
  /** This method's grid and contact sheet. */
  readonly sheets: LayerSheets;
}

export interface LayerView {
  readonly entry: LayerEntry;
  /**
   * The layer's rendered filters, one per index, by index: the primary method's entry, or where
   * the primary did not render that filter, the first other method's. These are the filter pages.
   */
  readonly filters: readonly FilterEntry[];
  /** The primary method's grid and contact sheet. */
  readonly sheets: LayerSheets;
  /** Every method of the atlas that rendered any filter of this layer, primary first. */
  readonly methods: readonly MethodView[];
}

export interface SiteAtlas {
  readonly manifest: Manifest;
  readonly dataDir: string;
  /** The method whose pages the site shows first: classic when the atlas has it. */
  readonly primary: MethodDescription;
  /** Every method of the atlas, primary first, then in manifest order. */
  readonly methods: readonly MethodDescription[];
  readonly layers: readonly LayerView[];
}

export interface FilterNeighbours {
  readonly previous: FilterEntry | undefined;
  readonly next: FilterEntry | undefined;
}

const byIndex = (a: FilterEntry, b: FilterEntry): number => a.index - b.index;

export function buildSiteAtlas(manifest: Manifest, dataDir: string): SiteAtlas {
  const primary = manifest.methods.find((method) => method.params.name === 'classic') ?? manifest.methods[0]!;
  const methods = [primary, ...manifest.methods.filter((method) => method !== primary)];
  const layers = manifest.layers.map((entry): LayerView => {
    const views = methods
      .map((method): MethodView => {
        const name: MethodName = method.params.name;
        const filters = manifest.filters.filter((filter) => filter.layer === entry.name && filter.method === name).sort(byIndex);
        return { method, filters, sheets: entry.sheets[name] ?? {} };
      })
      .filter((view) => view.filters.length > 0);
    const pages = new Map<number, FilterEntry>();
    for (const view of [...views].reverse()) for (const filter of view.filters) pages.set(filter.index, filter);
    return { entry, filters: [...pages.values()].sort(byIndex), sheets: entry.sheets[primary.params.name] ?? {}, methods: views };
  });
  return { manifest, dataDir, primary, methods, layers };
}

/** A layer's view in one method, if that method rendered any of its filters. */
export function methodView(layer: LayerView, method: MethodName): MethodView | undefined {
  return layer.methods.find((view) => view.method.params.name === method);
}

/** Each method's entry of one filter, primary first; methods that did not render it are left out. */
export function filterByMethod(layer: LayerView, index: number): Array<{ method: MethodDescription; filter: FilterEntry }> {
  return layer.methods.flatMap((view) => {
    const filter = view.filters.find((candidate) => candidate.index === index);
    return filter ? [{ method: view.method, filter }] : [];
  });
}

/** Previous and next rendered filter in the same layer. */
export function neighboursOf(layer: LayerView, index: number): FilterNeighbours {
  const position = layer.filters.findIndex((filter) => filter.index === index);
  return {
    previous: position > 0 ? layer.filters[position - 1] : undefined,
    next: position >= 0 ? layer.filters[position + 1] : undefined,
  };
}

export function findLayer(atlas: SiteAtlas, name: string): LayerView {
  const layer = atlas.layers.find((candidate) => candidate.entry.name === name);
  if (!layer) throw new Error(`layer ${name} is not in the atlas manifest`);
  return layer;
}

let cached: { dataDir: string; atlas: Promise<SiteAtlas> } | undefined;

/**
 * The atlas the pages render, loaded once per build. The Astro integration pins
 * ATLAS_DATA to an absolute path before any page runs.
 */
export function getSiteAtlas(): Promise<SiteAtlas> {
  const { dataDir } = resolveSiteOptions(process.env, { cwd: process.cwd(), projectRoot: process.cwd() });
  if (cached?.dataDir !== dataDir) {
    cached = { dataDir, atlas: loadVerifiedAtlas(dataDir).then((manifest) => buildSiteAtlas(manifest, dataDir)) };
  }
  return cached.atlas;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

const sizes = new Map<string, Promise<ImageSize>>();

/** Pixel size of an atlas image (grids and contact sheets carry no size in the manifest). */
export function atlasImageSize(atlas: SiteAtlas, relative: string): Promise<ImageSize> {
  const file = path.join(atlas.dataDir, relative);
  let size = sizes.get(file);
  if (!size) {
    size = sharp(file)
      .metadata()
      .then(({ width, height }) => {
        if (!width || !height) throw new Error(`cannot read the size of atlas image ${relative}`);
        return { width, height };
      });
    sizes.set(file, size);
  }
  return size;
}
