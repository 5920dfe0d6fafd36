/**
 * `npm run bench -- --probe DIST`: the probe page of a built site, in the npm-shipped headless
 * Chromium, served as GitHub Pages serves it. For each layer of its browser model: the time from
 * choosing an image to the ranked list, cold (a fresh browser profile: runtime and weights
 * downloaded), after a reload (both from the browser's cache) and warm (the next image on the same
 * page), as the page itself measures it; and what each layer downloads.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { parseManifest } from '../atlas/manifest.ts';
import { resolveChromium } from '../lib/chromium.ts';
import { startStaticServer } from '../lib/static-server.ts';

/** A 1024 × 768 picture made in code: what a visitor's photo asks of the decoder and the scaling. */
async function picture(seed: number): Promise<Buffer> {
  const width = 1024;
  const height = 768;
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const ring = Math.hypot(x - 500 - seed * 40, y - 380) % 90 < 30;
      rgb[i] = ring ? 220 : (x * 255) / width;
      rgb[i + 1] = ring ? 90 : (y * 255) / height;
      rgb[i + 2] = 128 + 100 * Math.sin((x + 2 * y) / (12 + seed));
    }
  }
  return sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

async function secondsFor(page: Page, image: Buffer, name: string): Promise<number> {
  await page.evaluate(() => document.getElementById('probe-result')?.removeAttribute('data-seconds'));
  await page.setInputFiles('#probe-file', { name, mimeType: 'image/jpeg', buffer: image });
  const handle = await page.waitForFunction(
    () => document.getElementById('probe-result')?.dataset.seconds ?? (document.getElementById('probe-status')?.classList.contains('probe-problem') ? 'failed' : undefined),
    undefined,
    { timeout: 120_000 },
  );
  const value = (await handle.jsonValue()) as string;
  if (value === 'failed') throw new Error(`the probe page failed: ${await page.textContent('#probe-status')}`);
  return Number(value);
}

const formatBytes = (bytes: number): string => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(0)} kB` : `${(bytes / 1e6).toFixed(2)} MB`);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function sizeOf(dir: string, pattern: RegExp, gzip: boolean): Promise<number> {
  const files = (await readdir(dir)).filter((file) => pattern.test(file));
  let total = 0;
  for (const file of files) total += gzip ? gzipSync(await readFile(path.join(dir, file))).byteLength : (await stat(path.join(dir, file))).size;
  return total;
}

export async function benchProbe(distDir: string, warmRuns = 5): Promise<string> {
  const manifest = parseManifest(await readFile(path.join(distDir, 'data', 'manifest.json'), 'utf8'), 'data/manifest.json');
  const model = manifest.browserModel;
  if (!model) throw new Error(`${distDir} was built from an atlas without a browser model`);
  const server = await startStaticServer({ githubPages: true });
  server.serve(distDir, '/');
  const { executablePath, args } = await resolveChromium();
  const browser = await chromium.launch({ executablePath, args: [...args] });
  const images = await Promise.all([0, 1, 2, 3].map(picture));
  const rows: string[] = ['| layer | weights downloaded (cumulative) | cold | after reload | warm (median of ' + warmRuns + ') |', '| --- | --- | --- | --- | --- |'];
  try {
    let cumulative = 0;
    for (const layer of model.layers) {
      cumulative += layer.bytes;
      const context: BrowserContext = await browser.newContext();
      const page = await context.newPage();
      const url = `${server.origin}/probe/?layer=${layer.name}`;
      await page.goto(url, { waitUntil: 'load' });
      const cold = await secondsFor(page, images[0]!, 'cold.jpg');
      await page.goto(url, { waitUntil: 'load' });
      const reload = await secondsFor(page, images[1]!, 'reload.jpg');
      const warm: number[] = [];
      for (let run = 0; run < warmRuns; run++) warm.push(await secondsFor(page, images[2 + (run % 2)]!, `warm-${run}.jpg`));
      rows.push(`| ${layer.name} | ${formatBytes(cumulative)} (${model.dtype}) | ${cold.toFixed(2)} s | ${reload.toFixed(2)} s | ${median(warm).toFixed(2)} s |`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const assets = path.join(distDir, '_astro');
  const runtimeGzip = await sizeOf(assets, /^runtime\..*\.js$/, true);
  const pageGzip = await sizeOf(assets, /^ProbePage.*\.js$/, true);
  const simd = await sizeOf(assets, /^tfjs-backend-wasm-simd\..*\.wasm$/, false);
  return [
    `probe page, headless Chromium ${browser.version()}, one thread (WebAssembly SIMD), a 1024 × 768 JPEG per run:`,
    '',
    ...rows,
    '',
    `downloads: the page's script ${formatBytes(pageGzip)} gzipped; on the first image the runtime ${formatBytes(runtimeGzip)} gzipped and its SIMD WebAssembly ${formatBytes(simd)}, then each layer's weights (served from 127.0.0.1: no network delay)`,
  ].join('\n');
}
