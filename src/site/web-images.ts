/**
 * Display images: lossy AVIF versions of every PNG the manifest references, made at build time.
 *
 * The PNGs stay in `data/` as the exact record and the downloads. What the pages show comes from
 * here, keyed by the source file: `img/<source path without .png>.<width>w.avif`, so a grid, a
 * contact sheet or a pattern that a later manifest adds gets its display images with no new code.
 *
 * - A pattern (a filter's image) is encoded once, at its own size: it is shown enlarged with
 *   `image-rendering: pixelated`, so CSS does the enlarging and no encoder ever blurs an enlarged
 *   copy.
 * - A sheet (every other PNG: grids, contact sheets) is encoded at its own width and at successive
 *   halves down to MIN_VARIANT_WIDTH, for `srcset`: a narrow screen fetches what it shows.
 *
 * This module names them (the pages and the build share it); web-image-files.ts encodes, caches
 * and writes them. scripts/measure-web-images.ts holds the measurement behind DISPLAY_ENCODING.
 */
import type { Manifest, MethodName } from '../atlas/manifest.ts';
import { referencedFiles } from './atlas-files.ts';
import { exampleFiles } from './examples/files.ts';
import { atlasImageSize, type SiteAtlas } from './site-atlas.ts';

/** Where the display images go inside the built site (below the base path). */
export const WEB_IMAGES_DIR = 'img';

/**
 * Lossy AVIF, 8-bit, full-resolution chroma (4:4:4: the patterns' colour changes from pixel to
 * pixel, and 4:2:0, which lossy WebP always uses, visibly greys their noise), tuned for SSIM.
 * Chosen with scripts/measure-web-images.ts on the real block1/block2 atlas: see docs/site.md.
 */
export const DISPLAY_ENCODING = {
  label: 'avif q80 tune ssim',
  quality: 80,
  tune: 'ssim',
  effort: 4,
  chromaSubsampling: '4:4:4',
  bitdepth: 8,
} as const;

/**
 * The enhanced method's images (96 px patterns of smooth colour fields, and their sheets) keep the
 * same bar at a lower quality: measured on the real block1/block2 atlas, q65 is the lowest whose
 * worst grid tile keeps SSIM ≥ 0.85 (mean 0.96-0.97), at 75-77 % of q80's bytes. See docs/site.md.
 */
export const ENHANCED_DISPLAY_ENCODING = { ...DISPLAY_ENCODING, label: 'avif q65 tune ssim', quality: 65 } as const;

export type DisplayEncoding = typeof DISPLAY_ENCODING | typeof ENHANCED_DISPLAY_ENCODING;

/** The encoding of a display image by the method that drew its source (classic, or unknown, at q80). */
export function displayEncoding(method: MethodName | undefined): DisplayEncoding {
  return method === 'enhanced' ? ENHANCED_DISPLAY_ENCODING : DISPLAY_ENCODING;
}
export const DISPLAY_MIME_TYPE = 'image/avif';
export const DISPLAY_EXTENSION = 'avif';

/** Sheets get smaller variants, each half the last, down to this width. */
export const MIN_VARIANT_WIDTH = 200;

export type DisplayKind = 'pattern' | 'sheet';

export interface DisplaySource {
  /** The PNG's manifest path. */
  readonly file: string;
  readonly kind: DisplayKind;
  /** The method that drew it, when the manifest says (its encoding follows it). */
  readonly method?: MethodName;
}

export interface WebVariant {
  /** Path inside the built site, relative to the base: img/block1_conv1/grid.547w.avif. */
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Every PNG of patterns and sheets the manifest references, once: a filter's image is a pattern,
 * any other a sheet. Dataset examples' heatmaps are PNGs too, but are shown as they are.
 */
export function displaySources(manifest: Manifest): DisplaySource[] {
  const patterns = new Set(manifest.filters.map((filter) => filter.image));
  const methods = new Map<string, MethodName>();
  for (const layer of manifest.layers) {
    for (const [method, sheets] of Object.entries(layer.sheets) as Array<[MethodName, (typeof layer.sheets)[MethodName]]>) {
      for (const file of [sheets?.grid, sheets?.contactSheet]) if (file) methods.set(file, method);
    }
  }
  for (const filter of manifest.filters) if (filter.method) methods.set(filter.image, filter.method);
  const examples = new Set(exampleFiles(manifest));
  return referencedFiles(manifest)
    .filter((file) => file.toLowerCase().endsWith('.png') && !examples.has(file))
    .map((file) => {
      const method = methods.get(file);
      return { file, kind: patterns.has(file) ? 'pattern' : 'sheet', ...(method ? { method } : {}) };
    });
}

const kindsByManifest = new WeakMap<Manifest, ReadonlyMap<string, DisplayKind>>();

/** What `file` is in this manifest, or undefined when it has no display images (not a referenced PNG). */
export function displayKind(manifest: Manifest, file: string): DisplayKind | undefined {
  let kinds = kindsByManifest.get(manifest);
  if (!kinds) {
    kinds = new Map(displaySources(manifest).map((source) => [source.file, source.kind]));
    kindsByManifest.set(manifest, kinds);
  }
  return kinds.get(file);
}

/** The widths a source is encoded at, smallest first; always including its own. */
export function variantWidths(kind: DisplayKind, width: number): number[] {
  const widths = [width];
  if (kind === 'sheet') {
    for (let next = Math.round(width / 2); next >= MIN_VARIANT_WIDTH; next = Math.round(next / 2)) widths.unshift(next);
  }
  return widths;
}

/** The display images of `source` (of pixel size `size`), smallest first. */
export function webVariants(source: DisplaySource, size: ImageSize): WebVariant[] {
  const stem = source.file.replace(/\.png$/i, '');
  return variantWidths(source.kind, size.width).map((width) => ({
    path: `${WEB_IMAGES_DIR}/${stem}.${width}w.${DISPLAY_EXTENSION}`,
    width,
    height: width === size.width ? size.height : Math.max(1, Math.round((size.height * width) / size.width)),
  }));
}


export interface DisplayImage {
  readonly kind: DisplayKind;
  /** The source PNG's size. */
  readonly size: ImageSize;
  /** Smallest first; the last is the source's own size. */
  readonly variants: readonly WebVariant[];
}

/** The display images of an atlas PNG, for a page; undefined for a file that has none. */
export async function displayImage(atlas: SiteAtlas, file: string): Promise<DisplayImage | undefined> {
  const kind = displayKind(atlas.manifest, file);
  if (!kind) return undefined;
  const size = await atlasImageSize(atlas, file);
  return { kind, size, variants: webVariants({ file, kind }, size) };
}
