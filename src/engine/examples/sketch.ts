/**
 * A mergeable quantile sketch of a filter's per-image maxima (log-spaced buckets, DDSketch-style):
 * counts add exactly, so shards merge to what one run gives, in any order, in bounded memory.
 * A reported percentile is within RELATIVE_ACCURACY of a true sample value.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Magnitudes below this count as zero. */
const ZERO = 1e-6;

/** Bucket keys: "p<i>" for positives, "n<i>" for negatives, "z" for zero. */
function keyOf(value: number): string {
  if (Math.abs(value) <= ZERO) return 'z';
  const index = Math.ceil(Math.log(Math.abs(value)) / LOG_GAMMA);
  return `${value > 0 ? 'p' : 'n'}${index}`;
}

function valueOf(key: string): number {
  if (key === 'z') return 0;
  const magnitude = (2 * GAMMA ** Number(key.slice(1))) / (GAMMA + 1);
  return key.startsWith('p') ? magnitude : -magnitude;
}

export class QuantileSketch {
  private readonly counts = new Map<string, number>();

  static from(entries: readonly (readonly [string, number])[]): QuantileSketch {
    const sketch = new QuantileSketch();
    for (const [key, count] of entries) sketch.counts.set(key, (sketch.counts.get(key) ?? 0) + count);
    return sketch;
  }

  add(value: number): void {
    const key = keyOf(value);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  merge(other: QuantileSketch): void {
    for (const [key, count] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
  }

  /** Buckets in ascending order of value, for storing. */
  entries(): [string, number][] {
    return [...this.counts].sort(([a], [b]) => valueOf(a) - valueOf(b));
  }

  /** The nearest-rank percentile p (0–100), or undefined for an empty sketch. */
  percentile(p: number): number | undefined {
    const buckets = this.entries();
    const total = buckets.reduce((sum, [, count]) => sum + count, 0);
    if (total === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [key, count] of buckets) {
      seen += count;
      if (seen >= rank) return valueOf(key);
    }
    return valueOf(buckets.at(-1)![0]);
  }
}
