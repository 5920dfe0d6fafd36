import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attributeValues, buildAndServeSite, readHtmlPages, type BuiltSite } from '../helpers/built-site.ts';

let site: BuiltSite;

before(async () => {
  // An atlas written before the browser model existed.
  site = await buildAndServeSite('/', { editManifest: ({ browserModel: _model, ...manifest }) => manifest });
});

after(() => site?.dispose());

describe('a site built from an atlas without a browser model', () => {
  it('has no probe page, no link to one and no weights', async () => {
    assert.equal(existsSync(path.join(site.distDir, 'probe')), false);
    assert.equal(existsSync(path.join(site.distDir, 'ko', 'probe')), false);
    assert.equal(existsSync(path.join(site.distDir, 'data', 'browser-model')), false);
    for (const [page, html] of await readHtmlPages(site.distDir)) {
      assert.deepEqual(attributeValues(html, 'href').filter((href) => href.includes('probe')), [], page);
    }
    assert.doesNotMatch(await readFile(path.join(site.distDir, 'sitemap-0.xml'), 'utf8'), /probe/);
  });
});
