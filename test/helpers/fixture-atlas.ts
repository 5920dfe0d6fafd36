// TEMPORARY stand-in: writes a small, schema-valid atlas with synthetic images so the
// site can be built and tested before the precompute engine exists. It will be replaced
// by a call to the engine on a tiny test model; keep the signature of buildFixtureAtlas.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, Manifest, type FilterEntry, type LayerEntry } from '../../src/atlas/manifest.ts';

const SIZE = 64;
const STEPS = 40;

interface FixtureLayer {
  readonly name: string;
  readonly filterCount: number;
  readonly indices: readonly number[];
  readonly dead?: number;
  readonly failed?: number;
}

const LAYERS: readonly FixtureLayer[] = [
  { name: 'block1_conv1', filterCount: 64, indices: [0, 1, 2, 3] },
  { name: 'block2_conv1', filterCount: 128, indices: [0, 1, 2], dead: 1 },
  { name: 'block3_conv1', filterCount: 256, indices: [0, 5, 17], failed: 5 },
];

function patternPixels(seed: number, flat: boolean): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const offset = (y * SIZE + x) * 3;
      if (flat) {
        pixels.fill(128, offset, offset + 3);
        continue;
      }
      const wave = Math.sin((x * (1 + (seed % 3)) + y * (1 + (seed % 5))) / 3);
      pixels[offset] = Math.round(128 + 100 * wave * Math.cos(seed));
      pixels[offset + 1] = Math.round(128 + 100 * Math.sin(x / 5 + seed));
      pixels[offset + 2] = Math.round(128 - 100 * wave);
    }
  }
  return pixels;
}

function rawImage(pixels: Buffer, width = SIZE, height = SIZE): ReturnType<typeof sharp> {
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

function lossCurve(seed: number, status: FilterEntry['status'], failedAt: number): number[] {
  if (status === 'dead') return Array.from({ length: STEPS + 1 }, () => 0);
  const length = status === 'failed' ? failedAt + 1 : STEPS + 1;
  const scale = 2 + (seed % 7);
  return Array.from({ length }, (_, step) => Number((scale * (1 - Math.exp(-step / 9)) + 0.01 * seed).toFixed(6)));
}

async function writeSheet(file: string, tiles: readonly Buffer[], columns: number, margin: number): Promise<void> {
  const rows = Math.max(1, Math.ceil(tiles.length / columns));
  const width = columns * SIZE + (columns - 1) * margin;
  const height = rows * SIZE + (rows - 1) * margin;
  const composite = tiles.map((tile, i) => ({
    input: tile,
    raw: { width: SIZE, height: SIZE, channels: 3 as const },
    left: (i % columns) * (SIZE + margin),
    top: Math.floor(i / columns) * (SIZE + margin),
  }));
  await rawImage(Buffer.alloc(width * height * 3), width, height).composite(composite).png().toFile(file);
}

export async function buildFixtureAtlas(outDir: string): Promise<Manifest> {
  const layers: LayerEntry[] = [];
  const filters: FilterEntry[] = [];
  for (const [layerNumber, layer] of LAYERS.entries()) {
    await mkdir(path.join(outDir, layer.name), { recursive: true });
    const tiles: Buffer[] = [];
    for (const index of layer.indices) {
      const seed = layerNumber * 31 + index;
      const status: FilterEntry['status'] = index === layer.dead ? 'dead' : index === layer.failed ? 'failed' : 'ok';
      const pixels = patternPixels(seed, status === 'dead');
      tiles.push(pixels);
      const image = `${layer.name}/${index}.png`;
      const webp = `${layer.name}/${index}.webp`;
      await rawImage(pixels).png().toFile(path.join(outDir, image));
      await rawImage(pixels).webp({ lossless: true }).toFile(path.join(outDir, webp));
      filters.push({
        layer: layer.name,
        index,
        image,
        webp,
        width: SIZE,
        height: SIZE,
        loss: lossCurve(seed, status, 12),
        status,
        ...(status === 'failed' ? { failedAtStep: 12 } : {}),
        cacheKey: `fixture-${layer.name}-${index}`,
      });
    }
    const contactSheet = `${layer.name}/contact-sheet.png`;
    await writeSheet(path.join(outDir, contactSheet), tiles, 8, 2);
    const entry: LayerEntry = { name: layer.name, filterCount: layer.filterCount, contactSheet };
    if (layerNumber === 0) {
      entry.grid = `${layer.name}/grid.png`;
      await writeSheet(path.join(outDir, entry.grid), tiles, 8, 5);
    }
    layers.push(entry);
  }
  const manifest = Manifest.parse({
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    engineVersion: '0.0.0-fixture',
    model: {
      name: 'VGG16',
      weights: { source: 'synthetic test weights (fixture stand-in)', sha256: '0'.repeat(64), format: 'tfjs-layers' },
    },
    method: { name: 'classic', size: SIZE, steps: STEPS, step: 1, seed: 0 },
    backend: 'cpu',
    layers,
    filters,
    timings: {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      wallSeconds: 1,
      rendered: filters.length,
      cached: 0,
      workers: 1,
    },
  });
  await writeFile(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
