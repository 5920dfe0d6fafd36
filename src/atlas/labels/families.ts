import type { Family } from './contract.ts';
import { meanSilhouette, wardCuts } from './clustering.ts';
import { liveFamilyWords, silentFamilyWords } from './family-naming.ts';
import { FAMILY_COUNT_MAX, FAMILY_COUNT_MIN } from './thresholds.ts';
import type { Finding } from './traits.ts';

export interface FamilyInputs {
  readonly layer: string;
  /** Filter index of each row. */
  readonly indices: readonly number[];
  readonly findings: readonly (readonly Finding[])[];
  /** Rows that are dead or respond to nothing: the silent family, not clustered. */
  readonly silent: readonly boolean[];
  /** Pearson matrices (rows × rows) of the profile's parts; their mean r gives the squared distance 2 − 2r̄. */
  readonly matrices: readonly Float64Array[];
}

export interface FamilyOutcome {
  readonly families: Family[];
  readonly candidates: { families: number; silhouette: number }[];
  readonly silhouette: number;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/**
 * The layer's families: the live filters clustered (Ward) at the count, among
 * FAMILY_COUNT_MIN..FAMILY_COUNT_MAX (the silent family counted in), with the best mean silhouette
 * (the smaller count on a tie); the silent filters in a family of their own.
 */
export function families(inputs: FamilyInputs): FamilyOutcome {
  const { indices, findings, matrices } = inputs;
  const total = indices.length;
  const live = indices.map((_, row) => row).filter((row) => !inputs.silent[row]);
  const silentRows = indices.map((_, row) => row).filter((row) => inputs.silent[row]);
  const n = live.length;
  const squared = new Float64Array(n * n);
  const distance = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let r = 0;
      for (const matrix of matrices) r += matrix[live[a]! * total + live[b]!]!;
      const d2 = a === b ? 0 : Math.max(0, 2 - (2 * r) / matrices.length);
      squared[a * n + b] = d2;
      distance[a * n + b] = Math.sqrt(d2);
    }
  }
  const maxLive = Math.min(FAMILY_COUNT_MAX - (silentRows.length > 0 ? 1 : 0), n - 1);
  const counts = Array.from({ length: Math.max(0, maxLive - FAMILY_COUNT_MIN + 1) }, (_, k) => FAMILY_COUNT_MIN + k);
  const cuts = wardCuts(squared, n, counts.length > 0 ? counts : [Math.min(n, 1)]);
  const candidates = counts.map((families) => ({ families, silhouette: round(meanSilhouette(distance, n, cuts.get(families)!)) }));
  const best = candidates.reduce<{ families: number; silhouette: number } | undefined>((top, candidate) => (!top || candidate.silhouette > top.silhouette ? candidate : top), undefined);
  const label = n === 0 ? new Int32Array(0) : cuts.get(best?.families ?? 1)!;

  const out: Family[] = [];
  const clusterCount = n === 0 ? 0 : Math.max(...label) + 1;
  for (let c = 0; c < clusterCount; c++) {
    const rows = Array.from({ length: n }, (_, a) => a).filter((a) => label[a] === c);
    const spread = (a: number): number => rows.reduce((sum, b) => sum + distance[a * n + b]!, 0);
    const typical = [...rows].sort((a, b) => spread(a) - spread(b) || indices[live[a]!]! - indices[live[b]!]!).map((a) => live[a]!);
    const words = liveFamilyWords(typical.map((row) => findings[row]!), findings, indices[typical[0]!]!);
    out.push({ layer: inputs.layer, id: words.id, name: words.name, description: words.description, members: typical.map((row) => indices[row]!), share: round(rows.length / total) });
  }
  distinguishNames(out);
  if (silentRows.length > 0) {
    const words = silentFamilyWords(silentRows.length);
    out.push({ layer: inputs.layer, id: words.id, name: words.name, description: words.description, members: silentRows.map((row) => indices[row]!), share: round(silentRows.length / total) });
  }
  out.sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
  return { families: out, candidates, silhouette: best?.silhouette ?? 0 };
}

/** Families of one layer that got the same name are told apart by their most typical member. */
function distinguishNames(list: Family[]): void {
  const byName = new Map<string, Family[]>();
  for (const family of list) byName.set(family.name.en, [...(byName.get(family.name.en) ?? []), family]);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    for (const family of same) {
      const typical = family.members[0]!;
      family.name = { en: `${family.name.en} (typical: filter ${typical})`, ko: `${family.name.ko} (대표: 필터 ${typical})` };
    }
  }
}
