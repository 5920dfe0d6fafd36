import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { EXAMPLES_VERSION, type Example, type ExampleEntry, type ExamplesProtocol } from '../../src/engine/examples/example-entry.ts';
import { receptiveField } from '../../src/engine/tuning/region.ts';
import { Manifest } from '../../src/atlas/manifest.ts';

/**
 * Dataset examples for the site fixture, made in code until the examples engine fills them in:
 * ten small pictures (gratings at eight known angles, a checkerboard, colour patches), and for
 * every rendered filter k top and k bottom picks with their crops, heatmaps and stats, laid out
 * as the manifest contract (src/engine/examples/example-entry.ts) describes. The picks are not a
 * forward pass: they are a deterministic shuffle, which is all the site tests need (the site shows
 * what the manifest says). Swap this for `--examples <dir>` once the engine lands.
 */

export const FIXTURE_EXAMPLES_SIZE = 112;
export const FIXTURE_EXAMPLES_K = 3;
export const FIXTURE_ATTRIBUTION = 'Test pictures drawn in code by the atlas test suite; no rights reserved.';
const MIN_CROP_SIDE = 48;

interface SourcePicture {
  /** Relative to the (imaginary) examples root. */
  readonly name: string;
  readonly pixel: (x: number, y: number, side: number) => readonly [number, number, number];
}

function grating(degrees: number): SourcePicture['pixel'] {
  const angle = (degrees * Math.PI) / 180;
  return (x, y) => {
    const v = Math.round(127.5 + 127.5 * Math.sin(((x * Math.cos(angle) + y * Math.sin(angle)) * 2 * Math.PI) / 14));
    return [v, v, v];
  };
}

const PICTURES: readonly SourcePicture[] = [
  ...[0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5].map((degrees) => ({ name: `gratings/${degrees}deg.png`, pixel: grating(degrees) })),
  { name: 'shapes/checkerboard.jpg', pixel: (x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 === 0 ? [20, 20, 20] : [235, 235, 235]) },
  { name: 'colour/patches.webp', pixel: (x, y, side) => (x < side / 2 ? (y < side / 2 ? [200, 40, 40] : [40, 160, 60]) : y < side / 2 ? [40, 70, 200] : [230, 200, 40]) },
];

function render(picture: SourcePicture, side: number): Promise<Buffer> {
  const raw = Buffer.alloc(side * side * 3);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) raw.set(picture.pixel(x, y, side), (y * side + x) * 3);
  }
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
}

/** A small deterministic generator (LCG), so the fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A map of side `mapSize` that peaks at (x, y), as an RGBA heatmap: warm and opaque where it is high. */
function heatmapPng(mapSize: number, x: number, y: number): Promise<Buffer> {
  const raw = Buffer.alloc(mapSize * mapSize * 4);
  const spread = Math.max(1.5, mapSize / 6);
  for (let row = 0; row < mapSize; row += 1) {
    for (let column = 0; column < mapSize; column += 1) {
      const level = Math.exp(-((column - x) ** 2 + (row - y) ** 2) / (2 * spread * spread));
      raw.set([255, Math.round(220 * (1 - level)), 0, Math.round(230 * level)], (row * mapSize + column) * 4);
    }
  }
  return sharp(raw, { raw: { width: mapSize, height: mapSize, channels: 4 } }).png().toBuffer();
}

interface Placement {
  readonly crop: Example['crop'];
  /** The crop's box in the whole image. */
  readonly left: number;
  readonly top: number;
}

/** The crop around the receptive field of (x, y): max(3 × field, 48) px, centred on it, kept inside the image. */
function placeCrop(layer: string, size: number, x: number, y: number): Placement {
  const field = receptiveField(layer, size);
  const side = Math.min(size, Math.max(3 * field.size, MIN_CROP_SIDE));
  const fieldLeft = x * field.jump + field.first;
  const fieldTop = y * field.jump + field.first;
  const centre = (start: number) => Math.min(size - side, Math.max(0, Math.round(start + field.size / 2 - side / 2)));
  const left = centre(fieldLeft);
  const top = centre(fieldTop);
  return { left, top, crop: { file: '', side, field: { left: fieldLeft - left, top: fieldTop - top, width: field.size, height: field.size } } };
}

function percentile(sorted: readonly number[], p: number): number {
  const position = ((sorted.length - 1) * p) / 100;
  const low = sorted[Math.floor(position)] ?? 0;
  const high = sorted[Math.ceil(position)] ?? low;
  return low + (high - low) * (position - Math.floor(position));
}

/**
 * Adds `examplesProtocol` and `examples` to the manifest of the atlas in `dataDir` and writes
 * their images under `<dataDir>/examples/`. A filter whose `status` is "dead" never fires: its
 * values are all its bias, −1, as the fixture's dead filter would give.
 */
export async function withFixtureExamples(
  manifest: Manifest,
  dataDir: string,
  { size = FIXTURE_EXAMPLES_SIZE, k = FIXTURE_EXAMPLES_K }: { size?: number; k?: number } = {},
): Promise<Manifest> {
  const wholes = await Promise.all(
    PICTURES.map(async (picture) => {
      const png = await render(picture, size);
      const whole = `examples/images/${picture.name.replace(/\.[a-z]+$/, '')}.webp`;
      await mkdir(path.dirname(path.join(dataDir, whole)), { recursive: true });
      await writeFile(path.join(dataDir, whole), await sharp(png).webp({ quality: 85 }).toBuffer());
      return { picture, png, whole, sha256: createHash('sha256').update(png).digest('hex') };
    }),
  );
  const filters = new Map<string, { layer: string; index: number; dead: boolean }>();
  for (const filter of manifest.filters) {
    const key = `${filter.layer}/${filter.index}`;
    const dead = filter.status === 'dead' || filters.get(key)?.dead === true;
    filters.set(key, { layer: filter.layer, index: filter.index, dead });
  }
  const layerOrder = manifest.layers.map((layer) => layer.name);
  const ordered = [...filters.values()].sort((a, b) => layerOrder.indexOf(a.layer) - layerOrder.indexOf(b.layer) || a.index - b.index);

  const examples: ExampleEntry[] = [];
  for (const [seed, { layer, index, dead }] of ordered.entries()) {
    const next = random(seed + 1);
    const { mapSize } = receptiveField(layer, size);
    const picks = async (which: 'top' | 'bottom'): Promise<Example[]> => {
      const order = [...wholes.keys()].sort(() => next() - 0.5).slice(0, k);
      return Promise.all(
        order.map(async (source, rank): Promise<Example> => {
          const { picture, png, whole } = wholes[source]!;
          const x = Math.floor(next() * mapSize);
          const y = Math.floor(next() * mapSize);
          const magnitude = Number((3 * 0.75 ** rank + next() * 0.05).toFixed(4));
          const value = dead ? -1 : which === 'top' ? magnitude : -magnitude;
          const placement = placeCrop(layer, size, x, y);
          const stem = `examples/${layer}/${index}/${which}-${rank}`;
          const crop = { ...placement.crop, file: `${stem}.webp` };
          const cropImage = sharp(png).extract({ left: placement.left, top: placement.top, width: crop.side, height: crop.side });
          await mkdir(path.join(dataDir, path.dirname(stem)), { recursive: true });
          await writeFile(path.join(dataDir, crop.file), await cropImage.webp({ quality: 85 }).toBuffer());
          const example: Example = { image: picture.name, value, x, y, crop, whole };
          if (which === 'bottom') return example;
          const heatmap = `${stem}-heatmap.png`;
          await writeFile(path.join(dataDir, heatmap), await heatmapPng(mapSize, x, y));
          return { ...example, heatmap };
        }),
      );
    };
    const top = await picks('top');
    const bottom = await picks('bottom');
    const maxima = wholes.map(() => (dead ? -1 : Number((next() * 3 - 0.5).toFixed(4)))).sort((a, b) => a - b);
    const fireRate = maxima.filter((value) => value > 0).length / maxima.length;
    const maxPercentiles = [10, 50, 90].map((p) => ({ p, value: Number(percentile(maxima, p).toFixed(4)) }));
    examples.push({ layer, index, top, bottom, stats: { fireRate, meanPostReluMean: dead ? 0 : Number((next() * 0.4).toFixed(4)), maxPercentiles } });
  }

  const setHash = createHash('sha256');
  for (const { picture, sha256 } of [...wholes].sort((a, b) => a.picture.name.localeCompare(b.picture.name))) setHash.update(`${picture.name}\0${sha256}\n`);
  const examplesProtocol: ExamplesProtocol = {
    version: EXAMPLES_VERSION,
    imageSize: size,
    resize: `shorter side to ${size} px (Lanczos), centre crop to ${size} × ${size}`,
    input: 'caffe: ×255, RGB→BGR, minus the ImageNet BGR mean',
    k,
    objective: 'pre-ReLU maximum (top) and minimum (bottom) over the feature map',
    receptiveField: Object.fromEntries(layerOrder.map((layer) => [layer, receptiveField(layer, size).size])),
    cropRule: `max(3 × field, ${MIN_CROP_SIDE} px) square, centred on the field, kept inside the image`,
    imageCount: PICTURES.length,
    skippedCount: 1,
    setSha256: setHash.digest('hex'),
    source: { kind: 'folder', globs: ['fixture-pictures/**/*'] },
    attribution: FIXTURE_ATTRIBUTION,
  };
  return Manifest.parse({ ...manifest, examplesProtocol, examples });
}
