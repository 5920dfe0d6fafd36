/**
 * Encodes, caches and writes the display images that web-images.ts names.
 *
 * Encoding is the slow part (about 2.5 s for a 547 px grid, 50 ms for a 64 px pattern), so each
 * result is cached under `<cache>/web-images/` (the cache of ATLAS_CACHE_DIR), keyed by the sha256
 * of the source PNG's bytes and everything else that shapes the output: the size, the encoder
 * settings, and the sharp, libvips, libheif and libaom versions. A rebuild copies from the cache;
 * a changed pattern, or a new one, is encoded once.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import type { Manifest } from '../atlas/manifest.ts';
import { defaultCacheDir } from '../engine/weights/download.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { isSafeRelativePath } from './atlas-files.ts';
import {
  DISPLAY_EXTENSION,
  displayEncoding,
  WEB_IMAGES_DIR,
  displaySources,
  webVariants,
  type DisplayEncoding,
  type DisplaySource,
  type ImageSize,
  type WebVariant,
} from './web-images.ts';

/** The display images' directory inside the cache directory. */
export const WEB_IMAGE_CACHE_DIR = 'web-images';
/** Bump when the derivation changes in a way the cache key does not capture. */
const DERIVATION_VERSION = 1;

/** The cache directory the engine uses too: ATLAS_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache. */
export function webImageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return defaultCacheDir(env);
}

/** Encodes one variant. A smaller variant is a Lanczos downscale; the full size keeps the pixels as they are. */
export async function encodeVariant(png: Uint8Array, source: ImageSize, variant: WebVariant, encoding: DisplayEncoding): Promise<Buffer> {
  let image = sharp(png);
  if (variant.width !== source.width || variant.height !== source.height) {
    image = image.resize(variant.width, variant.height, { kernel: 'lanczos3', fit: 'fill' });
  }
  const { quality, tune, effort, chromaSubsampling, bitdepth } = encoding;
  return image.removeAlpha().avif({ quality, tune, effort, chromaSubsampling, bitdepth }).toBuffer();
}

function variantCacheKey(sourceSha256: string, source: ImageSize, variant: WebVariant, encoding: DisplayEncoding): string {
  const { versions } = sharp;
  const identity = {
    derivation: DERIVATION_VERSION,
    source: sourceSha256,
    sourceSize: [source.width, source.height],
    size: [variant.width, variant.height],
    encoding,
    encoder: { sharp: versions.sharp, vips: versions.vips, heif: versions.heif, aom: versions.aom },
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Pixel size of a PNG in memory. */
async function pngSize(png: Uint8Array, label: string): Promise<ImageSize> {
  const { width, height } = await sharp(png).metadata();
  if (!width || !height) throw new Error(`cannot read the size of atlas image ${label}`);
  return { width, height };
}

export interface SourceImages {
  readonly size: ImageSize;
  readonly variants: ReadonlyArray<{ readonly variant: WebVariant; readonly file: string; readonly encoded: boolean }>;
}

/**
 * The display images of one source, as files in the cache: each taken from there, or encoded
 * and stored there first (written to a temp file and renamed, so parallel builds are safe).
 */
export async function sourceImages(dataDir: string, source: DisplaySource, cacheDir: string): Promise<SourceImages> {
  const png = await readFile(path.join(dataDir, source.file));
  const size = await pngSize(png, source.file);
  const sourceSha256 = createHash('sha256').update(png).digest('hex');
  const variants = [];
  const encoding = displayEncoding(source.method);
  for (const variant of webVariants(source, size)) {
    const key = variantCacheKey(sourceSha256, size, variant, encoding);
    const file = path.join(cacheDir, WEB_IMAGE_CACHE_DIR, key.slice(0, 2), `${key}.${DISPLAY_EXTENSION}`);
    const cached = await isFile(file);
    if (!cached) await writeFileAtomic(file, await encodeVariant(png, size, variant, encoding));
    variants.push({ variant, file, encoded: !cached });
  }
  return { size, variants };
}

export interface WebImagesWritten {
  readonly sources: number;
  readonly files: number;
  readonly encoded: number;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Writes the display images of every PNG the manifest references into `outDir` (under img/),
 * encoding only what the cache does not hold, a few sources at a time.
 */
export async function writeWebImages(dataDir: string, manifest: Manifest, outDir: string, cacheDir: string): Promise<WebImagesWritten> {
  const started = performance.now();
  const limit = pLimit(Math.max(2, os.availableParallelism()));
  const results = await Promise.all(
    displaySources(manifest).map((source) =>
      limit(async () => {
        const { variants } = await sourceImages(dataDir, source, cacheDir);
        let bytes = 0;
        for (const { variant, file } of variants) {
          const target = path.join(outDir, ...variant.path.split('/'));
          await mkdir(path.dirname(target), { recursive: true });
          await copyFile(file, target, fsConstants.COPYFILE_FICLONE);
          bytes += (await stat(target)).size;
        }
        return { files: variants.length, encoded: variants.filter((entry) => entry.encoded).length, bytes };
      }),
    ),
  );
  return {
    sources: results.length,
    files: results.reduce((sum, result) => sum + result.files, 0),
    encoded: results.reduce((sum, result) => sum + result.encoded, 0),
    bytes: results.reduce((sum, result) => sum + result.bytes, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * For the dev server: maps a display image's site path (img/…) to its file in the cache,
 * deriving it on first request; undefined for a path that is no display image of this atlas.
 */
export function webImageResolver(dataDir: string, manifest: Manifest, cacheDir: string): (sitePath: string) => Promise<string | undefined> {
  const sources = displaySources(manifest);
  const variantPath = new RegExp(`^${WEB_IMAGES_DIR}/(.+)\\.\\d+w\\.${DISPLAY_EXTENSION}$`);
  return async (sitePath) => {
    if (!isSafeRelativePath(sitePath)) return undefined;
    const match = variantPath.exec(sitePath);
    const source = match && sources.find((candidate) => candidate.file.replace(/\.png$/i, '') === match[1]);
    if (!source) return undefined;
    const { variants } = await sourceImages(dataDir, source, cacheDir);
    return variants.find(({ variant }) => variant.path === sitePath)?.file;
  };
}
