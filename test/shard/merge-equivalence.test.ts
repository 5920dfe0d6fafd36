import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { mergeShards } from '../../src/atlas/merge.ts';
import { readManifest, type Manifest } from '../../src/atlas/manifest.ts';
import { assertSameAtlas, precomputeInProcess, runScript, tinyFlags, SHARD_TEST_LAYERS, useTempDir, writeTinySetup } from './support.ts';

const tempDir = useTempDir('atlas-shard-equivalence-');
const at = (...parts: string[]): string => path.join(tempDir(), ...parts);
const ids = (manifest: Manifest): string[] => manifest.filters.map((filter) => `${filter.method}:${filter.layer}:${filter.index}`);

// The second test reuses the first one's atlases (rendering them is most of the time).
let setup: { weights: string; config: string } | undefined;

test('3 shards, each with a fresh cache, merge into the unsharded atlas byte for byte', async () => {
  setup = await writeTinySetup(tempDir());
  const whole = await precomputeInProcess(tinyFlags(setup, ['--out', at('whole')]), at('cache-whole'));
  assert.equal(whole.rendered, 2 * 94, 'the whole atlas renders 40 + 40 + 6 + 8 filters with each method');

  // Shard 1 through the CLI as CI runs it (exit code, output); 2 and 3 in this process, to save startup time.
  const shards: Manifest[] = [];
  for (const index of [1, 2, 3]) {
    const flags = tinyFlags(setup, ['--shard', `${index}/3`, '--out', at(`shard-${index}`)]);
    if (index === 1) {
      const result = await runScript('precompute', flags, at(`cache-${index}`));
      assert.equal(result.code, 0, `shard ${index}/3 exits 0: ${result.stderr}`);
      assert.match(result.stdout, /^atlas: .*manifest\.json$/m);
    } else {
      await precomputeInProcess(flags, at(`cache-${index}`));
    }
    const manifest = await readManifest(at(`shard-${index}`, 'manifest.json'));
    assert.deepEqual({ index: manifest.shard?.index, count: manifest.shard?.count, finished: manifest.shard?.finished }, { index, count: 3, finished: true });
    assert.ok(manifest.filters.length > 0, `shard ${index} has filters`);
    assert.equal(manifest.timings.rendered, manifest.filters.length, `shard ${index} rendered all its filters (fresh cache)`);
    assert.equal(manifest.timings.cached, 0);
    shards.push(manifest);
  }

  // The union of the shards is the whole, with no overlap; and a layer is split between shards.
  const all = shards.flatMap(ids);
  assert.equal(new Set(all).size, all.length, 'no filter is in two shards');
  assert.deepEqual([...all].sort(), ids(whole.manifest).sort(), 'the shards together hold exactly the whole');
  const shardsOf = (layer: string): number => shards.filter((manifest) => manifest.filters.some((filter) => filter.layer === layer)).length;
  assert.ok(SHARD_TEST_LAYERS.split(',').some((layer) => shardsOf(layer) > 1), 'some layer is split across shards (its grid exists only after the merge)');

  // Shard directories given in any order.
  const merged = await runScript('merge', ['--out', at('merged'), at('shard-3'), at('shard-1'), at('shard-2')], at('cache-merge'));
  assert.equal(merged.code, 0, `merge exits 0: ${merged.stderr}`);
  assert.match(merged.stdout, /merged 3 shard\(s\): 188 filters in 4 layer\(s\); 188 rendered, 0 cached/);
  await assertSameAtlas(at('whole'), at('merged'));

  const manifest = await readManifest(at('merged', 'manifest.json'));
  assert.equal(manifest.shard, undefined, 'the merged manifest is not a shard');
  assert.ok(
    manifest.layers.every((layer) => ['classic', 'enhanced'].every((method) => layer.sheets[method as 'classic']?.grid && layer.sheets[method as 'classic']?.contactSheet)),
    'every layer has its grid and contact sheet of each method again',
  );
  const timings = shards.map((shard) => shard.timings);
  assert.equal(manifest.timings.rendered, 2 * 94);
  assert.equal(manifest.timings.cached, 0);
  assert.equal(manifest.timings.wallSeconds, Math.max(...timings.map((t) => t.wallSeconds)));
  assert.equal(manifest.timings.startedAt, timings.map((t) => t.startedAt).sort()[0]);
  assert.equal(manifest.timings.finishedAt, timings.map((t) => t.finishedAt).sort().at(-1));
  assert.equal(manifest.timings.workers, 3);

  // Merging again over the merged atlas changes nothing but timings.
  await mergeShards(at('merged'), [at('shard-1'), at('shard-2'), at('shard-3')], { log: () => undefined });
  await assertSameAtlas(at('whole'), at('merged'));
});

test('merge --fill-cache lets any later sharding reuse every pattern; a new layer renders only its own filters', async (t) => {
  if (!setup) return t.skip('needs the shards of the test before');
  const shardDirs = [1, 2, 3].map((index) => at(`shard-${index}`));
  const cache = (name: string): string => at('fill', `cache-${name}`);
  const filled = await mergeShards(at('fill', 'merged-3'), shardDirs, { fillCacheDir: cache('ci'), log: () => undefined });
  assert.equal(filled.cacheFilled, 2 * 94);

  // A later run with 2 shards instead of 3 (work moves between shards) finds everything in the cache.
  let cachedPatterns = 0;
  for (const index of [1, 2]) {
    const shard = await precomputeInProcess(tinyFlags(setup, ['--shard', `${index}/2`, '--out', at('fill', `of2-${index}`)]), cache('ci'));
    assert.equal(shard.rendered, 0, `shard ${index}/2 renders no pattern`);
    assert.equal(shard.tuningMeasured, 0, `shard ${index}/2 measures no tuning`);
    cachedPatterns += shard.cached;
  }
  assert.equal(cachedPatterns, 2 * 94, 'the two shards take every pattern from the cache');
  await mergeShards(at('fill', 'merged-2'), [at('fill', 'of2-2'), at('fill', 'of2-1')], { log: () => undefined });
  await assertSameAtlas(at('whole'), at('fill', 'merged-2'));

  // Adding a layer to the configuration renders just that layer's 8 filters, once per method.
  const extended = await precomputeInProcess(tinyFlags(setup, ['--layers', `${SHARD_TEST_LAYERS},block3_conv2`, '--out', at('fill', 'extended')]), cache('ci'));
  assert.deepEqual({ rendered: extended.rendered, cached: extended.cached }, { rendered: 2 * 8, cached: 2 * 94 });
  const again = await mergeShards(at('fill', 'merged-3'), shardDirs, { fillCacheDir: cache('ci'), log: () => undefined });
  assert.equal(again.cacheFilled, 0, 'patterns already in the cache are not stored again');
});
