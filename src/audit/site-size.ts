import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

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

/** Where a file of dist/ belongs, by its first path segment or its extension (`named`: more top folders, e.g. the search index's). */
function partOf(relative: string, named: Readonly<Record<string, string>>): string {
  const [top = ''] = relative.split(path.sep);
  if (relative.endsWith('.html')) return 'HTML pages';
  if (top === 'img') return 'display images (img/)';
  if (top === 'data') return 'atlas PNG/WebP and manifest (data/)';
  if (top === 'cards') return 'link-preview cards (cards/)';
  if (top === '_astro') return 'CSS, JS, fonts (_astro/)';
  if (top in named) return named[top] ?? top;
  return 'other';
}

/** Bytes on disk of a built site, split by kind of file. */
export async function siteSize(distDir: string, named: Readonly<Record<string, string>> = {}): Promise<SiteSize> {
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  const parts = new Map<string, { files: number; bytes: number }>();
  let htmlGzipBytes = 0;
  let pages = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(distDir, file);
    const { size } = await stat(file);
    const label = partOf(relative, named);
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
