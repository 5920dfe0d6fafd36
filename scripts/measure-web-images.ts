/**
 * node scripts/measure-web-images.ts --atlas DIR [--every N] [--panels DIR]
 *
 * The measurement behind the site's display encodings (src/site/web-images.ts): encodes each
 * method's grids and a sample of its patterns (every Nth filter) with each candidate format and
 * quality, and prints bytes against PSNR and SSIM at the source resolution. A grid is judged
 * tile by tile (each 8×8 tile is one pattern; the black margins would flatter the average).
 * With --panels it also writes crops of the first grid, enlarged nearest-neighbour, one per
 * candidate, to look at.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { readManifest } from '../src/atlas/manifest.ts';
import { GRID_MARGIN, GRID_SIDE } from '../src/atlas/images.ts';
import { cropRgb, fidelity, readRgb, type RgbImage } from '../src/site/image-quality.ts';
import type { MethodName } from '../src/atlas/manifest.ts';
import { displayEncoding, displaySources } from '../src/site/web-images.ts';

interface Candidate {
  readonly name: string;
  readonly encode: (image: Sharp) => Sharp;
}

const CANDIDATES: Candidate[] = [
  { name: 'webp lossless', encode: (image) => image.webp({ lossless: true, effort: 6 }) },
  ...[75, 90, 95].map((quality) => ({ name: `webp q${quality}`, encode: (image: Sharp) => image.webp({ quality, effort: 6 }) })),
  ...[90, 95].map((quality) => ({
    name: `webp q${quality} smart-subsample`,
    encode: (image: Sharp) => image.webp({ quality, effort: 6, smartSubsample: true }),
  })),
  ...[70, 80, 90].map((quality) => ({ name: `avif q${quality} tune iq`, encode: (image: Sharp) => image.avif({ quality, tune: 'iq' }) })),
  ...[50, 60, 65, 70, 75, 80, 85, 90].map((quality) => ({
    name: `avif q${quality} tune ssim`,
    encode: (image: Sharp) => image.avif({ quality, tune: 'ssim' }),
  })),
];

interface Row {
  bytes: number;
  ssim: number[];
  psnr: number[];
}

function summary(label: string, row: Row, count: number, sourceBytes: number): string {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return [
    label.padEnd(32),
    `${(row.bytes / count / 1024).toFixed(1).padStart(7)} KiB`,
    `${((100 * row.bytes) / sourceBytes).toFixed(1).padStart(5)} %`,
    `SSIM ${mean(row.ssim).toFixed(4)} (min ${Math.min(...row.ssim).toFixed(4)})`,
    `PSNR ${mean(row.psnr).toFixed(1)} dB (min ${Math.min(...row.psnr).toFixed(1)})`,
  ].join('  ');
}

/** A grid's tiles, each one pattern, or the whole image for anything else. */
function units(image: RgbImage, isGrid: boolean): RgbImage[] {
  if (!isGrid) return [image];
  const side = (image.width - (GRID_SIDE - 1) * GRID_MARGIN) / GRID_SIDE;
  const tiles: RgbImage[] = [];
  for (let row = 0; row < GRID_SIDE; row += 1) {
    for (let column = 0; column < GRID_SIDE; column += 1) {
      tiles.push(cropRgb(image, { left: column * (side + GRID_MARGIN), top: row * (side + GRID_MARGIN), width: side, height: side }));
    }
  }
  return tiles;
}

async function measure(dataDir: string, files: readonly string[], label: string, isGrid: boolean, method: MethodName | undefined): Promise<void> {
  if (files.length === 0) return;
  const sourceBytes = (await Promise.all(files.map(async (file) => (await stat(path.join(dataDir, file))).size))).reduce((a, b) => a + b, 0);
  console.log(`\n${label}: ${files.length} images, PNG ${(sourceBytes / files.length / 1024).toFixed(1)} KiB each`);
  const references = await Promise.all(files.map((file) => readRgb(path.join(dataDir, file))));
  for (const candidate of CANDIDATES) {
    const row: Row = { bytes: 0, ssim: [], psnr: [] };
    for (const [position, file] of files.entries()) {
      const encoded = await candidate.encode(sharp(path.join(dataDir, file))).toBuffer();
      row.bytes += encoded.length;
      const reference = references[position];
      if (!reference) throw new Error('missing reference');
      const decoded = units(await readRgb(encoded), isGrid);
      for (const [unit, expected] of units(reference, isGrid).entries()) {
        const { ssim, psnr } = fidelity(expected, decoded[unit] ?? expected);
        row.ssim.push(ssim);
        row.psnr.push(psnr);
      }
    }
    const chosen = candidate.name === displayEncoding(method).label ? '  <- the site' : '';
    console.log(summary(candidate.name, row, files.length, sourceBytes) + chosen);
  }
}

/** Crops of `file` (left, top, size) enlarged `scale` times, nearest-neighbour, one PNG per candidate. */
async function writePanels(dataDir: string, file: string, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const crop = { left: 0, top: 0, width: 138, height: 138 };
  const scale = 4;
  const enlarge = (input: Buffer) =>
    sharp(input).extract(crop).resize(crop.width * scale, crop.height * scale, { kernel: 'nearest' }).png().toBuffer();
  await writeFile(path.join(outDir, 'png.png'), await enlarge(await sharp(path.join(dataDir, file)).png().toBuffer()));
  for (const candidate of CANDIDATES) {
    const encoded = await candidate.encode(sharp(path.join(dataDir, file))).toBuffer();
    await writeFile(path.join(outDir, `${candidate.name.replaceAll(' ', '-')}.png`), await enlarge(encoded));
  }
  console.log(`\npanels: ${outDir}`);
}

const { values } = parseArgs({
  options: { atlas: { type: 'string' }, every: { type: 'string', default: '8' }, panels: { type: 'string' } },
  strict: true,
});
if (!values.atlas) {
  console.error('usage: node scripts/measure-web-images.ts --atlas DIR [--every N] [--panels DIR]');
  process.exit(64);
}
const dataDir = path.resolve(values.atlas);
const manifest = await readManifest(path.join(dataDir, 'manifest.json'));
const every = Number(values.every);
const sources = displaySources(manifest);
console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, libwebp ${sharp.versions.webp}, libaom ${sharp.versions.aom}`);
for (const { params } of manifest.methods) {
  const method = params.name;
  const own = sources.filter((source) => source.method === method);
  const sheets = own.filter((source) => source.kind === 'sheet' && /grid/.test(source.file)).map((source) => source.file);
  const patterns = own.filter((source) => source.kind === 'pattern').map((source) => source.file).filter((_, i) => i % every === 0);
  await measure(dataDir, sheets, `${method} grids, SSIM and PSNR per tile`, true, method);
  await measure(dataDir, patterns, `${method} patterns (every ${every}th filter)`, false, method);
  const [firstGrid] = sheets;
  if (values.panels && firstGrid) await writePanels(dataDir, firstGrid, path.resolve(values.panels, method));
}
