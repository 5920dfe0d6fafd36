import assert from 'node:assert/strict';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Manifest, MethodName } from '../../src/atlas/manifest.ts';
import { fidelity, readRgb } from '../../src/site/image-quality.ts';
import { sourceImages, webImageResolver, writeWebImages } from '../../src/site/web-image-files.ts';
import { DISPLAY_ENCODING, displaySources, ENHANCED_DISPLAY_ENCODING, variantWidths, webVariants } from '../../src/site/web-images.ts';
import { makeTempDir } from './helpers/built-site.ts';

let dir = '';

/** Noise, like an early pattern: what AVIF finds hardest. */
async function noisePng(width: number, height: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = 128 + ((state >> 16) % 50) - 25;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A manifest holding just what displaySources reads: layers' sheets and filters' images. */
function manifestOf(layers: Manifest['layers'], filters: Array<Pick<Manifest['filters'][number], 'layer' | 'index' | 'image' | 'webp'> & { method?: MethodName }>): Manifest {
  return { layers, filters } as unknown as Manifest;
}

before(async () => {
  dir = await makeTempDir('web-images');
  await mkdir(path.join(dir, 'data', 'block1_conv1'), { recursive: true });
  await writeFile(path.join(dir, 'data', 'block1_conv1', '0.png'), await noisePng(64, 64, 1));
  await writeFile(path.join(dir, 'data', 'block1_conv1', 'grid.png'), await noisePng(547, 547, 2));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest = manifestOf(
  [{ name: 'block1_conv1', filterCount: 64, sheets: { classic: { grid: 'block1_conv1/grid.png' } } }],
  [{ layer: 'block1_conv1', index: 0, image: 'block1_conv1/0.png', webp: 'block1_conv1/0.webp' }],
);

describe('display images (web-images.ts)', () => {
  it('treats a filter image as a pattern and every other referenced PNG as a sheet; WebPs get none', () => {
    assert.deepEqual(displaySources(manifest), [
      { file: 'block1_conv1/grid.png', kind: 'sheet', method: 'classic' },
      { file: 'block1_conv1/0.png', kind: 'pattern' },
    ]);
  });

  it('gives dataset examples no display images: their heatmap PNGs are shown as they are', () => {
    const example = { image: 'a.jpg', value: 1, x: 0, y: 0, crop: { file: 'examples/block1_conv1/0/top-a.webp', side: 48, field: { left: 22, top: 22, width: 3, height: 3 } }, whole: 'examples/images/a.webp', heatmap: 'examples/block1_conv1/0/heat-a.png' };
    const withExamples = { ...manifest, examples: [{ layer: 'block1_conv1', index: 0, top: [example], bottom: [], stats: { fireRate: 1, meanPostReluMean: 0, maxPercentiles: [] } }] };
    assert.deepEqual(displaySources(withExamples), displaySources(manifest));
  });

  it('encodes a pattern at its own size only, a sheet also at halves down to 200 px', () => {
    assert.deepEqual(variantWidths('pattern', 64), [64]);
    assert.deepEqual(variantWidths('pattern', 512), [512]);
    assert.deepEqual(variantWidths('sheet', 547), [274, 547]);
    assert.deepEqual(variantWidths('sheet', 1054), [264, 527, 1054]);
    assert.deepEqual(variantWidths('sheet', 134), [134]);
    assert.deepEqual(
      webVariants({ file: 'block4_conv1/contact-sheet.png', kind: 'sheet' }, { width: 1054, height: 2110 }).map((variant) => variant.path),
      ['img/block4_conv1/contact-sheet.264w.avif', 'img/block4_conv1/contact-sheet.527w.avif', 'img/block4_conv1/contact-sheet.1054w.avif'],
    );
    assert.deepEqual(
      webVariants({ file: 'block4_conv1/contact-sheet.png', kind: 'sheet' }, { width: 1054, height: 2110 }).map((variant) => variant.height),
      [529, 1055, 2110],
    );
  });

  it('writes AVIF files of the right sizes, and takes them from the cache on the next build', async () => {
    const cache = path.join(dir, 'cache');
    const first = await writeWebImages(path.join(dir, 'data'), manifest, path.join(dir, 'out1'), cache);
    assert.deepEqual([first.sources, first.files, first.encoded], [2, 3, 3]);
    const expected = [
      ['block1_conv1/0.64w.avif', 64, 64],
      ['block1_conv1/grid.274w.avif', 274, 274],
      ['block1_conv1/grid.547w.avif', 547, 547],
    ] as const;
    for (const [file, width, height] of expected) {
      const meta = await sharp(path.join(dir, 'out1', 'img', file)).metadata();
      assert.deepEqual([meta.format, meta.compression, meta.width, meta.height], ['heif', 'av1', width, height], file);
    }
    const second = await writeWebImages(path.join(dir, 'data'), manifest, path.join(dir, 'out2'), cache);
    assert.deepEqual([second.files, second.encoded], [3, 0]);
    assert.deepEqual((await readdir(path.join(dir, 'out2', 'img', 'block1_conv1'))).sort(), (await readdir(path.join(dir, 'out1', 'img', 'block1_conv1'))).sort());
  });

  it('encodes again when the source pixels change (the cache is keyed by content)', async () => {
    const cache = path.join(dir, 'cache-content');
    const source = { file: 'block1_conv1/0.png', kind: 'pattern' } as const;
    const before = await sourceImages(path.join(dir, 'data'), source, cache);
    assert.deepEqual(before.variants.map((entry) => entry.encoded), [true]);
    assert.deepEqual((await sourceImages(path.join(dir, 'data'), source, cache)).variants.map((entry) => entry.encoded), [false]);
    await writeFile(path.join(dir, 'data', 'block1_conv1', '0.png'), await noisePng(64, 64, 3));
    const after = await sourceImages(path.join(dir, 'data'), source, cache);
    assert.deepEqual(after.variants.map((entry) => entry.encoded), [true]);
    assert.notEqual(after.variants[0]?.file, before.variants[0]?.file);
  });

  it('encodes an enhanced image at the enhanced quality, into its own cache entry', async () => {
    const cache = path.join(dir, 'cache-methods');
    const data = path.join(dir, 'data');
    const enhanced = manifestOf(
      [{ name: 'block1_conv1', filterCount: 64, sheets: { enhanced: { grid: 'block1_conv1/grid.png' } } }],
      [{ layer: 'block1_conv1', index: 0, image: 'block1_conv1/0.png', webp: 'block1_conv1/0.webp', method: 'enhanced' }],
    );
    assert.deepEqual(displaySources(enhanced).map((source) => source.method), ['enhanced', 'enhanced']);
    const classicFile = (await sourceImages(data, { file: 'block1_conv1/0.png', kind: 'pattern', method: 'classic' }, cache)).variants[0]?.file;
    const enhancedFile = (await sourceImages(data, { file: 'block1_conv1/0.png', kind: 'pattern', method: 'enhanced' }, cache)).variants[0]?.file;
    assert.ok(classicFile && enhancedFile && classicFile !== enhancedFile);
    assert.ok(ENHANCED_DISPLAY_ENCODING.quality < DISPLAY_ENCODING.quality);
    assert.ok((await stat(enhancedFile)).size < (await stat(classicFile)).size, 'the lower quality gives fewer bytes');
  });

  it('serves the dev server a display image by its site path, and nothing else', async () => {
    const resolve = webImageResolver(path.join(dir, 'data'), manifest, path.join(dir, 'cache'));
    const file = await resolve('img/block1_conv1/grid.274w.avif');
    assert.ok(file);
    assert.equal((await sharp(file).metadata()).width, 274);
    assert.equal(await resolve('img/block1_conv1/grid.300w.avif'), undefined);
    assert.equal(await resolve('img/block1_conv1/1.64w.avif'), undefined);
    assert.equal(await resolve('img/../manifest.json'), undefined);
  });
});

describe('fidelity (image-quality.ts), the measure behind the encoding', () => {
  it('gives an identical image SSIM 1 and infinite PSNR, and a coarser copy less', async () => {
    const png = await noisePng(64, 64, 7);
    const reference = await readRgb(png);
    assert.deepEqual(fidelity(reference, await readRgb(png)), { psnr: Number.POSITIVE_INFINITY, ssim: 1, maxError: 0 });
    const lossy = fidelity(reference, await readRgb(await sharp(png).avif({ quality: 30 }).toBuffer()));
    const better = fidelity(reference, await readRgb(await sharp(png).avif({ quality: 90 }).toBuffer()));
    assert.ok(lossy.ssim < better.ssim && better.ssim < 1, `${lossy.ssim} < ${better.ssim} < 1`);
    assert.ok(lossy.psnr < better.psnr && Number.isFinite(better.psnr));
  });
});
