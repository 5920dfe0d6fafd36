import type { ExampleEntry } from '../../engine/examples/example-entry.ts';
import { imageClass } from '../../engine/examples/maxima.ts';
import { className } from './classes.ts';
import { RARE_TRAIT, SPARSE_TRAIT, classTrait, type Finding } from './traits.ts';
import { CLASS_LIFT_MIN, CLASS_MIN_COUNT, RARE_FIRE_RATE_MAX, SPARSE_RESPONSE_SHARE_MIN, SPARSITY_TOP_SHARE } from './thresholds.ts';

/** The facts a filter's dataset examples single out: how rarely it fires, how sparse it is, which class dominates its top. */

function percent(share: number): number {
  return Math.round(share * 100);
}

export function fireRateFact(entry: ExampleEntry): Finding | undefined {
  const rate = entry.stats.fireRate;
  if (rate > RARE_FIRE_RATE_MAX) return undefined;
  const text = rate === 0 ? { en: 'never fires on the example images', ko: '예시 이미지에서 전혀 반응하지 않음' } : { en: `fires on only ${percent(rate)}% of images`, ko: `이미지의 ${percent(rate)}%에서만 반응` };
  return { fact: { kind: 'fireRate', section: 'examples-stats', value: rate, text }, trait: RARE_TRAIT };
}

/** The share of the positive maxima carried by the SPARSITY_TOP_SHARE of images with the largest; undefined without a positive one. */
export function topShare(maxima: Float32Array): number | undefined {
  const positive = Array.from(maxima, (value) => Math.max(0, value)).sort((a, b) => b - a);
  const total = positive.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return undefined;
  const top = positive.slice(0, Math.max(1, Math.round(positive.length * SPARSITY_TOP_SHARE))).reduce((sum, value) => sum + value, 0);
  return top / total;
}

export function sparsityFact(maxima: Float32Array | undefined): Finding | undefined {
  const share = maxima && topShare(maxima);
  if (share === undefined || share < SPARSE_RESPONSE_SHARE_MIN) return undefined;
  const top = percent(SPARSITY_TOP_SHARE);
  return {
    fact: {
      kind: 'sparsity',
      section: 'examples-stats',
      value: Math.round(share * 1e4) / 1e4,
      text: { en: `sparse: ${top}% of images carry ${percent(share)}% of its response`, ko: `반응의 ${percent(share)}%가 이미지 ${top}%에 몰림` },
    },
    trait: SPARSE_TRAIT,
  };
}

/** The class that holds most of the top examples, when it holds CLASS_MIN_COUNT and CLASS_LIFT_MIN times its share of the set. */
export function classFact(entry: ExampleEntry, classes: ReadonlyMap<string, number> | undefined): Finding | undefined {
  if (!classes || entry.top.length === 0) return undefined;
  const total = [...classes.values()].reduce((sum, count) => sum + count, 0);
  const counts = new Map<string, number>();
  for (const example of entry.top) {
    const folder = imageClass(example.image);
    if (folder !== undefined) counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const [folder, count] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] ?? [];
  if (folder === undefined || count === undefined || count < CLASS_MIN_COUNT) return undefined;
  const lift = count / entry.top.length / ((classes.get(folder) ?? 0) / total);
  if (!(lift >= CLASS_LIFT_MIN)) return undefined;
  const name = className(folder);
  const k = entry.top.length;
  return {
    fact: { kind: 'classes', section: 'examples-top', value: count, text: { en: `${name.en}: ${count} of its top ${k}`, ko: `상위 ${k}장 중 ${count}장이 ${name.ko}` } },
    trait: classTrait(folder, name),
  };
}
