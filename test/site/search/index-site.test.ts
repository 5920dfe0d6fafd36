import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AtlasError } from '../../../src/errors.ts';
import { SEARCH_INDEX_DIR, writeSearchIndex } from '../../../src/site/search/index-site.ts';

const page = (lang: string, body: string) => `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><nav>menu words</nav><main ${body}><h1>Title</h1><p>measured stripes</p></main></body></html>`;

describe('the search index step (Pagefind, offline)', () => {
  it('indexes the marked pages, one index per language, and keeps none of Pagefind’s own UI', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-search-index-'));
    try {
      await writeFile(path.join(dir, 'index.html'), page('en', 'data-pagefind-body'));
      await writeFile(path.join(dir, 'other.html'), page('en', ''));
      await writeFile(path.join(dir, 'ko.html'), page('ko', 'data-pagefind-body'));
      const summary = await writeSearchIndex(dir);
      assert.deepEqual(summary.languages, { en: 1, ko: 1 });
      const files = await readdir(path.join(dir, SEARCH_INDEX_DIR));
      assert.ok(files.includes('pagefind.js'));
      assert.deepEqual(files.filter((file) => /ui|highlight/.test(file)), []);
      assert.ok(summary.bytes > 0 && summary.files === (await readdir(path.join(dir, SEARCH_INDEX_DIR), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with one line and a hint when there is nothing to index', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-search-index-'));
    try {
      await assert.rejects(writeSearchIndex(dir), (error: unknown) => error instanceof AtlasError && /find a page to index/.test(error.message) && error.hint !== undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
