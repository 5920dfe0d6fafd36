import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { METHOD_NAMES, type MethodName } from '../engine/method/params.ts';
import { VGG16_LAYERS } from '../engine/vgg16.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { renderContactSheet, renderGrid, GRID_SIDE, type Tile } from './images.ts';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, type FilterEntry, type LayerSheets, type Manifest, type TuningEntry } from './manifest.ts';

/** One finished filter and where its files are now (the pattern cache, or a shard's directory). */
export interface FinishedFilter {
  readonly entry: Omit<FilterEntry, 'image' | 'webp'>;
  readonly pngPath: string;
  readonly webpPath: string;
}

export type AtlasHeader = Omit<Manifest, 'schemaVersion' | 'layers' | 'filters' | 'tuning'>;

/** Where each method's files of a layer go: classic's beside the layer's name (as in schema 1), others in a folder of their own. */
export function methodDirectory(method: MethodName, layer: string): string {
  return method === 'classic' ? layer : `${layer}/${method}`;
}

export function filterImagePaths(method: MethodName, layer: string, index: number): { image: string; webp: string } {
  const dir = methodDirectory(method, layer);
  return { image: `${dir}/${index}.png`, webp: `${dir}/${index}.webp` };
}

/**
 * Writes an atlas directory: each filter's PNG and WebP, each layer's grid and contact sheet,
 * and manifest.json last. Every file goes temp-then-rename; an unchanged file is left alone.
 * `layerFilterCounts` lists the layers in the atlas with their model filter counts.
 */
export async function writeAtlas(
  outDir: string,
  header: AtlasHeader,
  layerFilterCounts: ReadonlyMap<string, number>,
  finished: readonly FinishedFilter[],
  tuning?: readonly TuningEntry[],
): Promise<Manifest> {
  const ordered = [...finished].sort(
    (a, b) => methodRank(a.entry.method) - methodRank(b.entry.method) || layerRank(a.entry.layer) - layerRank(b.entry.layer) || a.entry.index - b.entry.index,
  );
  const filters: FilterEntry[] = [];
  const pngBytes = new Map<FilterEntry, Buffer>();
  for (const item of ordered) {
    const paths = filterImagePaths(item.entry.method, item.entry.layer, item.entry.index);
    const png = await copyIfChanged(item.pngPath, path.join(outDir, paths.image));
    await copyIfChanged(item.webpPath, path.join(outDir, paths.webp));
    const filter = { ...item.entry, ...paths };
    filters.push(filter);
    pngBytes.set(filter, png);
  }

  const layerNames = [...layerFilterCounts.keys()].sort((a, b) => layerRank(a) - layerRank(b));
  const layers: Manifest['layers'] = [];
  for (const name of layerNames) {
    const filterCount = layerFilterCounts.get(name)!;
    const entry: Manifest['layers'][number] = { name, filterCount, sheets: {} };
    for (const method of METHOD_NAMES) {
      const own = filters.filter((filter) => filter.layer === name && filter.method === method);
      if (own.length === 0) continue;
      const tiles = own.map((filter): Tile & { index: number } => ({ index: filter.index, png: pngBytes.get(filter)!, size: filter.width }));
      const dir = methodDirectory(method, name);
      const sheets: LayerSheets = {};
      const gridCount = Math.min(GRID_SIDE * GRID_SIDE, filterCount);
      if (tiles.length >= gridCount && tiles.slice(0, gridCount).every((tile, k) => tile.index === k)) {
        sheets.grid = `${dir}/grid.png`;
        await writeIfChanged(path.join(outDir, sheets.grid), await renderGrid(tiles.slice(0, gridCount)));
      }
      sheets.contactSheet = `${dir}/contact-sheet.png`;
      await writeIfChanged(path.join(outDir, sheets.contactSheet), await renderContactSheet(tiles));
      entry.sheets[method] = sheets;
    }
    layers.push(entry);
  }

  const sortedTuning = tuning && [...tuning].sort((a, b) => layerRank(a.layer) - layerRank(b.layer) || a.index - b.index);
  // The labels come last, whoever assembles (precompute or merge), so the two write the same bytes.
  const { labelsProtocol, labels, families, ...rest } = header;
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    ...rest,
    layers,
    filters,
    ...(sortedTuning ? { tuning: sortedTuning } : {}),
    ...(labelsProtocol ? { labelsProtocol } : {}),
    ...(labels ? { labels } : {}),
    ...(families ? { families } : {}),
  };
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function methodRank(method: MethodName): number {
  return METHOD_NAMES.indexOf(method);
}

function layerRank(name: string): number {
  const rank = VGG16_LAYERS.findIndex((spec) => spec.name === name);
  return rank < 0 ? Number.MAX_SAFE_INTEGER : rank;
}

async function sameBytes(a: Uint8Array, file: string): Promise<boolean> {
  try {
    return Buffer.from(a).equals(await readFile(file));
  } catch {
    return false;
  }
}

async function writeIfChanged(target: string, data: Uint8Array): Promise<void> {
  if (!(await sameBytes(data, target))) await writeFileAtomic(target, data);
}

/** Copies `source` to `target` unless it already holds the same bytes; returns the bytes. */
async function copyIfChanged(source: string, target: string): Promise<Buffer> {
  const bytes = await readFile(source);
  if (path.resolve(source) !== path.resolve(target)) await writeIfChanged(target, bytes);
  return bytes;
}
