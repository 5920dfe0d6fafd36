import { AtlasError } from '../errors.ts';

/** Shard `index` of `count`, 1-based: `--shard 2/4` is the second of four. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new AtlasError(`--shard "${text}" is invalid`, { hint: 'use i/n with 1 ≤ i ≤ n, e.g. --shard 1/4 … --shard 4/4' });
  }
  return { index, count };
}

/**
 * Deals weighted items to `count` shards, heaviest first, each to the lightest shard so far
 * (ties to the lower shard): balanced by cost, and the same for the same items every time.
 * Returns the items of shard `index` (1-based), in their original order.
 */
export function itemsOfShard<T>(items: readonly T[], cost: (item: T) => number, shard: Shard): T[] {
  const order = items.map((item, position) => ({ position, cost: cost(item) }));
  order.sort((a, b) => b.cost - a.cost || a.position - b.position);
  const loads = new Array<number>(shard.count).fill(0);
  const owner = new Array<number>(items.length);
  for (const { position, cost: itemCost } of order) {
    let lightest = 0;
    for (let s = 1; s < shard.count; s++) if (loads[s]! < loads[lightest]!) lightest = s;
    loads[lightest]! += itemCost;
    owner[position] = lightest;
  }
  return items.filter((_, position) => owner[position] === shard.index - 1);
}
