/**
 * A synthetic atlas at the full atlas's page sizes, for the audit, made from a real one:
 *
 * - block1_conv1 … block4_conv1 with 64 / 128 / 256 / 512 filters of 64 px, as the standard atlas
 *   has. Filters the source atlas rendered are copied; the others are real patterns of the source,
 *   picked in a shuffled order and turned or mirrored (one of the 8 symmetries of the square), so
 *   every image is new to the encoders but keeps the entropy of real patterns;
 * - stand-ins for the second ("enhanced") method's grids, which manifest schema version 2 will
 *   add: until then a layer has one grid, so block1_conv2 … block4_conv2 carry 64 filters each
 *   (of their real 64 / 128 / 256 / 512), made the same way, and the overview shows eight 8×8
 *   grids, as it will with four layers and two methods.
 *
 * Every layer gets its grid and contact sheet (src/atlas/images.ts). Losses and statuses come
 * from the source filters.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { encodePng, encodeWebp, renderContactSheet, renderGrid, type Tile } from '../atlas/images.ts';
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

/** The stand-ins for the second method's four grids on the overview. */
export const SECOND_METHOD_STAND_INS: readonly SyntheticLayer[] = [
  { name: 'block1_conv2', filterCount: 64, rendered: 64 },
  { name: 'block2_conv2', filterCount: 128, rendered: 64 },
  { name: 'block3_conv2', filterCount: 256, rendered: 64 },
  { name: 'block4_conv2', filterCount: 512, rendered: 64 },
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
  const pool = source.filters.filter((filter) => filter.width === 64 && filter.height === 64);
  if (pool.length === 0) throw new Error(`${sourceDir} has no 64 px patterns to build from`);
  const filters: FilterEntry[] = [];
  const layerEntries: LayerEntry[] = [];
  let copied = 0;
  for (const [layerNumber, layer] of layers.entries()) {
    await mkdir(path.join(outDir, layer.name), { recursive: true });
    const tiles: Tile[] = [];
    for (let index = 0; index < layer.rendered; index += 1) {
      const image = `${layer.name}/${index}.png`;
      const webp = `${layer.name}/${index}.webp`;
      const original = source.filters.find((filter) => filter.layer === layer.name && filter.index === index);
      const from = original ?? pool[pick(pool.length, layerNumber, index)];
      if (!from) throw new Error('empty pool');
      const sourcePng = await readFile(path.join(sourceDir, from.image));
      const png = original ? sourcePng : await transformed(sourcePng, (index + layerNumber) % 8);
      await writeFile(path.join(outDir, image), png);
      if (original) {
        await copyFile(path.join(sourceDir, original.webp), path.join(outDir, webp));
        copied += 1;
      } else {
        await writeFile(path.join(outDir, webp), await encodeWebp(png));
      }
      tiles.push({ png, size: 64 });
      filters.push({ ...from, layer: layer.name, index, image, webp, cacheKey: original ? from.cacheKey : `synthetic-${layer.name}-${index}` });
    }
    const grid = `${layer.name}/grid.png`;
    const contactSheet = `${layer.name}/contact-sheet.png`;
    await writeFile(path.join(outDir, grid), await renderGrid(tiles));
    await writeFile(path.join(outDir, contactSheet), await renderContactSheet(tiles));
    layerEntries.push({ name: layer.name, filterCount: layer.filterCount, grid, contactSheet });
  }
  const manifest: Manifest = { ...source, layers: layerEntries, filters };
  await writeFile(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { layers: layerEntries.length, filters: filters.length, copied };
}
