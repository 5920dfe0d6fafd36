import assert from 'node:assert/strict';
import { test } from 'node:test';
import { itemsOfShard, parseShard, type Shard } from '../../src/atlas/shard.ts';
import { batchSizeFor, flopsPerStep, groupIntoBatches } from '../../src/engine/batching.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../../src/engine/vgg16.ts';

interface Item {
  readonly id: string;
  readonly cost: number;
}

const shardsOf = (count: number): Shard[] => Array.from({ length: count }, (_, k) => ({ index: k + 1, count }));

/** Checks the partition of `items` into `count` shards: disjoint, complete, order kept, loads within one item's cost. */
function checkPartition(items: readonly Item[], count: number): number[] {
  const parts = shardsOf(count).map((shard) => itemsOfShard(items, (item) => item.cost, shard));
  const all = parts.flat();
  assert.equal(new Set(all).size, all.length, `${count} shards: no item in two shards`);
  assert.equal(all.length, items.length, `${count} shards: every item in a shard`);
  for (const part of parts) {
    const positions = part.map((item) => items.indexOf(item));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'a shard keeps the items in their original order');
  }
  const loads = parts.map((part) => part.reduce((sum, item) => sum + item.cost, 0));
  const heaviest = Math.max(...items.map((item) => item.cost));
  assert.ok(Math.max(...loads) - Math.min(...loads) <= heaviest, `${count} shards: loads ${loads.join(', ')} within one item (${heaviest}) of each other`);
  // The same input gives the same shards, whoever asks.
  for (const [k, shard] of shardsOf(count).entries()) assert.deepEqual(itemsOfShard([...items], (item) => item.cost, shard), parts[k]);
  return loads;
}

/** The real atlas's batches at 64 px on full VGG16, each costing its filters × FLOPs per step, as precompute deals them. */
function atlasBatches(size: number): Item[] {
  const topology = vgg16Layers();
  return ATLAS_LAYERS.flatMap((layer) => {
    const spec = topology.find((candidate) => candidate.name === layer);
    assert.ok(spec?.kind === 'conv');
    const filters = Array.from({ length: spec.outChannels }, (_, k) => k);
    return groupIntoBatches(filters, batchSizeFor(layer, size, topology)).map((batch) => ({
      id: `${layer}:${batch[0]}-${batch.at(-1)}`,
      cost: batch.length * flopsPerStep(layer, size, topology),
    }));
  });
}

test('the real atlas (4 layers, 64 px) deals into 1..8 shards balanced by cost (not count) within one batch', () => {
  const batches = atlasBatches(64);
  assert.ok(batches.length >= 8, `${batches.length} batches`);
  for (let count = 1; count <= 8; count++) checkPartition(batches, count);

  // Balanced by cost, not count: with 4 shards the shards holding block4 have fewer batches.
  const four = shardsOf(4).map((shard) => itemsOfShard(batches, (item) => item.cost, shard));
  const counts = four.map((part) => part.length);
  assert.ok(Math.max(...counts) > Math.min(...counts), `batch counts per shard differ: ${counts.join(', ')}`);
});

test('random costs: within one item of each other, deterministic, complete and disjoint', () => {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let round = 0; round < 30; round++) {
    const items = Array.from({ length: 1 + Math.floor(random() * 60) }, (_, k) => ({ id: `item${k}`, cost: Math.round(1 + random() * 1000) }));
    checkPartition(items, 1 + Math.floor(random() * 9));
  }
});

test('edge cases: more shards than items, equal costs, zero costs, and one shard', () => {
  const items = [3, 1, 2].map((cost, k) => ({ id: `i${k}`, cost }));
  const loads = checkPartition(items, 5);
  assert.deepEqual(loads, [3, 2, 1, 0, 0], 'heaviest first, each to the lightest shard, ties to the lower index');
  assert.deepEqual(
    shardsOf(3).map((shard) => itemsOfShard(Array.from({ length: 7 }, (_, k) => k), () => 1, shard)),
    [[0, 3, 6], [1, 4], [2, 5]],
    'equal costs deal round-robin',
  );
  checkPartition([{ id: 'a', cost: 0 }, { id: 'b', cost: 0 }], 2);
  assert.deepEqual(itemsOfShard(items, (item) => item.cost, { index: 1, count: 1 }), items);
});

test('--shard i/n parses 1-based shards and refuses the rest', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.deepEqual(parseShard(' 1/1 '), { index: 1, count: 1 });
  for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/4/2', '-1/4', '']) {
    assert.throws(() => parseShard(bad), /--shard ".*" is invalid/, bad);
  }
});
