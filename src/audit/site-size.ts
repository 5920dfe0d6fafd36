import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SEARCH_INDEX_DIR } from '../site/search/index-site.ts';

/** The part of the site the search index is (Pagefind's files, src/site/search/index-site.ts). */
export const SEARCH_INDEX_PART = `search index (${SEARCH_INDEX_DIR}/)`;
/** The budget: the index stays under this share of the site's bytes. */
export const SEARCH_INDEX_BUDGET = 0.1;

/** The search index's bytes as a share of the whole site's. */
export function searchIndexShare(size: SiteSize): number {
  const part = size.parts.find((candidate) => candidate.label === SEARCH_INDEX_PART);
  return size.bytes === 0 ? 0 : (part?.bytes ?? 0) / size.bytes;
}

export interface SizePart {
  readonly label: string;
  readonly files: number;
  readonly bytes: number;
}

export interface SiteSize {
  readonly files: number;
  readonly bytes: number;
  readonly pages: number;
  /** The HTML gzipped, as GitHub Pages sends it. */
  readonly htmlGzipBytes: number;
  readonly parts: readonly SizePart[];
}

/** Where a file of dist/ belongs, by its first path segment or its extension. */
function partOf(relative: string): string {
  const [top] = relative.split(path.sep);
  if (relative.endsWith('.html')) return 'HTML pages';
  if (top === 'img') return 'display images (img/)';
  if (top === 'data') return 'atlas PNG/WebP and manifest (data/)';
  if (top === 'cards') return 'link-preview cards (cards/)';
  if (top === '_astro') return 'CSS, JS, fonts (_astro/)';
  if (top === SEARCH_INDEX_DIR) return SEARCH_INDEX_PART;
  return 'other';
}

/** Bytes on disk of a built site, split by kind of file. */
export async function siteSize(distDir: string): Promise<SiteSize> {
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  const parts = new Map<string, { files: number; bytes: number }>();
  let htmlGzipBytes = 0;
  let pages = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(distDir, file);
    const { size } = await stat(file);
    const label = partOf(relative);
    const part = parts.get(label) ?? { files: 0, bytes: 0 };
    parts.set(label, { files: part.files + 1, bytes: part.bytes + size });
    if (relative.endsWith('.html')) {
      pages += 1;
      htmlGzipBytes += gzipSync(await readFile(file)).length;
    }
  }
  const list = [...parts].map(([label, part]) => ({ label, ...part })).sort((a, b) => b.bytes - a.bytes);
  return {
    files: list.reduce((sum, part) => sum + part.files, 0),
    bytes: list.reduce((sum, part) => sum + part.bytes, 0),
    pages,
    htmlGzipBytes,
    parts: list,
  };
}
