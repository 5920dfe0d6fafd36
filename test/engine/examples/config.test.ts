/** How --examples flags and the config file's `examples` combine. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { IMAGENETTE_ATTRIBUTION, IMAGENETTE_SHA256, IMAGENETTE_URL, resolveExamplesConfig } from '../../../src/atlas/examples/config.ts';
import { AtlasError } from '../../../src/errors.ts';

it('reads globs, an archive, size, k and attribution from flags over the config file', () => {
  assert.equal(resolveExamplesConfig({}, undefined), undefined, 'no set, no examples');
  assert.deepEqual(resolveExamplesConfig({}, 'photos/**/*')?.source, { kind: 'folder', globs: ['photos/**/*'] });
  assert.deepEqual(resolveExamplesConfig({}, ['a/*', 'b/*'])?.source, { kind: 'folder', globs: ['a/*', 'b/*'] });
  const fromFile = resolveExamplesConfig({}, { globs: 'x/*', size: 128, k: 5, attribution: 'mine' });
  assert.deepEqual(fromFile, { source: { kind: 'folder', globs: ['x/*'] }, size: 128, k: 5, attribution: 'mine' });
  const flagsWin = resolveExamplesConfig({ examples: ['y/*'], 'examples-size': '64', 'examples-k': '3' }, { globs: 'x/*', size: 128, k: 5 });
  assert.deepEqual([flagsWin?.source, flagsWin?.size, flagsWin?.k], [{ kind: 'folder', globs: ['y/*'] }, 64, 3]);
  const imagenette = resolveExamplesConfig({ 'examples-url': IMAGENETTE_URL, 'examples-sha256': IMAGENETTE_SHA256.toUpperCase() }, { globs: 'x/*' });
  assert.deepEqual(imagenette?.source, { kind: 'url', url: IMAGENETTE_URL, sha256: IMAGENETTE_SHA256 }, 'a URL flag replaces the file’s globs');
  assert.equal(imagenette?.attribution, IMAGENETTE_ATTRIBUTION);
  assert.equal(imagenette?.size, 224);
  assert.equal(imagenette?.k, 9);
  assert.throws(() => resolveExamplesConfig({ 'examples-sha256': IMAGENETTE_SHA256 }, undefined), AtlasError);
  assert.throws(() => resolveExamplesConfig({ 'examples-url': IMAGENETTE_URL, 'examples-sha256': 'abc' }, undefined), /64-hex-digit/);
  assert.throws(() => resolveExamplesConfig({ examples: ['x/*'], 'examples-size': '8' }, undefined), /--examples-size must be a whole number ≥ 32/);
  assert.throws(() => resolveExamplesConfig({ examples: ['x/*'], 'examples-k': '0' }, undefined), /--examples-k must be a whole number ≥ 1/);
});
