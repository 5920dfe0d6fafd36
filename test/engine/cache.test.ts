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
  const countBy = (summary: Awaited<ReturnType<typeof run>>, method: string): number => summary.manifest.filters.filter((filter) => filter.method === method).length;

  before(async () => {
    weightsPath = await writeTinyModel(tempDir());
  });

  it('a first run renders everything requested', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--methods', 'classic']);
    assert.equal(summary.rendered, 4 + 6);
    assert.equal(summary.cached, 0);
  });

  it('a rerun with the same parameters renders nothing and rewrites the same manifest', async () => {
    const manifestPath = path.join(tempDir(), 'out', 'manifest.json');
    const before = JSON.parse(await readFile(manifestPath, 'utf8')) as { filters: unknown };
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--methods', 'classic']);
    assert.equal(summary.rendered, 0);
    assert.equal(summary.cached, 10);
    assert.deepEqual(summary.manifest.filters, before.filters);
  });

  it('adding the enhanced method renders only the enhanced patterns', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--methods', 'classic,enhanced']);
    assert.equal(summary.rendered, 10);
    assert.equal(summary.cached, 10);
    assert.equal(countBy(summary, 'enhanced'), 10);
  });

  it('adding a layer renders only that layer, for each method', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1,block3_conv1']);
    assert.equal(summary.rendered, 8 + 8);
    assert.equal(summary.cached, 20);
  });

  it('changing --steps renders the classic patterns again and keeps the enhanced ones', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--steps', '5']);
    assert.equal(summary.rendered, 10);
    assert.equal(summary.cached, 10);
    assert.ok(summary.manifest.filters.filter((filter) => filter.method === 'classic').every((filter) => filter.loss.length === 6));
  });

  it('changing --enhanced-steps renders the enhanced patterns again and keeps the classic ones', async () => {
    const summary = await run(['--layers', 'block1_conv1,block2_conv1', '--steps', '5', '--enhanced-steps', '2']);
    assert.equal(summary.rendered, 10);
    assert.equal(summary.cached, 10);
    assert.ok(summary.manifest.filters.filter((filter) => filter.method === 'enhanced').every((filter) => filter.loss.length === 3));
  });

  it('changing the seed renders both methods again; going back to old parameters is cached', async () => {
    assert.equal((await run(['--layers', 'block1_conv1', '--seed', '7'])).rendered, 8);
    assert.equal((await run(['--layers', 'block1_conv1'])).rendered, 0);
  });

  it('--force renders even what is cached, to the same bytes', async () => {
    const manifestPath = path.join(tempDir(), 'out', 'manifest.json');
    const images = ['0.png', 'enhanced/0.png'].map((file) => path.join(tempDir(), 'out', 'block1_conv1', file));
    const cachedBytes = await Promise.all(images.map((image) => readFile(image)));
    const summary = await run(['--layers', 'block1_conv1', '--force']);
    assert.equal(summary.rendered, 8);
    for (const [k, image] of images.entries()) assert.ok(cachedBytes[k]!.equals(await readFile(image)), image);
    assert.ok((await readFile(manifestPath, 'utf8')).includes('"rendered": 8'));
  });
});
