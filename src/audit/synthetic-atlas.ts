/**
 * A synthetic atlas at the full atlas's page sizes, for the audit, made from a real one: for every
 * method of the source, block1_conv1 … block4_conv1 with 64 / 128 / 256 / 512 filters, as the
 * standard atlas has. Filters the source atlas rendered are copied; the others are real patterns of
 * the source's same method, picked in a shuffled order and turned or mirrored (one of the 8
 * symmetries of the square), so every image is new to the encoders but keeps the entropy of real
 * patterns. Every layer gets each method's grid and contact sheet (src/atlas/images.ts). Losses and
 * statuses come from the source filters; tuning and dataset examples are left out; connections are computed from the
 * random weights below. The browser model (the probe page's)
 * is made from random weights of VGG16's shapes, for all four layers.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { filterImagePaths, methodDirectory } from '../atlas/assemble.ts';
import { encodePng, encodeWebp, renderContactSheet, renderGrid, type Tile } from '../atlas/images.ts';
import { BROWSER_MODEL_DTYPE, writeBrowserModel } from '../engine/browser-model/export.ts';
import { tinyVggWeights } from '../engine/weights/random-vgg.ts';
import { VGG16_BLOCK_WIDTHS } from '../engine/weights/validate.ts';
import { writeConnections } from '../atlas/connections/run.ts';
import { vgg16Layers } from '../engine/vgg16.ts';
import { MANIFEST_FILE, readManifest, type FilterEntry, type LayerEntry, type Manifest } from '../atlas/manifest.ts';

export interface SyntheticLayer {
  readonly name: string;
  /** Filters the layer has in VGG16. */
  readonly filterCount: number;
  /** Filters rendered into the synthetic atlas. */
  readonly rendered: number;
}

export const FULL_ATLAS_LAYERS: readonly SyntheticLayer[] = [
  { name: 'block1_conv1', filterCount: 64, rendered: 64 },
  { name: 'block2_conv1', filterCount: 128, rendered: 128 },
  { name: 'block3_conv1', filterCount: 256, rendered: 256 },
  { name: 'block4_conv1', filterCount: 512, rendered: 512 },
];

/** One of the 8 symmetries of the square, applied to a pattern. */
async function transformed(png: Buffer, symmetry: number): Promise<Buffer> {
  let image = sharp(png).rotate(90 * (symmetry % 4));
  if (symmetry >= 4) image = image.flop();
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== info.height) throw new Error('patterns are square');
  return encodePng(new Uint8Array(data), info.width);
}

/** A deterministic shuffle (a multiplicative stride coprime with n). */
function pick(n: number, layerNumber: number, index: number): number {
  const strides = [7, 11, 13, 17, 19, 23, 29, 31];
  const stride = strides.find((candidate) => n % candidate !== 0) ?? 1;
  return (index * stride + layerNumber * 37) % n;
}

export interface SyntheticSummary {
  readonly layers: number;
  readonly filters: number;
  readonly copied: number;
}

/** Writes the synthetic atlas into `outDir` from the real atlas in `sourceDir`. */
export async function writeSyntheticAtlas(sourceDir: string, outDir: string, layers: readonly SyntheticLayer[]): Promise<SyntheticSummary> {
  const source = await readManifest(path.join(sourceDir, MANIFEST_FILE));
  const filters: FilterEntry[] = [];
  const layerEntries: LayerEntry[] = layers.map((layer) => ({ name: layer.name, filterCount: layer.filterCount, sheets: {} }));
  let copied = 0;
  for (const { params } of source.methods) {
    const method = params.name;
    const pool = source.filters.filter((filter) => filter.method === method);
    if (pool.length === 0) throw new Error(`${sourceDir} has no ${method} patterns to build from`);
    for (const [layerNumber, layer] of layers.entries()) {
      const dir = methodDirectory(method, layer.name);
      await mkdir(path.join(outDir, dir), { recursive: true });
      const tiles: Tile[] = [];
      for (let index = 0; index < layer.rendered; index += 1) {
        const { image, webp } = filterImagePaths(method, layer.name, index);
        const original = pool.find((filter) => filter.layer === layer.name && filter.index === index);
        const from = original ?? pool[pick(pool.length, layerNumber, index)]!;
        const sourcePng = await readFile(path.join(sourceDir, from.image));
        const png = original ? sourcePng : await transformed(sourcePng, (index + layerNumber) % 8);
        await writeFile(path.join(outDir, image), png);
        if (original) {
          await copyFile(path.join(sourceDir, original.webp), path.join(outDir, webp));
          copied += 1;
        } else {
          await writeFile(path.join(outDir, webp), await encodeWebp(png));
        }
        tiles.push({ png, size: from.width });
        filters.push({ ...from, layer: layer.name, index, image, webp, cacheKey: original ? from.cacheKey : `synthetic-${method}-${layer.name}-${index}` });
      }
      const sheets = { grid: `${dir}/grid.png`, contactSheet: `${dir}/contact-sheet.png` };
      await writeFile(path.join(outDir, sheets.grid), await renderGrid(tiles));
      await writeFile(path.join(outDir, sheets.contactSheet), await renderContactSheet(tiles));
      layerEntries[layerNumber]!.sheets[method] = sheets;
    }
  }
  const {
    tuning: _tuning,
    tuningProtocol: _protocol,
    examples: _examples,
    examplesProtocol: _examplesProtocol,
    browserModel: _model,
    connections: _connections,
    connectionsProtocol: _connectionsProtocol,
    ...rest
  } = source;
  // Random weights of the full shapes stand in for the layers whose real weights are not at hand.
  const weights = { source: 'synthetic', sha256: '0'.repeat(64), format: 'keras-hdf5' as const, layers: tinyVggWeights({ widths: VGG16_BLOCK_WIDTHS, upTo: 'block4_conv1' }) };
  const browserModel = await writeBrowserModel(outDir, weights, FULL_ATLAS_LAYERS.map((layer) => layer.name), BROWSER_MODEL_DTYPE);
  // The connections of those weights, so every filter page has its section at the real sizes.
  const selection = new Map(layers.map((layer) => [layer.name, [...new Set(filters.filter((filter) => filter.layer === layer.name).map((filter) => filter.index))]] as const));
  const connections = await writeConnections({ outDir, weights, topology: vgg16Layers(VGG16_BLOCK_WIDTHS), selection, log: () => undefined });
  const manifest: Manifest = { ...rest, browserModel, ...connections, layers: layerEntries, filters };
  await writeFile(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { layers: layerEntries.length, filters: filters.length, copied };
}
