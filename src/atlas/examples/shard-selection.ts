/** What a shard was asked for, as its manifest records it: per layer the filters as ranges, and the examples batches it took. */
export function shardSelection(selection: ReadonlyMap<string, readonly number[]>, examplesBatches: readonly number[] | undefined): { filters: Record<string, string>; examplesBatches?: number[] } {
  return {
    filters: Object.fromEntries([...selection].map(([layer, filters]) => [layer, ranges(filters)])),
    ...(examplesBatches ? { examplesBatches: [...examplesBatches] } : {}),
  };
}

/** [0,1,2,5,7,8] → "0-2,5,7-8". */
export function ranges(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
