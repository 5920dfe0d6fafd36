/**
 * The search index: the last step of `npm run site` (scripts/site.ts). Pagefind (its binary ships in
 * the npm package, @pagefind/<platform>; nothing is downloaded) reads the built pages and writes
 * <dist>/pagefind/, one index per language from each page's <html lang>. Only pages whose <main>
 * carries data-pagefind-body are read (BaseLayout's `searchable`); inside them data-pagefind-ignore
 * leaves out navigation and boilerplate, and SearchRecord.astro adds the meta and facets.
 * Pagefind's own UI bundles are deleted: the /search/ page has its own small UI on pagefind.js.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AtlasError } from '../../errors.ts';

/** Where the index goes, below the site's root (and so below its base path). */
export const SEARCH_INDEX_DIR = 'pagefind';

/** Files Pagefind writes for its own UIs, which the site does not use. */
const UNUSED_UI_FILES = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

export interface SearchIndexSummary {
  /** Pages indexed per language, e.g. { en: 57, ko: 56 }. */
  readonly languages: Readonly<Record<string, number>>;
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
}

async function directoryBytes(dir: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

interface PagefindEntry {
  readonly languages: Readonly<Record<string, { readonly page_count: number }>>;
}

/** Indexes the built site in `distDir` into `<distDir>/pagefind/`. */
export async function writeSearchIndex(distDir: string): Promise<SearchIndexSummary> {
  const started = performance.now();
  const pagefind = await import('pagefind');
  const outputPath = path.join(distDir, SEARCH_INDEX_DIR);
  const fail = (step: string, errors: readonly string[]): never => {
    throw new AtlasError(`search index: Pagefind could not ${step}: ${errors.join('; ')}`, {
      hint: 'the binary comes from node_modules/@pagefind/<platform>; run `npm ci` if it is missing',
    });
  };
  try {
    await rm(outputPath, { recursive: true, force: true });
    const { index, errors } = await pagefind.createIndex({});
    if (!index) return fail('start', errors);
    const added = await index.addDirectory({ path: distDir });
    if (added.errors.length > 0) fail(`read ${distDir}`, added.errors);
    if (added.page_count === 0) fail(`find a page to index in ${distDir}`, ['no page has data-pagefind-body']);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) fail(`write ${outputPath}`, written.errors);
  } catch (error) {
    if (error instanceof AtlasError) throw error;
    fail('run', [error instanceof Error ? error.message : String(error)]);
  } finally {
    await pagefind.close();
  }
  for (const file of await readdir(outputPath)) {
    if (UNUSED_UI_FILES.test(file)) await rm(path.join(outputPath, file));
  }
  const entry = JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as PagefindEntry;
  const languages = Object.fromEntries(Object.entries(entry.languages).map(([language, { page_count }]) => [language, page_count]));
  return { languages, ...(await directoryBytes(outputPath)), seconds: (performance.now() - started) / 1000 };
}
