import type { SimilarFilter } from './contract.ts';

/**
 * Pearson correlation between filters over a shared axis (the example images, or the tuning
 * stimuli): each filter's vector is centred and scaled to unit length, so a dot product is r.
 */

/** Row i of the result is vectors[i] centred and scaled to unit length; all zeros when it is constant. */
export function standardize(vectors: readonly ArrayLike<number>[]): Float64Array[] {
  return vectors.map((vector) => {
    const n = vector.length;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += vector[k]!;
    mean /= Math.max(1, n);
    const out = new Float64Array(n);
    let norm = 0;
    for (let k = 0; k < n; k++) {
      out[k] = vector[k]! - mean;
      norm += out[k]! * out[k]!;
    }
    norm = Math.sqrt(norm);
    // Relative to the values' scale, so float32 noise on a constant vector does not pass for variation.
    const scale = Math.max(...Array.from(vector, Math.abs), 0);
    if (norm <= 1e-9 * scale * Math.sqrt(n) || norm === 0) return out.fill(0);
    for (let k = 0; k < n; k++) out[k] = out[k]! / norm;
    return out;
  });
}

/** The n×n matrix of dot products of standardized vectors: Pearson's r (0 against a constant vector). */
export function correlationMatrix(standardized: readonly Float64Array[]): Float64Array {
  const n = standardized.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = standardized[i]!;
    for (let j = i; j < n; j++) {
      const b = standardized[j]!;
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
      const r = Math.max(-1, Math.min(1, dot));
      out[i * n + j] = r;
      out[j * n + i] = r;
    }
  }
  return out;
}

/** Whether a standardized vector had any variation. */
export function varies(vector: Float64Array): boolean {
  return vector.some((value) => value !== 0);
}

/**
 * For member i (of `indices`, the filters' indices), its `count` most correlated other members
 * that vary, highest r first (ties by index); none for a constant one.
 */
export function nearest(matrix: Float64Array, indices: readonly number[], live: readonly boolean[], i: number, count: number): SimilarFilter[] {
  if (!live[i]) return [];
  const n = indices.length;
  const others = [];
  for (let j = 0; j < n; j++) if (j !== i && live[j]) others.push({ index: indices[j]!, score: matrix[i * n + j]! });
  others.sort((a, b) => b.score - a.score || a.index - b.index);
  return others.slice(0, count).map(({ index, score }) => ({ index, score: Math.round(score * 1e4) / 1e4 }));
}
