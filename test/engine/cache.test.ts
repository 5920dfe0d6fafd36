import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { runPrecompute, writeTinyModel } from '../helpers/run-atlas.ts';
import { useTempDir } from '../weights/support.ts';

const tempDir = useTempDir('atlas-cache-');

describe('pattern cache', () => {
  let weightsPath = '';
  const cacheDir = (): string => path.join(tempDir(), 'cache');
  const run = (extra: string[]) =>
    runPrecompute(['--weights', weightsPath, '--size', '32', '--steps', '4', '--out', path.join(tempDir(), 'out'), ...extra], cacheDir());

  before(async () => {
    weightsPath = await writeTinyModel(tempDir());
  });

  it('a first run renders everything requested', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1']);
    assert.equal(summary.rendered, 4 + 6);
    assert.equal(summary.cached, 0);
  });

  it('a rerun with the same parameters renders nothing and rewrites the same manifest', async () => {
    const manifestPath = path.join(tempDir(), 'out', 'manifest.json');
    const before = JSON.parse(await readFile(manifestPath, 'utf8')) as { filters: unknown };
    const summary = await run(['--layers', 'block1_conv1,block2_conv1']);
    assert.equal(summary.rendered, 0);
    assert.equal(summary.cached, 10);
    assert.deepEqual(summary.manifest.filters, before.filters);
  });

  it('adding a layer renders only that layer', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1,block3_conv1']);
    assert.equal(summary.rendered, 8);
    assert.equal(summary.cached, 10);
  });

  it('changing --steps renders every requested filter again', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--steps', '5']);
    assert.equal(summary.rendered, 10);
    assert.ok(summary.manifest.filters.every((filter) => filter.loss.length === 6));
  });

  it('changing the seed renders again; going back to old parameters is cached', async () => {
    assert.equal((await run(['--layers', 'block1_conv1', '--seed', '7'])).rendered, 4);
    assert.equal((await run(['--layers', 'block1_conv1'])).rendered, 0);
  });

  it('--force renders even what is cached, to the same bytes', async () => {
    const manifestPath = path.join(tempDir(), 'out', 'manifest.json');
    const image = path.join(tempDir(), 'out', 'block1_conv1', '0.png');
    const cachedBytes = await readFile(image);
    const summary = await run(['--layers', 'block1_conv1', '--force']);
    assert.equal(summary.rendered, 4);
    assert.ok(cachedBytes.equals(await readFile(image)));
    assert.ok((await readFile(manifestPath, 'utf8')).includes('"rendered": 4'));
  });
});
