import path from 'node:path';
import sharp from 'sharp';
import type { FilterEntry, LayerEntry, LayerSheets, Manifest, MethodDescription, MethodName } from '../atlas/manifest.ts';
import { loadVerifiedAtlas } from './atlas-files.ts';
import { resolveSiteOptions } from './site-options.ts';

export interface LayerView {
  readonly entry: LayerEntry;
  /** The layer's rendered filters of the atlas' primary method, by index. */
  readonly filters: readonly FilterEntry[];
  /** The primary method's grid and contact sheet. */
  readonly sheets: LayerSheets;
}

export interface SiteAtlas {
  readonly manifest: Manifest;
  readonly dataDir: string;
  /** The method whose pages the site shows first: classic when the atlas has it. */
  readonly primary: MethodDescription;
  readonly layers: readonly LayerView[];
}

export interface FilterNeighbours {
  readonly previous: FilterEntry | undefined;
  readonly next: FilterEntry | undefined;
}

export function buildSiteAtlas(manifest: Manifest, dataDir: string): SiteAtlas {
  const primary = manifest.methods.find((method) => method.params.name === 'classic') ?? manifest.methods[0]!;
  const method: MethodName = primary.params.name;
  const layers = manifest.layers.map((entry) => ({
    entry,
    filters: manifest.filters.filter((filter) => filter.layer === entry.name && filter.method === method).sort((a, b) => a.index - b.index),
    sheets: entry.sheets[method] ?? {},
  }));
  return { manifest, dataDir, primary, layers };
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
