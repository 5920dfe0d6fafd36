/**
 * Agglomerative clustering with Ward's linkage on squared Euclidean distances, and the mean
 * silhouette of a cut: deterministic (no random start; ties go to the lowest pair of indices),
 * so the same profiles always give the same families.
 */

/**
 * Ward's dendrogram of n points given their squared distances (n×n), cut at each of `counts`:
 * for each count k, a cluster number per point (0..k−1, numbered by each cluster's lowest point).
 */
export function wardCuts(squared: Float64Array, n: number, counts: readonly number[]): Map<number, Int32Array> {
  const distance = Float64Array.from(squared);
  const size = new Float64Array(n).fill(1);
  const alive = new Uint8Array(n).fill(1);
  /** Union-find parent: every point ends in the cluster its representative stands for. */
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const wanted = new Set(counts.filter((k) => k >= 1 && k <= n));
  const cuts = new Map<number, Int32Array>();
  const record = (k: number): void => {
    if (!wanted.has(k)) return;
    const label = new Int32Array(n).fill(-1);
    const numbers = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const root = find(i);
      if (!numbers.has(root)) numbers.set(root, numbers.size);
      label[i] = numbers.get(root)!;
    }
    cuts.set(k, label);
  };
  record(n);
  for (let clusters = n; clusters > 1; clusters--) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && distance[i * n + j]! < best) {
          best = distance[i * n + j]!;
          a = i;
          b = j;
        }
      }
    }
    // Lance–Williams update for Ward: the merged cluster takes a's slot.
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const total = size[a]! + size[b]! + size[k]!;
      const merged = ((size[a]! + size[k]!) * distance[a * n + k]! + (size[b]! + size[k]!) * distance[b * n + k]! - size[k]! * best) / total;
      distance[a * n + k] = merged;
      distance[k * n + a] = merged;
    }
    size[a] = size[a]! + size[b]!;
    alive[b] = 0;
    parent[b] = a;
    record(clusters - 1);
  }
  return cuts;
}

/** Mean silhouette of a clustering, from plain (not squared) distances; a point alone in its cluster scores 0. */
export function meanSilhouette(distance: Float64Array, n: number, label: Int32Array): number {
  const k = Math.max(...label) + 1;
  if (k < 2 || n === 0) return 0;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[label[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[label[j]!] = sums[label[j]!]! + distance[i * n + j]!;
    const own = label[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}
